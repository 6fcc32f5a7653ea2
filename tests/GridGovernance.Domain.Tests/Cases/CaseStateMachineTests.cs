using GridGovernance.Domain.Cases;

namespace GridGovernance.Domain.Tests.Cases;

public class CaseStateMachineTests
{
    // The lifecycle written out independently of CaseStateMachine.Transitions: "from action to", by stored codes.
    private static readonly string[] ExpectedMoves =
    [
        "reported verify verified", "reported accept accepted", "reported void voided",
        "reported resolve_on_spot closed_on_spot", "reported escalate village_handling",
        "verified accept accepted", "verified void voided", "verified resolve_on_spot closed_on_spot", "verified escalate village_handling",
        "accepted resolve_on_spot closed_on_spot", "accepted hand_to_village village_handling", "accepted dispatch dispatched",
        "accepted whistle dispatched", "accepted shelve shelved", "accepted terminate terminated",
        "village_handling village_resolve pending_check", "village_handling escalate accepted", "village_handling dispatch dispatched",
        "village_handling whistle dispatched", "village_handling shelve shelved", "village_handling terminate terminated",
        "dispatched dispatch dispatched", "dispatched whistle dispatched", "dispatched all_orders_done pending_check",
        "dispatched all_orders_returned accepted", "dispatched shelve shelved", "dispatched terminate terminated",
        "pending_check check_pass closed", "pending_check check_fail rework",
        "rework all_orders_done pending_check", "rework village_resolve pending_check", "rework shelve shelved", "rework terminate terminated",
        "closed_on_spot revisit revisited", "closed_on_spot archive archived",
        "closed revisit revisited", "closed archive archived", "revisited archive archived",
        "closed_on_spot reopen rework", "closed reopen rework", "revisited reopen rework",
        "shelved hand_to_village village_handling", "shelved dispatch dispatched", "shelved whistle dispatched", "shelved terminate terminated",
        "terminated archive archived",
    ];

    private static Dictionary<(CaseState, CaseAction), CaseState> Expected() => ExpectedMoves
        .Select(line => line.Split(' '))
        .ToDictionary(p => (CaseStates.FromCode(p[0])!.Value, CaseActions.FromCode(p[1])!.Value), p => CaseStates.FromCode(p[2])!.Value);

    /// <summary>A context that satisfies every guard and argument of <paramref name="action"/>.</summary>
    private static CaseContext Complete(CaseAction action) => new()
    {
        Source = CaseSource.GridWorker,
        HandledByVillage = action == CaseAction.VillageResolve,
        Reason = "经现场核查，情况属实。",
        UnitCount = action == CaseAction.Dispatch ? 1 : 3,
        WhistleKind = WhistleKind.Emergency,
        ClosureType = ClosureType.Normal,
        Rating = Satisfaction.Satisfied,
    };

    private static CaseState Walk(CaseState state, params (CaseAction Action, CaseContext Context)[] steps)
    {
        foreach (var (action, context) in steps)
        {
            var decision = CaseStateMachine.Decide(state, action, context);
            decision.Refusal.ShouldBeNull($"{state} × {action}");
            state = decision.NewState!.Value;
        }
        return state;
    }

    [Fact]
    public void Every_case_starts_as_reported() => CaseStateMachine.Initial.ShouldBe(CaseState.Reported);

    [Fact]
    public void Every_state_and_action_pair_is_allowed_exactly_when_the_lifecycle_says_so()
    {
        var expected = Expected();
        var checkedPairs = 0;
        foreach (var state in Enum.GetValues<CaseState>())
        foreach (var action in Enum.GetValues<CaseAction>())
        {
            var decision = CaseStateMachine.Decide(state, action, Complete(action));
            if (expected.TryGetValue((state, action), out var to))
            {
                decision.NewState.ShouldBe(to, $"{state} × {action}");
                decision.Refusal.ShouldBeNull();
            }
            else
            {
                decision.Allowed.ShouldBeFalse($"{state} × {action}");
                decision.Refusal.ShouldBe(state.IsOpen()
                    ? $"案件处于“{state.Chinese()}”状态，不能{action.Chinese()}。"
                    : $"案件{state.Chinese()}，不能再{action.Chinese()}。");
            }
            checkedPairs++;
        }
        checkedPairs.ShouldBe(Enum.GetValues<CaseState>().Length * Enum.GetValues<CaseAction>().Length);
    }

