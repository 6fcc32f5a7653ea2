namespace GridGovernance.Domain.Cases;

/// <summary>The order after the action, or a refusal in Chinese.</summary>
public readonly record struct WorkOrderDecision(WorkOrder? Next, string? Refusal)
{
    public bool Allowed => Next is not null;

    public static WorkOrderDecision To(WorkOrder next) => new(next, null);

    public static WorkOrderDecision Refuse(string reason) => new(null, reason);
}
