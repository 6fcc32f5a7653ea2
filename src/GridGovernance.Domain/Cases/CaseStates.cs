namespace GridGovernance.Domain.Cases;

public static class CaseStates
{
    public static IReadOnlyList<CaseState> All { get; } = Enum.GetValues<CaseState>();

    public static string Chinese(this CaseState state) => state switch
    {
        CaseState.Reported => "已上报",
        CaseState.ClosedOnSpot => "已办结·现场处置",
        CaseState.Verified => "已核实",
        CaseState.Accepted => "已立案",
        CaseState.Voided => "已作废",
        CaseState.VillageHandling => "村级处置中",
        CaseState.Dispatched => "已派遣·处置中",
        CaseState.PendingCheck => "待核查",
        CaseState.Rework => "返工中",
        CaseState.Closed => "已结案",
        CaseState.Revisited => "已回访",
        CaseState.Shelved => "已挂账",
        CaseState.Terminated => "已终止办理",
        CaseState.Archived => "已归档",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>The value stored in case_file.state; never change a published code.</summary>
    public static string Code(this CaseState state) => state switch
    {
        CaseState.Reported => "reported",
        CaseState.ClosedOnSpot => "closed_on_spot",
        CaseState.Verified => "verified",
        CaseState.Accepted => "accepted",
        CaseState.Voided => "voided",
        CaseState.VillageHandling => "village_handling",
        CaseState.Dispatched => "dispatched",
        CaseState.PendingCheck => "pending_check",
        CaseState.Rework => "rework",
        CaseState.Closed => "closed",
        CaseState.Revisited => "revisited",
        CaseState.Shelved => "shelved",
        CaseState.Terminated => "terminated",
        CaseState.Archived => "archived",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static CaseState? FromCode(string? code) =>
        All.Cast<CaseState?>().FirstOrDefault(s => s!.Value.Code() == code);

    /// <summary>
    /// 办结: the problem was solved (on the spot or after a passed check), so the resident may rate it (回访). Archived cases
    /// are not counted: an archive may hold a terminated case, and a rating after archiving would change a closed file.
    /// </summary>
    public static bool IsClosed(this CaseState state) => state is CaseState.ClosedOnSpot or CaseState.Closed or CaseState.Revisited;

    /// <summary>Still someone's work: not solved, voided, terminated or archived. Shelved cases stay open (the backlog).</summary>
    public static bool IsOpen(this CaseState state) =>
        !state.IsClosed() && state is not (CaseState.Voided or CaseState.Terminated or CaseState.Archived);

    /// <summary>
    /// The case's time limit runs (from 立案 until the check passes) and 督办 watches it. A shelved (挂账) case waits in the
    /// backlog without a deadline.
    /// </summary>
    public static bool IsClockRunning(this CaseState state) =>
        state is CaseState.Accepted or CaseState.VillageHandling or CaseState.Dispatched or CaseState.PendingCheck or CaseState.Rework;

    /// <summary>No action can leave this state.</summary>
    public static bool IsFinal(this CaseState state) => CaseStateMachine.Transitions.All(t => t.From != state);
}
