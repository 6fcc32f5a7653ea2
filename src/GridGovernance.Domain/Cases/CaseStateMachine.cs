using System.Text;

namespace GridGovernance.Domain.Cases;

/// <summary>
/// The pure transition function of a case: the one place that says which move is legal. The table
/// <see cref="Transitions"/> lists every legal move; <see cref="Decide(CaseState, CaseAction, CaseContext)"/> looks the move up,
/// then checks the guard and the action's arguments. Who may act is <see cref="CasePermissions"/>' business, not this.
/// </summary>
public static class CaseStateMachine
{
    /// <summary>Every new case starts here, whatever its channel.</summary>
    public const CaseState Initial = CaseState.Reported;

    private const string PatrolGuard = "巡查上报免核实";
    private const string UnitsGuard = "由承办单位处置";
    private const string VillageGuard = "由村级处置";

    public static IReadOnlyList<CaseTransition> Transitions { get; } =
    [
        new(CaseState.Reported, CaseAction.Verify, CaseState.Verified),
        new(CaseState.Reported, CaseAction.Accept, CaseState.Accepted, PatrolGuard),
        new(CaseState.Reported, CaseAction.Void, CaseState.Voided),
        new(CaseState.Reported, CaseAction.ResolveOnSpot, CaseState.ClosedOnSpot),
        new(CaseState.Reported, CaseAction.Escalate, CaseState.VillageHandling),

        new(CaseState.Verified, CaseAction.Accept, CaseState.Accepted),
        new(CaseState.Verified, CaseAction.Void, CaseState.Voided),
        new(CaseState.Verified, CaseAction.ResolveOnSpot, CaseState.ClosedOnSpot),
        new(CaseState.Verified, CaseAction.Escalate, CaseState.VillageHandling),

        new(CaseState.Accepted, CaseAction.ResolveOnSpot, CaseState.ClosedOnSpot),
        new(CaseState.Accepted, CaseAction.HandToVillage, CaseState.VillageHandling),
        new(CaseState.Accepted, CaseAction.Dispatch, CaseState.Dispatched),
        new(CaseState.Accepted, CaseAction.Whistle, CaseState.Dispatched),
        new(CaseState.Accepted, CaseAction.Shelve, CaseState.Shelved),
        new(CaseState.Accepted, CaseAction.Terminate, CaseState.Terminated),

        new(CaseState.VillageHandling, CaseAction.VillageResolve, CaseState.PendingCheck),
        new(CaseState.VillageHandling, CaseAction.Escalate, CaseState.Accepted),
        new(CaseState.VillageHandling, CaseAction.Dispatch, CaseState.Dispatched),
        new(CaseState.VillageHandling, CaseAction.Whistle, CaseState.Dispatched),
        new(CaseState.VillageHandling, CaseAction.Shelve, CaseState.Shelved),
        new(CaseState.VillageHandling, CaseAction.Terminate, CaseState.Terminated),

        // Re-dispatching after a return and adding units to a running job both keep the case dispatched.
        new(CaseState.Dispatched, CaseAction.Dispatch, CaseState.Dispatched),
        new(CaseState.Dispatched, CaseAction.Whistle, CaseState.Dispatched),
        new(CaseState.Dispatched, CaseAction.AllOrdersDone, CaseState.PendingCheck),
        new(CaseState.Dispatched, CaseAction.AllOrdersReturned, CaseState.Accepted),
        new(CaseState.Dispatched, CaseAction.Shelve, CaseState.Shelved),
        new(CaseState.Dispatched, CaseAction.Terminate, CaseState.Terminated),

        new(CaseState.PendingCheck, CaseAction.CheckPass, CaseState.Closed),
        new(CaseState.PendingCheck, CaseAction.CheckFail, CaseState.Rework),

        new(CaseState.Rework, CaseAction.AllOrdersDone, CaseState.PendingCheck, UnitsGuard),
        new(CaseState.Rework, CaseAction.VillageResolve, CaseState.PendingCheck, VillageGuard),
        new(CaseState.Rework, CaseAction.Shelve, CaseState.Shelved),
        new(CaseState.Rework, CaseAction.Terminate, CaseState.Terminated),

        new(CaseState.ClosedOnSpot, CaseAction.Revisit, CaseState.Revisited),
        new(CaseState.ClosedOnSpot, CaseAction.Archive, CaseState.Archived),
        new(CaseState.Closed, CaseAction.Revisit, CaseState.Revisited),
        new(CaseState.Closed, CaseAction.Archive, CaseState.Archived),
        new(CaseState.Revisited, CaseAction.Archive, CaseState.Archived),

        // A resident's 不满意 reopens a closed case: it is worked again (返工), as after a failed check.
        new(CaseState.ClosedOnSpot, CaseAction.Reopen, CaseState.Rework),
        new(CaseState.Closed, CaseAction.Reopen, CaseState.Rework),
        new(CaseState.Revisited, CaseAction.Reopen, CaseState.Rework),

        new(CaseState.Shelved, CaseAction.HandToVillage, CaseState.VillageHandling),
        new(CaseState.Shelved, CaseAction.Dispatch, CaseState.Dispatched),
        new(CaseState.Shelved, CaseAction.Whistle, CaseState.Dispatched),
        new(CaseState.Shelved, CaseAction.Terminate, CaseState.Terminated),

        new(CaseState.Terminated, CaseAction.Archive, CaseState.Archived),
    ];

