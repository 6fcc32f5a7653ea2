namespace GridGovernance.Domain.Cases;

/// <summary>
/// What a decision needs besides the state: facts about the case and the arguments of the action. Only the fields an
/// action needs are read (see <see cref="CaseStateMachine.Decide(CaseState, CaseAction, CaseContext)"/>).
/// </summary>
public sealed record CaseContext
{
    public static CaseContext None { get; } = new();

    public const int MaxReasonLength = 2000;

    /// <summary>The channel the case came in; patrol sources may be filed without 核实.</summary>
    public CaseSource? Source { get; init; }

    /// <summary>True when the village (not dispatched units) handles the case; decides how a rework finishes.</summary>
    public bool HandledByVillage { get; init; }

    /// <summary>The written reason: 作废, 挂账 (书面说明), 终止办理 (审核意见), 核查不通过.</summary>
    public string? Reason { get; init; }

    /// <summary>How many units a 派遣 (exactly one) or 吹哨 (at least one) names.</summary>
    public int UnitCount { get; init; }

    public WhistleKind? WhistleKind { get; init; }

    public ClosureType? ClosureType { get; init; }

    /// <summary>The requester's answer at 回访.</summary>
    public Satisfaction? Rating { get; init; }
}