    [Fact]
    public void The_published_transition_table_is_the_lifecycle_and_has_no_duplicate_move()
    {
        CaseStateMachine.Transitions.Select(t => (t.From, t.Action, t.To)).ToHashSet()
            .SetEquals(Expected().Select(e => (e.Key.Item1, e.Key.Item2, e.Value))).ShouldBeTrue();
        CaseStateMachine.Transitions.Select(t => (t.From, t.Action)).Distinct().Count().ShouldBe(CaseStateMachine.Transitions.Count);
    }

    [Fact]
    public void Every_state_is_reachable_from_reported_and_every_state_can_reach_an_end()
    {
        var reachable = new HashSet<CaseState> { CaseStateMachine.Initial };
        for (var grew = true; grew;)
            grew = CaseStateMachine.Transitions.Where(t => reachable.Contains(t.From)).Aggregate(false, (g, t) => reachable.Add(t.To) | g);
        reachable.ShouldBe(Enum.GetValues<CaseState>(), ignoreOrder: true);

        foreach (var start in Enum.GetValues<CaseState>())
        {
            var seen = new HashSet<CaseState> { start };
            for (var grew = true; grew;)
                grew = CaseStateMachine.Transitions.Where(t => seen.Contains(t.From)).Aggregate(false, (g, t) => seen.Add(t.To) | g);
            seen.Any(s => s.IsFinal()).ShouldBeTrue(start.ToString());
        }
        CaseStates.All.Where(s => s.IsFinal()).ShouldBe([CaseState.Voided, CaseState.Archived], ignoreOrder: true);
    }

    [Fact]
    public void A_grid_worker_may_close_a_reported_small_matter_on_the_spot_without_any_context() =>
        CaseStateMachine.Decide(CaseState.Reported, CaseAction.ResolveOnSpot).NewState.ShouldBe(CaseState.ClosedOnSpot);

    [Fact]
    public void A_closed_case_refuses_to_be_closed_again_with_a_Chinese_reason()
    {
        var decision = CaseStateMachine.Decide(CaseState.ClosedOnSpot, CaseAction.ResolveOnSpot);
        decision.Allowed.ShouldBeFalse();
        decision.NewState.ShouldBeNull();
        decision.Refusal.ShouldBe("案件已办结·现场处置，不能再现场处置办结。");
    }

    [Theory]
    [InlineData(CaseSource.QrScan, "扫码上报的案件须先经网格员核实，才能受理立案。")]
    [InlineData(CaseSource.Hotline, "12345 热线的案件须先经网格员核实，才能受理立案。")]
    [InlineData(CaseSource.External, "外部系统的案件须先经网格员核实，才能受理立案。")]
    public void A_public_report_must_be_verified_before_it_is_accepted(CaseSource source, string refusal)
    {
        CaseStateMachine.Decide(CaseState.Reported, CaseAction.Accept, new CaseContext { Source = source }).Refusal.ShouldBe(refusal);
        CaseStateMachine.Decide(CaseState.Verified, CaseAction.Accept, new CaseContext { Source = source }).NewState.ShouldBe(CaseState.Accepted);
    }

    [Theory]
    [InlineData(CaseSource.GridWorker)]
    [InlineData(CaseSource.LinkLeader)]
    public void A_patrol_report_may_be_accepted_without_verification(CaseSource source) =>
        CaseStateMachine.Decide(CaseState.Reported, CaseAction.Accept, new CaseContext { Source = source }).NewState.ShouldBe(CaseState.Accepted);

    [Fact]
    public void A_report_of_unknown_source_must_be_verified_first() =>
        CaseStateMachine.Decide(CaseState.Reported, CaseAction.Accept).Refusal.ShouldBe("案件来源不明，须先核实，才能受理立案。");

