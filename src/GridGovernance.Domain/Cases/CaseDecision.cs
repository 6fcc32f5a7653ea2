namespace GridGovernance.Domain.Cases;

/// <summary>The outcome of a decision: the new state, or a refusal with the reason in Chinese.</summary>
public readonly record struct CaseDecision(CaseState? NewState, string? Refusal)
{
    public bool Allowed => NewState is not null;

    public static CaseDecision To(CaseState state) => new(state, null);

    public static CaseDecision Refuse(string reason) => new(null, reason);
}
