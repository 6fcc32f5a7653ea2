namespace GridGovernance.Domain.Cases;

/// <summary>Where one unit's work order (派遣单/吹哨单) stands. Stored by <see cref="WorkOrderStates.Code"/>.</summary>
public enum WorkOrderState
{
    /// <summary>待签收: sent to the unit, not yet acknowledged.</summary>
    Pending,

    /// <summary>已签收: the unit acknowledged it.</summary>
    SignedFor,

    /// <summary>已报到: the unit arrived on site (position and time recorded); required before work on a whistle.</summary>
    Arrived,

    /// <summary>处置中.</summary>
    InProgress,

    /// <summary>已反馈: the unit reported the result with after-photos; waits for the case's check.</summary>
    FedBack,

    /// <summary>已退单: the unit is not responsible and returned it with reasons. Final; the dispatcher re-dispatches.</summary>
    Returned,

    /// <summary>已挂账: cannot be solved now; written explanation. Final.</summary>
    Shelved,

    /// <summary>已撤回: the dispatcher withdrew it (case voided, terminated or re-planned). Final.</summary>
    Withdrawn,
}

public static class WorkOrderStates
{
    public static IReadOnlyList<WorkOrderState> All { get; } = Enum.GetValues<WorkOrderState>();

    public static string Chinese(this WorkOrderState state) => state switch
    {
        WorkOrderState.Pending => "待签收",
        WorkOrderState.SignedFor => "已签收",
        WorkOrderState.Arrived => "已报到",
        WorkOrderState.InProgress => "处置中",
        WorkOrderState.FedBack => "已反馈",
        WorkOrderState.Returned => "已退单",
        WorkOrderState.Shelved => "已挂账",
        WorkOrderState.Withdrawn => "已撤回",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static string Code(this WorkOrderState state) => state switch
    {
        WorkOrderState.Pending => "pending",
        WorkOrderState.SignedFor => "signed",
        WorkOrderState.Arrived => "arrived",
        WorkOrderState.InProgress => "in_progress",
        WorkOrderState.FedBack => "fed_back",
        WorkOrderState.Returned => "returned",
        WorkOrderState.Shelved => "shelved",
        WorkOrderState.Withdrawn => "withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static WorkOrderState? FromCode(string? code) => All.Cast<WorkOrderState?>().FirstOrDefault(s => s!.Value.Code() == code);

    /// <summary>
    /// The order still binds its unit to the case: every state but 退单 and 撤回. One live order per unit and case (a unit
    /// that returned or was withdrawn may be summoned again); department staff see a case while their unit has a live order.
    /// </summary>
    public static bool IsLive(this WorkOrderState state) => state is not (WorkOrderState.Returned or WorkOrderState.Withdrawn);

    /// <summary>A whistled unit has not reported on site yet (待签收, 已签收): its arrival limit is still the question.</summary>
    public static bool IsAwaitingArrival(this WorkOrderState state) => state is WorkOrderState.Pending or WorkOrderState.SignedFor;

    /// <summary>The unit still owes work: its clock runs and it may ask for an extension.</summary>
    public static bool IsActive(this WorkOrderState state) =>
        state is WorkOrderState.Pending or WorkOrderState.SignedFor or WorkOrderState.Arrived or WorkOrderState.InProgress;
}
