namespace GridGovernance.Domain.Cases;

/// <summary>What someone asks to do to a work order; <see cref="WorkOrderStateMachine.Decide"/> says whether it may.</summary>
public enum WorkOrderAction
{
    Sign,             // 签收
    Arrive,           // 报到: on site, with position and time
    Start,            // 开始处置
    Feedback,         // 反馈: result with after-photos
    Return,           // 退单: with reasons
    RequestExtension, // 申请延期: before the deadline
    ApproveExtension, // 批准延期 (dispatcher)
    RefuseExtension,  // 驳回延期 (dispatcher)
    Shelve,           // 挂账: with a written explanation
    Rework,           // 返工: the case's check failed; counted against the unit
    Withdraw,         // 撤回 (dispatcher)
}

public static class WorkOrderActions
{
    public static IReadOnlyList<WorkOrderAction> All { get; } = Enum.GetValues<WorkOrderAction>();

    public static string Chinese(this WorkOrderAction action) => action switch
    {
        WorkOrderAction.Sign => "签收",
        WorkOrderAction.Arrive => "报到",
        WorkOrderAction.Start => "开始处置",
        WorkOrderAction.Feedback => "反馈",
        WorkOrderAction.Return => "退单",
        WorkOrderAction.RequestExtension => "申请延期",
        WorkOrderAction.ApproveExtension => "批准延期",
        WorkOrderAction.RefuseExtension => "驳回延期",
        WorkOrderAction.Shelve => "挂账",
        WorkOrderAction.Rework => "返工",
        WorkOrderAction.Withdraw => "撤回",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static string Code(this WorkOrderAction action) => action switch
    {
        WorkOrderAction.Sign => "sign",
        WorkOrderAction.Arrive => "arrive",
        WorkOrderAction.Start => "start",
        WorkOrderAction.Feedback => "feedback",
        WorkOrderAction.Return => "return",
        WorkOrderAction.RequestExtension => "request_extension",
        WorkOrderAction.ApproveExtension => "approve_extension",
        WorkOrderAction.RefuseExtension => "refuse_extension",
        WorkOrderAction.Shelve => "shelve",
        WorkOrderAction.Rework => "rework",
        WorkOrderAction.Withdraw => "withdraw",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static WorkOrderAction? FromCode(string? code) => All.Cast<WorkOrderAction?>().FirstOrDefault(a => a!.Value.Code() == code);
}
