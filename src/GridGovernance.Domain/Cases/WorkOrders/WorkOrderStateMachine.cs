using System.Text;

namespace GridGovernance.Domain.Cases;

/// <summary>
/// The pure transition function of one unit's work order: 待签收 → 已签收 → (已报到) → 处置中 → 已反馈, with 退单, 延期,
/// 挂账, 返工 and 撤回. <see cref="Transitions"/> lists every legal move; extension requests keep the state and change
/// <see cref="WorkOrder.Extension"/>.
/// </summary>
public static class WorkOrderStateMachine
{
    private const string DispatchGuard = "派遣单；吹哨单须先报到";
    private const string PendingExtensionGuard = "有待审批的延期申请";
    private const string BeforeDeadlineGuard = "办理时限到期前";

    private static readonly WorkOrderState[] Working = [WorkOrderState.SignedFor, WorkOrderState.Arrived, WorkOrderState.InProgress];

    public static IReadOnlyList<WorkOrderTransition> Transitions { get; } = Build();

    private static List<WorkOrderTransition> Build()
    {
        List<WorkOrderTransition> list =
        [
            new(WorkOrderState.Pending, WorkOrderAction.Sign, WorkOrderState.SignedFor),
            new(WorkOrderState.Pending, WorkOrderAction.Return, WorkOrderState.Returned),
            new(WorkOrderState.Pending, WorkOrderAction.Withdraw, WorkOrderState.Withdrawn),
            new(WorkOrderState.SignedFor, WorkOrderAction.Arrive, WorkOrderState.Arrived),
            new(WorkOrderState.SignedFor, WorkOrderAction.Start, WorkOrderState.InProgress, DispatchGuard),
            new(WorkOrderState.SignedFor, WorkOrderAction.Return, WorkOrderState.Returned),
            new(WorkOrderState.Arrived, WorkOrderAction.Start, WorkOrderState.InProgress),
            new(WorkOrderState.InProgress, WorkOrderAction.Feedback, WorkOrderState.FedBack),
            new(WorkOrderState.FedBack, WorkOrderAction.Rework, WorkOrderState.InProgress),
        ];
        foreach (var state in Working)
        {
            list.Add(new(state, WorkOrderAction.RequestExtension, state, BeforeDeadlineGuard));
            list.Add(new(state, WorkOrderAction.ApproveExtension, state, PendingExtensionGuard));
            list.Add(new(state, WorkOrderAction.RefuseExtension, state, PendingExtensionGuard));
            list.Add(new(state, WorkOrderAction.Shelve, WorkOrderState.Shelved));
            list.Add(new(state, WorkOrderAction.Withdraw, WorkOrderState.Withdrawn));
        }
        return list.OrderBy(t => t.From).ThenBy(t => t.Action).ToList();
    }

    private static readonly Dictionary<(WorkOrderState, WorkOrderAction), WorkOrderTransition> ByMove =
        Transitions.ToDictionary(t => (t.From, t.Action));

