namespace GridGovernance.Domain.Cases;

/// <summary>One legal move of a work order; <paramref name="Guard"/> names a condition in Chinese (null: none).</summary>
public sealed record WorkOrderTransition(WorkOrderState From, WorkOrderAction Action, WorkOrderState To, string? Guard = null);