    [Theory]
    [InlineData(CaseAction.Void, CaseState.Reported, "作废须填写原因。")]
    [InlineData(CaseAction.Shelve, CaseState.Dispatched, "挂账须填写书面说明。")]
    [InlineData(CaseAction.Terminate, CaseState.Shelved, "终止办理须填写审核意见。")]
    [InlineData(CaseAction.CheckFail, CaseState.PendingCheck, "核查不通过须说明原因。")]
    public void Actions_that_need_a_written_reason_refuse_a_missing_or_blank_one(CaseAction action, CaseState state, string refusal)
    {
        CaseStateMachine.Decide(state, action, new CaseContext()).Refusal.ShouldBe(refusal);
        CaseStateMachine.Decide(state, action, new CaseContext { Reason = "   " }).Refusal.ShouldBe(refusal);
        CaseStateMachine.Decide(state, action, new CaseContext { Reason = new string('字', 2001) }).Refusal.ShouldBe("说明最多 2000 字，当前 2001 字。");
        CaseStateMachine.Decide(state, action, new CaseContext { Reason = "重复上报" }).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void Dispatch_names_exactly_one_unit_and_a_whistle_needs_a_kind_and_a_unit()
    {
        CaseStateMachine.Decide(CaseState.Accepted, CaseAction.Dispatch, new CaseContext()).Refusal.ShouldBe("请选择承办单位。");
        CaseStateMachine.Decide(CaseState.Accepted, CaseAction.Dispatch, new CaseContext { UnitCount = 2 }).Refusal
            .ShouldBe("派遣只能指定一个承办单位；要召集多个单位请吹哨。");
        CaseStateMachine.Decide(CaseState.Accepted, CaseAction.Whistle, new CaseContext { UnitCount = 3 }).Refusal
            .ShouldBe("请选择哨型（日常哨、攻坚哨或应急哨）。");
        CaseStateMachine.Decide(CaseState.Accepted, CaseAction.Whistle, new CaseContext { WhistleKind = WhistleKind.Tough }).Refusal
            .ShouldBe("吹哨须至少召集一个单位。");
        CaseStateMachine.Decide(CaseState.Accepted, CaseAction.Whistle, new CaseContext { UnitCount = 3, WhistleKind = WhistleKind.Routine })
            .NewState.ShouldBe(CaseState.Dispatched);
    }

    [Fact]
    public void Closing_needs_a_closure_type_and_a_revisit_needs_the_rating()
    {
        CaseStateMachine.Decide(CaseState.PendingCheck, CaseAction.CheckPass).Refusal.ShouldBe("结案须选择结案类型（正常、超时、差错或特殊）。");
        CaseStateMachine.Decide(CaseState.PendingCheck, CaseAction.CheckPass, new CaseContext { ClosureType = ClosureType.Overdue })
            .NewState.ShouldBe(CaseState.Closed);
        CaseStateMachine.Decide(CaseState.Closed, CaseAction.Revisit).Refusal.ShouldBe("回访须记录满意度。");
        CaseStateMachine.Decide(CaseState.Closed, CaseAction.Revisit, new CaseContext { Rating = Satisfaction.Dissatisfied })
            .NewState.ShouldBe(CaseState.Revisited);
    }

    [Fact]
    public void A_rework_finishes_the_way_the_case_was_handled()
    {
        var units = new CaseContext { HandledByVillage = false };
        var village = new CaseContext { HandledByVillage = true };
        CaseStateMachine.Decide(CaseState.Rework, CaseAction.AllOrdersDone, units).NewState.ShouldBe(CaseState.PendingCheck);
        CaseStateMachine.Decide(CaseState.Rework, CaseAction.VillageResolve, units).Refusal
            .ShouldBe("该案件由承办单位处置，返工完成后应待全部单位反馈再核查。");
        CaseStateMachine.Decide(CaseState.Rework, CaseAction.VillageResolve, village).NewState.ShouldBe(CaseState.PendingCheck);
        CaseStateMachine.Decide(CaseState.Rework, CaseAction.AllOrdersDone, village).Refusal
            .ShouldBe("该案件由村级处置，返工完成后应由村（社区）办结。");
    }

    [Fact]
    public void A_resident_report_goes_round_the_whole_loop_with_one_failed_check()
    {
        var qr = new CaseContext { Source = CaseSource.QrScan };
        Walk(CaseStateMachine.Initial,
            (CaseAction.Verify, qr),
            (CaseAction.Accept, qr),
            (CaseAction.Whistle, qr with { UnitCount = 3, WhistleKind = WhistleKind.Emergency }),
            (CaseAction.AllOrdersReturned, qr),
            (CaseAction.Dispatch, qr with { UnitCount = 1 }),
            (CaseAction.AllOrdersDone, qr),
            (CaseAction.CheckFail, qr with { Reason = "现场仍有垃圾" }),
            (CaseAction.AllOrdersDone, qr),
            (CaseAction.CheckPass, qr with { ClosureType = ClosureType.Normal }),
            (CaseAction.Revisit, qr with { Rating = Satisfaction.Satisfied }),
            (CaseAction.Archive, qr)).ShouldBe(CaseState.Archived);
    }

    [Fact]
    public void An_unhandled_case_climbs_from_grid_to_village_to_township()
    {
        Walk(CaseState.Reported, (CaseAction.Escalate, CaseContext.None), (CaseAction.Escalate, CaseContext.None))
            .ShouldBe(CaseState.Accepted);
        CaseStateMachine.Decide(CaseState.Accepted, CaseAction.Escalate).Refusal.ShouldBe("案件处于“已立案”状态，不能逐级上报。");
        CaseStateMachine.Decide(CaseState.Voided, CaseAction.Escalate).Refusal.ShouldBe("案件已作废，不能再逐级上报。");
    }

    [Fact]
    public void State_and_action_codes_round_trip_and_are_unique()
    {
        foreach (var state in CaseStates.All) CaseStates.FromCode(state.Code()).ShouldBe(state);
        foreach (var action in CaseActions.All) CaseActions.FromCode(action.Code()).ShouldBe(action);
        CaseStates.FromCode("nonsense").ShouldBeNull();
        CaseActions.FromCode(null).ShouldBeNull();
        CaseStates.All.Select(s => s.Chinese()).Distinct().Count().ShouldBe(CaseStates.All.Count);
        CaseActions.All.Select(a => a.Chinese()).Distinct().Count().ShouldBe(CaseActions.All.Count);
        CaseState.Reported.Code().ShouldBe("reported");
        CaseState.ClosedOnSpot.Code().ShouldBe("closed_on_spot");
    }

    [Fact]
    public void Only_solved_cases_are_closed_and_shelved_cases_stay_open()
    {
        CaseStates.All.Where(s => s.IsClosed()).ShouldBe([CaseState.ClosedOnSpot, CaseState.Closed, CaseState.Revisited], ignoreOrder: true);
        CaseStates.All.Where(s => !s.IsOpen()).ShouldBe(
            [CaseState.ClosedOnSpot, CaseState.Closed, CaseState.Revisited, CaseState.Voided, CaseState.Terminated, CaseState.Archived],
            ignoreOrder: true);
        CaseState.Shelved.IsOpen().ShouldBeTrue();
    }

    [Fact]
    public void The_actions_a_page_may_offer_come_from_the_table() =>
        CaseStateMachine.ActionsFrom(CaseState.PendingCheck).ShouldBe([CaseAction.CheckPass, CaseAction.CheckFail]);

    [Fact]
    public void The_Mermaid_diagram_draws_every_state_and_every_move()
    {
        var mermaid = CaseStateMachine.ToMermaid();
        mermaid.ShouldStartWith("stateDiagram-v2\n");
        foreach (var state in CaseStates.All) mermaid.ShouldContain($"state \"{state.Chinese()}\" as {state.Code()}\n");
        mermaid.ShouldContain("[*] --> reported\n");
        mermaid.ShouldContain("reported --> verified: 核实\n");
        mermaid.ShouldContain("reported --> accepted: 受理立案（巡查上报免核实）\n");
        mermaid.ShouldContain("archived --> [*]\n");
        mermaid.Split('\n').Count(l => l.Contains("-->", StringComparison.Ordinal) && !l.Contains("[*]", StringComparison.Ordinal))
            .ShouldBe(CaseStateMachine.Transitions.Count);
    }

    [Fact]
    public void Request_types_are_the_five_of_12345()
    {
        RequestTypes.All.Select(t => t.Chinese()).ShouldBe(["咨询", "求助", "投诉", "举报", "建议"]);
        RequestTypes.FromCode("complaint").ShouldBe(RequestType.Complaint);
        RequestTypes.FromCode("Complaint").ShouldBeNull();
    }
}
