namespace GridGovernance.Domain.Cases;

/// <summary>One legal move of a case. <paramref name="Guard"/> names, in Chinese, a condition on the context (null: none).</summary>
public sealed record CaseTransition(CaseState From, CaseAction Action, CaseState To, string? Guard = null);