    public static WorkOrderDecision Decide(WorkOrder order, WorkOrderAction action, WorkOrderContext context)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(context);
        if (!ByMove.TryGetValue((order.State, action), out var move))
            return WorkOrderDecision.Refuse($"工单处于“{order.State.Chinese()}”状态，不能{action.Chinese()}。");
        if (Problem(order, action, context) is { } problem) return WorkOrderDecision.Refuse(problem);
        return WorkOrderDecision.To(Apply(order, move, context));
    }

    /// <summary>The legal actions from <paramref name="state"/> (before guards and arguments): what a page may offer.</summary>
    public static IReadOnlyList<WorkOrderAction> ActionsFrom(WorkOrderState state) =>
        Transitions.Where(t => t.From == state).Select(t => t.Action).ToList();

    /// <summary>
    /// What a page offers for this order: the legal moves minus those its guard refuses on the order's own facts — a whistled
    /// unit is offered 开始处置 only after 报到 (offering it before, only to refuse it, was a trap).
    /// </summary>
    public static IReadOnlyList<WorkOrderAction> Offered(WorkOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return ActionsFrom(order.State)
            .Where(a => !(a == WorkOrderAction.Start && order.IsWhistle && order.State == WorkOrderState.SignedFor))
            .ToList();
    }

    private static string? Problem(WorkOrder order, WorkOrderAction action, WorkOrderContext context) => action switch
    {
        WorkOrderAction.Start when order.IsWhistle && order.State == WorkOrderState.SignedFor => "吹哨召集的单位须先到场报到，才能开始处置。",
        WorkOrderAction.Arrive when context.Longitude is null || context.Latitude is null => "报到须提供当前位置（经纬度）。",
        WorkOrderAction.Arrive => ReportRules.PositionProblem(context.Longitude, context.Latitude),
        WorkOrderAction.Feedback => Reason(context, "反馈须填写处置情况。") ?? (context.PhotoCount < 1 ? "反馈须附至少一张处置后照片。" : null),
        WorkOrderAction.Return => Reason(context, "退单须说明理由。"),
        WorkOrderAction.Shelve => Reason(context, "挂账须填写书面说明。"),
        WorkOrderAction.Rework => Reason(context, "返工须说明核查不通过的原因。"),
        WorkOrderAction.Withdraw => Reason(context, "撤回须说明原因。"),
        WorkOrderAction.RequestExtension when order.Extension == ExtensionStatus.Requested => "已有待审批的延期申请。",
        WorkOrderAction.RequestExtension when context.Now >= order.Deadline => "办理时限已到，不能再申请延期。",
        WorkOrderAction.RequestExtension when context.RequestedDeadline is not { } wanted || wanted <= order.Deadline =>
            "申请的新时限须晚于当前时限。",
        WorkOrderAction.RequestExtension => Reason(context, "申请延期须说明理由。"),
        WorkOrderAction.ApproveExtension when order.Extension != ExtensionStatus.Requested => "没有待审批的延期申请。",
        WorkOrderAction.RefuseExtension when order.Extension != ExtensionStatus.Requested => "没有待审批的延期申请。",
        WorkOrderAction.RefuseExtension => Reason(context, "驳回延期须说明理由。"),
        _ => null,
    };

    private static string? Reason(WorkOrderContext context, string missing)
    {
        var text = context.Reason?.Trim() ?? "";
        if (text.Length == 0) return missing;
        return text.Length > WorkOrderContext.MaxReasonLength ? $"说明最多 {WorkOrderContext.MaxReasonLength} 字，当前 {text.Length} 字。" : null;
    }

    private static WorkOrder Apply(WorkOrder order, WorkOrderTransition move, WorkOrderContext context)
    {
        var next = order with { State = move.To };
        switch (move.Action)
        {
            case WorkOrderAction.RequestExtension:
                return next with { Extension = ExtensionStatus.Requested, RequestedDeadline = context.RequestedDeadline };
            case WorkOrderAction.ApproveExtension:
                return next with { Extension = ExtensionStatus.Approved, Deadline = order.RequestedDeadline!.Value, RequestedDeadline = null };
            case WorkOrderAction.RefuseExtension:
                return next with { Extension = ExtensionStatus.Refused, RequestedDeadline = null };
            case WorkOrderAction.Rework:
                return next with { ReworkCount = order.ReworkCount + 1 };
            default:
                // A request nobody answered lapses once the unit no longer owes work: nothing is left to extend.
                return !move.To.IsActive() && order.Extension == ExtensionStatus.Requested
                    ? next with { Extension = ExtensionStatus.None, RequestedDeadline = null }
                    : next;
        }
    }

    /// <summary>The work-order lifecycle as a Mermaid state diagram; extension self-loops are drawn once per state.</summary>
    public static string ToMermaid()
    {
        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        foreach (var state in WorkOrderStates.All)
            text.Append($"    state \"{state.Chinese()}\" as {state.Code()}\n");
        text.Append($"    [*] --> {WorkOrderState.Pending.Code()}\n");
        foreach (var t in Transitions.Where(t => t.Action is not (WorkOrderAction.ApproveExtension or WorkOrderAction.RefuseExtension)))
        {
            var label = t.Action == WorkOrderAction.RequestExtension ? "申请延期 / 批准 / 驳回" : t.Action.Chinese();
            text.Append($"    {t.From.Code()} --> {t.To.Code()}: {label}{(t.Guard is null ? "" : $"（{t.Guard}）")}\n");
        }
        foreach (var state in WorkOrderStates.All.Where(s => Transitions.All(t => t.From != s)))
            text.Append($"    {state.Code()} --> [*]\n");
        return text.ToString();
    }
}
