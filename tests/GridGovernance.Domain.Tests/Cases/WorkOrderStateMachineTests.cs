using GridGovernance.Domain.Cases;

namespace GridGovernance.Domain.Tests.Cases;

public class WorkOrderStateMachineTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 11, 23, 17, 30, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset BeforeDeadline = Deadline.AddHours(-2);

    // Written out independently of WorkOrderStateMachine.Transitions: "from action to", by stored codes.
    private static readonly string[] ExpectedMoves =
    [
        "pending sign signed", "pending return returned", "pending withdraw withdrawn",
        "signed arrive arrived", "signed start in_progress", "signed return returned",
        "arrived start in_progress",
        "in_progress feedback fed_back",
        "fed_back rework in_progress",
        "signed request_extension signed", "signed approve_extension signed", "signed refuse_extension signed",
        "signed shelve shelved", "signed withdraw withdrawn",
        "arrived request_extension arrived", "arrived approve_extension arrived", "arrived refuse_extension arrived",
        "arrived shelve shelved", "arrived withdraw withdrawn",
        "in_progress request_extension in_progress", "in_progress approve_extension in_progress", "in_progress refuse_extension in_progress",
        "in_progress shelve shelved", "in_progress withdraw withdrawn",
    ];

    private static Dictionary<(WorkOrderState, WorkOrderAction), WorkOrderState> Expected() => ExpectedMoves
        .Select(line => line.Split(' '))
        .ToDictionary(p => (WorkOrderStates.FromCode(p[0])!.Value, WorkOrderActions.FromCode(p[1])!.Value), p => WorkOrderStates.FromCode(p[2])!.Value);

    private static WorkOrderContext Complete => new(BeforeDeadline)
    {
        Reason = "已清运完毕",
        Longitude = 106.56,
        Latitude = 24.35,
        PhotoCount = 2,
        RequestedDeadline = Deadline.AddDays(2),
    };

    private static WorkOrder OrderFor(WorkOrderState state, WorkOrderAction action) => new(state, IsWhistle: false, Deadline)
    {
        Extension = action is WorkOrderAction.ApproveExtension or WorkOrderAction.RefuseExtension ? ExtensionStatus.Requested : ExtensionStatus.None,
        RequestedDeadline = action is WorkOrderAction.ApproveExtension or WorkOrderAction.RefuseExtension ? Deadline.AddDays(1) : null,
    };

    [Fact]
    public void Every_order_state_and_action_pair_is_allowed_exactly_when_the_order_lifecycle_says_so()
    {
        var expected = Expected();
        foreach (var state in Enum.GetValues<WorkOrderState>())
        foreach (var action in Enum.GetValues<WorkOrderAction>())
        {
            var decision = WorkOrderStateMachine.Decide(OrderFor(state, action), action, Complete);
            if (expected.TryGetValue((state, action), out var to))
            {
                decision.Refusal.ShouldBeNull($"{state} × {action}");
                decision.Next!.State.ShouldBe(to);
            }
            else
            {
                decision.Allowed.ShouldBeFalse($"{state} × {action}");
                decision.Refusal.ShouldBe($"工单处于“{state.Chinese()}”状态，不能{action.Chinese()}。");
            }
        }
        WorkOrderStateMachine.Transitions.Select(t => (t.From, t.Action, t.To)).ToHashSet()
            .SetEquals(expected.Select(e => (e.Key.Item1, e.Key.Item2, e.Value))).ShouldBeTrue();
    }

    [Fact]
    public void A_whistled_unit_must_report_on_site_with_its_position_before_it_works()
    {
        var order = new WorkOrder(WorkOrderState.SignedFor, IsWhistle: true, Deadline);
        WorkOrderStateMachine.Decide(order, WorkOrderAction.Start, Complete).Refusal.ShouldBe("吹哨召集的单位须先到场报到，才能开始处置。");
        WorkOrderStateMachine.Decide(order, WorkOrderAction.Arrive, new WorkOrderContext(BeforeDeadline)).Refusal
            .ShouldBe("报到须提供当前位置（经纬度）。");
        WorkOrderStateMachine.Decide(order, WorkOrderAction.Arrive, new WorkOrderContext(BeforeDeadline) { Longitude = 200, Latitude = 24 })
            .Refusal.ShouldBe("位置坐标无效。");
        var arrived = WorkOrderStateMachine.Decide(order, WorkOrderAction.Arrive, Complete).Next!;
        arrived.State.ShouldBe(WorkOrderState.Arrived);
        WorkOrderStateMachine.Decide(arrived, WorkOrderAction.Start, Complete).Next!.State.ShouldBe(WorkOrderState.InProgress);
    }

    [Fact]
    public void A_whistled_unit_is_offered_to_start_only_after_reporting_in()
    {
        WorkOrderStateMachine.Offered(new WorkOrder(WorkOrderState.SignedFor, IsWhistle: true, Deadline)).ShouldNotContain(WorkOrderAction.Start);
        WorkOrderStateMachine.Offered(new WorkOrder(WorkOrderState.SignedFor, IsWhistle: true, Deadline)).ShouldContain(WorkOrderAction.Arrive);
        WorkOrderStateMachine.Offered(new WorkOrder(WorkOrderState.Arrived, IsWhistle: true, Deadline)).ShouldContain(WorkOrderAction.Start);
        WorkOrderStateMachine.Offered(new WorkOrder(WorkOrderState.SignedFor, IsWhistle: false, Deadline)).ShouldContain(WorkOrderAction.Start);
    }

    [Theory]
    [InlineData(0, "约 0 米")]
    [InlineData(123.4, "约 120 米")]
    [InlineData(299, "约 300 米")]
    [InlineData(4087, "约 4.1 公里")]
    public void A_reported_position_s_distance_reads_in_metres_or_kilometres(double metres, string expected)
    {
        ArrivalPlace.Distance(metres).ShouldBe(expected);
        ArrivalPlace.IsMismatch(metres, 300).ShouldBe(metres > 300);
    }

    [Fact]
    public void A_dispatched_unit_may_start_right_after_signing_for_it() =>
        WorkOrderStateMachine.Decide(new WorkOrder(WorkOrderState.SignedFor, IsWhistle: false, Deadline), WorkOrderAction.Start, Complete)
            .Next!.State.ShouldBe(WorkOrderState.InProgress);

    [Fact]
    public void Feedback_needs_an_account_of_the_work_and_an_after_photo()
    {
        var order = new WorkOrder(WorkOrderState.InProgress, false, Deadline);
        WorkOrderStateMachine.Decide(order, WorkOrderAction.Feedback, Complete with { Reason = null }).Refusal.ShouldBe("反馈须填写处置情况。");
        WorkOrderStateMachine.Decide(order, WorkOrderAction.Feedback, Complete with { PhotoCount = 0 }).Refusal.ShouldBe("反馈须附至少一张处置后照片。");
    }

    [Theory]
    [InlineData(WorkOrderState.Pending, WorkOrderAction.Return, "退单须说明理由。")]
    [InlineData(WorkOrderState.InProgress, WorkOrderAction.Shelve, "挂账须填写书面说明。")]
    [InlineData(WorkOrderState.FedBack, WorkOrderAction.Rework, "返工须说明核查不通过的原因。")]
    [InlineData(WorkOrderState.SignedFor, WorkOrderAction.Withdraw, "撤回须说明原因。")]
    public void Return_shelve_rework_and_withdraw_need_a_reason(WorkOrderState state, WorkOrderAction action, string refusal) =>
        WorkOrderStateMachine.Decide(new WorkOrder(state, false, Deadline), action, Complete with { Reason = " " }).Refusal.ShouldBe(refusal);

    [Fact]
    public void An_extension_is_asked_before_the_deadline_and_an_approval_moves_the_deadline()
    {
        var order = new WorkOrder(WorkOrderState.InProgress, false, Deadline);
        var wanted = Deadline.AddDays(3);
        WorkOrderStateMachine.Decide(order, WorkOrderAction.RequestExtension, Complete with { Now = Deadline, RequestedDeadline = wanted })
            .Refusal.ShouldBe("办理时限已到，不能再申请延期。");
        WorkOrderStateMachine.Decide(order, WorkOrderAction.RequestExtension, Complete with { RequestedDeadline = Deadline })
            .Refusal.ShouldBe("申请的新时限须晚于当前时限。");
        WorkOrderStateMachine.Decide(order, WorkOrderAction.RequestExtension, Complete with { RequestedDeadline = wanted, Reason = "" })
            .Refusal.ShouldBe("申请延期须说明理由。");
        WorkOrderStateMachine.Decide(order, WorkOrderAction.ApproveExtension, Complete).Refusal.ShouldBe("没有待审批的延期申请。");

        var requested = WorkOrderStateMachine.Decide(order, WorkOrderAction.RequestExtension, Complete with { RequestedDeadline = wanted }).Next!;
        requested.Extension.ShouldBe(ExtensionStatus.Requested);
        requested.Deadline.ShouldBe(Deadline);
        WorkOrderStateMachine.Decide(requested, WorkOrderAction.RequestExtension, Complete with { RequestedDeadline = wanted.AddDays(1) })
            .Refusal.ShouldBe("已有待审批的延期申请。");

        // The dispatcher may answer after the deadline passed: the unit asked in time.
        var approved = WorkOrderStateMachine.Decide(requested, WorkOrderAction.ApproveExtension, Complete with { Now = Deadline.AddHours(1) }).Next!;
        approved.Extension.ShouldBe(ExtensionStatus.Approved);
        approved.Deadline.ShouldBe(wanted);
        approved.RequestedDeadline.ShouldBeNull();
        approved.State.ShouldBe(WorkOrderState.InProgress);
    }

    [Fact]
    public void A_refused_extension_keeps_the_deadline_and_needs_a_reason()
    {
        var requested = new WorkOrder(WorkOrderState.SignedFor, false, Deadline)
            { Extension = ExtensionStatus.Requested, RequestedDeadline = Deadline.AddDays(1) };
        WorkOrderStateMachine.Decide(requested, WorkOrderAction.RefuseExtension, Complete with { Reason = null }).Refusal.ShouldBe("驳回延期须说明理由。");
        var refused = WorkOrderStateMachine.Decide(requested, WorkOrderAction.RefuseExtension, Complete).Next!;
        refused.Extension.ShouldBe(ExtensionStatus.Refused);
        refused.Deadline.ShouldBe(Deadline);
        refused.RequestedDeadline.ShouldBeNull();
    }

    [Fact]
    public void A_pending_extension_lapses_when_the_unit_feeds_back()
    {
        var requested = new WorkOrder(WorkOrderState.InProgress, false, Deadline)
            { Extension = ExtensionStatus.Requested, RequestedDeadline = Deadline.AddDays(1) };
        var fedBack = WorkOrderStateMachine.Decide(requested, WorkOrderAction.Feedback, Complete).Next!;
        fedBack.Extension.ShouldBe(ExtensionStatus.None);
        fedBack.RequestedDeadline.ShouldBeNull();
    }

    [Fact]
    public void Each_rework_is_counted_against_the_unit()
    {
        var order = new WorkOrder(WorkOrderState.FedBack, false, Deadline);
        var once = WorkOrderStateMachine.Decide(order, WorkOrderAction.Rework, Complete).Next!;
        once.State.ShouldBe(WorkOrderState.InProgress);
        once.ReworkCount.ShouldBe(1);
        var fedAgain = WorkOrderStateMachine.Decide(once, WorkOrderAction.Feedback, Complete).Next!;
        WorkOrderStateMachine.Decide(fedAgain, WorkOrderAction.Rework, Complete).Next!.ReworkCount.ShouldBe(2);
    }

    [Fact]
    public void A_unit_may_return_an_order_only_before_it_starts_work()
    {
        WorkOrderStateMachine.Decide(new WorkOrder(WorkOrderState.Arrived, true, Deadline), WorkOrderAction.Return, Complete)
            .Refusal.ShouldBe("工单处于“已报到”状态，不能退单。");
        WorkOrderStateMachine.Decide(WorkOrder.New(true, Deadline), WorkOrderAction.Return, Complete).Next!.State.ShouldBe(WorkOrderState.Returned);
    }

    [Fact]
    public void Order_codes_round_trip_and_the_diagram_shows_every_state()
    {
        foreach (var state in WorkOrderStates.All) WorkOrderStates.FromCode(state.Code()).ShouldBe(state);
        foreach (var action in WorkOrderActions.All) WorkOrderActions.FromCode(action.Code()).ShouldBe(action);
        foreach (var status in Enum.GetValues<ExtensionStatus>()) ExtensionStatuses.FromCode(status.Code()).ShouldBe(status);
        var mermaid = WorkOrderStateMachine.ToMermaid();
        foreach (var state in WorkOrderStates.All) mermaid.ShouldContain($" as {state.Code()}\n");
        mermaid.ShouldContain("pending --> signed: 签收\n");
        mermaid.ShouldContain("in_progress --> in_progress: 申请延期 / 批准 / 驳回（办理时限到期前）\n");
        mermaid.ShouldContain("returned --> [*]\n");
    }
}