    private static readonly Dictionary<(CaseState, CaseAction), CaseTransition> ByMove =
        Transitions.ToDictionary(t => (t.From, t.Action));

    /// <summary>A decision that needs no context (e.g. <see cref="CaseAction.ResolveOnSpot"/> at intake).</summary>
    public static CaseDecision Decide(CaseState state, CaseAction action) => Decide(state, action, CaseContext.None);

    public static CaseDecision Decide(CaseState state, CaseAction action, CaseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!ByMove.TryGetValue((state, action), out var move))
            return CaseDecision.Refuse(state.IsOpen()
                ? $"案件处于“{state.Chinese()}”状态，不能{action.Chinese()}。"
                : $"案件{state.Chinese()}，不能再{action.Chinese()}。"); // pages and tests already show this wording for closed cases
        var problem = GuardProblem(move, context) ?? ArgumentProblem(action, context);
        return problem is null ? CaseDecision.To(move.To) : CaseDecision.Refuse(problem);
    }

    /// <summary>The legal actions from <paramref name="state"/> (before guards and arguments): what a page may offer.</summary>
    public static IReadOnlyList<CaseAction> ActionsFrom(CaseState state) =>
        Transitions.Where(t => t.From == state).Select(t => t.Action).ToList();

    /// <summary>Patrol channels: the reporter is already a trusted person on the spot, so 核实 may be skipped.</summary>
    public static bool IsPatrol(CaseSource source) => source is CaseSource.GridWorker or CaseSource.LinkLeader;

    private static string? GuardProblem(CaseTransition move, CaseContext context) => move.Guard switch
    {
        PatrolGuard when context.Source is null => "案件来源不明，须先核实，才能受理立案。",
        PatrolGuard when !IsPatrol(context.Source!.Value) => $"{context.Source!.Value.Chinese()}的案件须先经网格员核实，才能受理立案。",
        UnitsGuard when context.HandledByVillage => "该案件由村级处置，返工完成后应由村（社区）办结。",
        VillageGuard when !context.HandledByVillage => "该案件由承办单位处置，返工完成后应待全部单位反馈再核查。",
        _ => null,
    };

    private static string? ArgumentProblem(CaseAction action, CaseContext context) => action switch
    {
        CaseAction.Void => ReasonProblem(context.Reason, "作废须填写原因。"),
        CaseAction.Shelve => ReasonProblem(context.Reason, "挂账须填写书面说明。"),
        CaseAction.Terminate => ReasonProblem(context.Reason, "终止办理须填写审核意见。"),
        CaseAction.CheckFail => ReasonProblem(context.Reason, "核查不通过须说明原因。"),
        CaseAction.Dispatch when context.UnitCount < 1 => "请选择承办单位。",
        CaseAction.Dispatch when context.UnitCount > 1 => "派遣只能指定一个承办单位；要召集多个单位请吹哨。",
        CaseAction.Whistle when context.UnitCount < 1 => "吹哨须至少召集一个单位。",
        CaseAction.Whistle when context.WhistleKind is null => "请选择哨型（日常哨、攻坚哨或应急哨）。",
        CaseAction.CheckPass when context.ClosureType is null => "结案须选择结案类型（正常、超时、差错或特殊）。",
        CaseAction.Revisit when context.Rating is null => "回访须记录满意度。",
        _ => null,
    };

    private static string? ReasonProblem(string? reason, string missing)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0) return missing;
        return text.Length > CaseContext.MaxReasonLength ? $"说明最多 {CaseContext.MaxReasonLength} 字，当前 {text.Length} 字。" : null;
    }

    /// <summary>
    /// The lifecycle as a Mermaid state diagram (the README's diagram is generated from this). Node ids are the stored
    /// codes, labels the Chinese names; a guard shows in brackets after the action.
    /// </summary>
    public static string ToMermaid()
    {
        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        foreach (var state in CaseStates.All)
            text.Append($"    state \"{state.Chinese()}\" as {state.Code()}\n");
        text.Append($"    [*] --> {Initial.Code()}\n");
        foreach (var t in Transitions)
            text.Append($"    {t.From.Code()} --> {t.To.Code()}: {t.Action.Chinese()}{(t.Guard is null ? "" : $"（{t.Guard}）")}\n");
        foreach (var state in CaseStates.All.Where(s => s.IsFinal()))
            text.Append($"    {state.Code()} --> [*]\n");
        return text.ToString();
    }
}
