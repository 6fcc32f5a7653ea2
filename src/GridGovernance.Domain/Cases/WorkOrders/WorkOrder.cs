namespace GridGovernance.Domain.Cases;

/// <summary>
/// What the work-order machine needs to know about one order: a value the web layer reads from its row and writes back
/// after a decision. <paramref name="IsWhistle"/>: the unit was whistled, so it must report on site before working.
/// </summary>
public sealed record WorkOrder(WorkOrderState State, bool IsWhistle, DateTimeOffset Deadline)
{
    public ExtensionStatus Extension { get; init; } = ExtensionStatus.None;

    /// <summary>The deadline asked for by a pending request.</summary>
    public DateTimeOffset? RequestedDeadline { get; init; }

    /// <summary>How many times a failed check sent it back (返工次数, counted against the unit).</summary>
    public int ReworkCount { get; init; }

    public static WorkOrder New(bool isWhistle, DateTimeOffset deadline) => new(WorkOrderState.Pending, isWhistle, deadline);
}
