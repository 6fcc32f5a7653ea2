namespace GridGovernance.Domain.Cases;

/// <summary>
/// Where a case stands in the closed loop. Issue 4 adds 核实/受理/立案/派遣/处置/核查/结案 here; the values are stored by
/// <see cref="CaseStates.Code"/>, so adding members never renumbers stored rows.
/// </summary>
public enum CaseState
{
    /// <summary>已上报: received, waiting for the township to verify and accept it.</summary>
    Reported,

    /// <summary>已办结·现场处置: a 微事 the grid worker settled on the spot (小事不出村, 微事不出网格).</summary>
    ClosedOnSpot,
}

/// <summary>What someone asks to do to a case; <see cref="CaseStateMachine.Decide"/> says whether it may.</summary>
public enum CaseAction
{
    /// <summary>The grid worker closes a 微事 on the spot.</summary>
    ResolveOnSpot,
}

public static class CaseStates
{
    public static string Chinese(this CaseState state) => state switch
    {
        CaseState.Reported => "已上报",
        CaseState.ClosedOnSpot => "已办结·现场处置",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static string Code(this CaseState state) => state switch
    {
        CaseState.Reported => "reported",
        CaseState.ClosedOnSpot => "closed_on_spot",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static CaseState? FromCode(string? code) =>
        Enum.GetValues<CaseState>().Cast<CaseState?>().FirstOrDefault(s => s!.Value.Code() == code);

    /// <summary>Closed cases can be rated by the resident (回访) and take no further actions.</summary>
    public static bool IsClosed(this CaseState state) => state is CaseState.ClosedOnSpot;

    public static string Chinese(this CaseAction action) => action switch
    {
        CaseAction.ResolveOnSpot => "现场处置办结",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}

/// <summary>The outcome of a decision: the new state, or a refusal with the reason in Chinese.</summary>
public readonly record struct CaseDecision(CaseState? NewState, string? Refusal)
{
    public bool Allowed => NewState is not null;

    public static CaseDecision To(CaseState state) => new(state, null);

    public static CaseDecision Refuse(string reason) => new(null, reason);
}

/// <summary>The pure transition function of a case: the one place that says which move is legal.</summary>
public static class CaseStateMachine
{
    /// <summary>Every new case starts here, whatever its channel.</summary>
    public const CaseState Initial = CaseState.Reported;

    public static CaseDecision Decide(CaseState state, CaseAction action) => (state, action) switch
    {
        (CaseState.Reported, CaseAction.ResolveOnSpot) => CaseDecision.To(CaseState.ClosedOnSpot),
        _ when state.IsClosed() => CaseDecision.Refuse($"案件{state.Chinese()}，不能再{action.Chinese()}。"),
        _ => CaseDecision.Refuse($"案件处于“{state.Chinese()}”状态，不能{action.Chinese()}。"),
    };
}
