using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Evaluation;
using GridGovernance.Domain.Tests.Calendar;

namespace GridGovernance.Domain.Tests.Evaluation;

/// <summary>Every formula on hand-computed examples. November 2026: the 27th is a Friday, the 30th a Monday, Dec 1 a Tuesday.</summary>
public sealed class IndicatorTests
{
    private static readonly WorkCalendar Calendar = China2026.Official;
    private static readonly EvaluationMonth November = new(2026, 11);

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => China2026.At(month, day, hour, minute);

    [Fact]
    public void A_share_with_nothing_to_count_is_a_dash_not_zero_or_a_hundred_percent()
    {
        new Share(0, 0).Text.ShouldBe("—");
        new Share(0, 0).Value.ShouldBeNull();
        new Share(7, 8).Text.ShouldBe("87.5%");
        new Share(2, 3).Text.ShouldBe("66.7%");
        new Share(0, 4).Text.ShouldBe("0.0%");
        Should.Throw<ArgumentOutOfRangeException>(() => new Share(3, 2));

        foreach (var indicator in Indicators.All.Where(i => i.Kind != IndicatorKind.Count))
            indicator.Compute(IndicatorCounts.Empty).Text.ShouldBe("—", indicator.Name);
        Indicators.Reported.Compute(IndicatorCounts.Empty).Text.ShouldBe("0");
        Scoring.Score(IndicatorCounts.Empty, ScoreWeights.Default).ShouldBeNull();
    }

    [Fact]
    public void Durations_are_mean_and_nearest_rank_p90_in_working_hours()
    {
        var three = DurationStats.Of([60, 120, 30]);
        three.MeanMinutes.ShouldBe(70);
        three.MeanText.ShouldBe("1.2 小时");
        three.P90Minutes.ShouldBe(120); // rank ⌈0.9 × 3⌉ = 3: with fewer than ten values, the largest
        three.P90Text.ShouldBe("2.0 小时");
        DurationStats.Of(Enumerable.Range(1, 10).Select(i => i * 10)).P90Minutes.ShouldBe(90); // rank 9 of 10
        DurationStats.Of([]).MeanText.ShouldBe("—");
        DurationStats.Of([]).P90Text.ShouldBe("—");
    }

    [Fact]
    public void A_case_due_on_the_last_day_of_the_month_counts_in_that_month_however_late_it_closes()
    {
        var due = At(11, 30, 17, 30);
        FactRules.DueMonth(due, At(12, 1, 9)).ShouldBe(November);     // late: the month it fell due
        FactRules.DueMonth(due, At(11, 30, 17)).ShouldBe(November);   // on time
        FactRules.DueMonth(due, null).ShouldBe(November);              // still open
        FactRules.DueMonth(At(12, 1, 10), At(11, 30, 16)).ShouldBe(November); // closed early: the month it closed
        FactRules.DueMonth(At(11, 20, 10), At(11, 25, 10)).ShouldBe(November);
        FactRules.DueMonth(null, null).ShouldBeNull();
        // Beijing time decides: 2026-11-30 16:10 UTC is 00:10 on December 1st in Beijing.
        FactRules.DueMonth(null, new DateTimeOffset(2026, 11, 30, 16, 10, 0, TimeSpan.Zero)).ShouldBe(new EvaluationMonth(2026, 12));

        var late = FactRules.ForCase(Case(deadline: due, closed: At(12, 1, 9)), Calendar);
        late.DueMonth.ShouldBe(November);
        late.Counted.ShouldBeTrue();
        late.ClosedInMonth.ShouldBeFalse(); // closed after the month ended: November stays "not closed" for good
        late.ClosedOnTime.ShouldBeFalse();
        late.CloseMinutes.ShouldBeNull();

        var inTime = FactRules.ForCase(Case(deadline: due, closed: At(11, 30, 17)), Calendar);
        (inTime.ClosedInMonth, inTime.ClosedOnTime).ShouldBe((true, true));

        var lateSameMonth = FactRules.ForCase(Case(deadline: At(11, 20, 10), closed: At(11, 25, 10)), Calendar);
        (lateSameMonth.ClosedInMonth, lateSameMonth.ClosedOnTime).ShouldBe((true, false));
    }

    [Fact]
    public void Time_to_close_counts_working_minutes_only()
    {
        // Friday 17:00 → Monday 09:30: 30 minutes on Friday, 60 on Monday.
        var fact = FactRules.ForCase(Case(created: At(11, 27, 17), deadline: At(12, 1, 17), closed: At(11, 30, 9, 30)), Calendar);
        fact.CloseMinutes.ShouldBe(90);
        fact.ReportedMonth.ShouldBe(November);
        Indicators.CloseTime.Compute(IndicatorCounts.From(November, [fact], [])).Text.ShouldBe("1.5 小时");
    }

    [Fact]
    public void Shelved_terminated_and_voided_cases_leave_the_denominators()
    {
        FactRules.ForCase(Case(deadline: At(11, 20, 10), state: CaseState.Shelved), Calendar).Counted.ShouldBeFalse();
        FactRules.ForCase(Case(deadline: At(11, 20, 10), state: CaseState.Terminated), Calendar).Counted.ShouldBeFalse();
        var voided = FactRules.ForCase(Case(state: CaseState.Voided), Calendar);
        (voided.Counted, voided.DueMonth).ShouldBe((false, (EvaluationMonth?)null));
        voided.ReportedMonth.ShouldBe(November); // still part of the volume
    }

    [Fact]
    public void Signing_for_within_one_working_hour_is_a_response_in_time()
    {
        // Dispatched Monday 11:30: 30 working minutes before lunch, the hour runs out at 15:00.
        var dispatched = At(11, 30, 11, 30);
        var signed = FactRules.ForOrder(Order(dispatched, signed: At(11, 30, 14, 50)), Calendar);
        signed.RespondedInTime.ShouldBeTrue();
        signed.SignMinutes.ShouldBe(50);
        var late = FactRules.ForOrder(Order(dispatched, signed: At(11, 30, 15, 1)), Calendar);
        late.RespondedInTime.ShouldBeFalse();
        late.SignMinutes.ShouldBe(61);
        FactRules.ForOrder(Order(dispatched), Calendar).RespondedInTime.ShouldBeFalse(); // never signed
        var withdrawn = FactRules.ForOrder(Order(dispatched, state: WorkOrderState.Withdrawn), Calendar);
        (withdrawn.Counted, withdrawn.RespondedInTime, withdrawn.Due).ShouldBe((false, false, false));
    }

    [Fact]
    public void A_returned_and_re_dispatched_order_counts_one_return_and_two_dispatches()
    {
        var dispatched = At(11, 10, 9);
        var first = FactRules.ForOrder(Order(dispatched, unit: "A", state: WorkOrderState.Returned, returned: At(11, 10, 9, 20)), Calendar);
        var second = FactRules.ForOrder(Order(At(11, 10, 9, 30), id: 2, unit: "B", signed: At(11, 10, 9, 40),
            fedBack: At(11, 11, 10), state: WorkOrderState.FedBack), Calendar);
        first.Returned.ShouldBeTrue();
        first.RespondedInTime.ShouldBeTrue(); // an answer in time, though a refusal
        first.Due.ShouldBeFalse();            // not the unit's to finish

        var area = IndicatorCounts.From(November, [], [first, second]);
        Indicators.ReturnRate.Compute(area).Text.ShouldBe("50.0%");
        Indicators.Response.Compute(area).Text.ShouldBe("100.0%");
        var unitA = IndicatorCounts.ForUnit(November, [first], []);
        Indicators.ReturnRate.Compute(unitA).Text.ShouldBe("100.0%");
        Indicators.OnTime.Compute(unitA).Text.ShouldBe("—"); // A owed nothing
        var unitB = IndicatorCounts.ForUnit(November, [second], []);
        Indicators.OnTime.Compute(unitB).Text.ShouldBe("100.0%");
        Indicators.ReturnRate.Compute(unitB).Text.ShouldBe("0.0%");
    }

    [Fact]
    public void A_rework_counts_against_the_unit_and_the_area()
    {
        var order = FactRules.ForOrder(Order(At(11, 10, 9), signed: At(11, 10, 9, 5), fedBack: At(11, 12, 9),
            state: WorkOrderState.FedBack, reworks: 1), Calendar);
        var clean = FactRules.ForOrder(Order(At(11, 10, 9), id: 2, signed: At(11, 10, 9, 5), fedBack: At(11, 11, 9),
            state: WorkOrderState.FedBack), Calendar);
        (order.Handled, order.Reworked).ShouldBe((true, true));
        Indicators.Rework.Compute(IndicatorCounts.ForUnit(November, [order, clean], [])).Text.ShouldBe("50.0%");

        var reworked = FactRules.ForCase(Case(deadline: At(11, 20, 10), closed: At(11, 19, 10), reworks: 1, hadOrders: true), Calendar);
        var straight = FactRules.ForCase(Case(id: 2, deadline: At(11, 20, 10), closed: At(11, 18, 10), hadOrders: true), Calendar);
        var onSpot = FactRules.ForCase(Case(id: 3, closed: At(11, 18, 10), state: CaseState.ClosedOnSpot), Calendar);
        (reworked.Checked, reworked.Reworked, onSpot.Checked).ShouldBe((true, true, false));
        Indicators.Rework.Compute(IndicatorCounts.From(November, [reworked, straight, onSpot], [])).Text.ShouldBe("50.0%");
    }

    [Fact]
    public void A_hand_computed_month_of_a_township()
    {
        // 1 微事 on the spot; 2 village-resolved (one of them escalated from the grid first); 3 dispatched: on time, late,
        // still open; 1 shelved; 1 voided; 1 due in December; a rating in November of an October case.
        CaseFact[] cases =
        [
            FactRules.ForCase(Case(1, closed: At(11, 3, 10), state: CaseState.ClosedOnSpot), Calendar),
            FactRules.ForCase(Case(2, deadline: At(11, 6, 10), closed: At(11, 5, 10), villageResolved: true,
                satisfaction: Satisfaction.Satisfied, resolved: true, rated: At(11, 6, 9)), Calendar),
            FactRules.ForCase(Case(3, deadline: At(11, 9, 10), closed: At(11, 9, 9), villageResolved: true, escalated: true,
                satisfaction: Satisfaction.FairlySatisfied, resolved: false, rated: At(11, 10, 9)), Calendar),
            FactRules.ForCase(Case(4, deadline: At(11, 16, 10), closed: At(11, 13, 10), hadOrders: true,
                satisfaction: Satisfaction.Dissatisfied, resolved: false, rated: At(12, 2, 9)), Calendar), // rated in December
            FactRules.ForCase(Case(5, deadline: At(11, 16, 10), closed: At(11, 18, 10), hadOrders: true, reworks: 1), Calendar),
            FactRules.ForCase(Case(6, deadline: At(11, 30, 17, 30), hadOrders: true, escalated: true), Calendar),
            FactRules.ForCase(Case(7, deadline: At(11, 20, 10), state: CaseState.Shelved), Calendar),
            FactRules.ForCase(Case(8, state: CaseState.Voided), Calendar),
            FactRules.ForCase(Case(9, deadline: At(12, 4, 10)), Calendar),
            FactRules.ForCase(Case(10, created: At(10, 20, 9), deadline: At(10, 22, 10), closed: At(10, 21, 10),
                satisfaction: Satisfaction.Satisfied, resolved: true, rated: At(11, 2, 9), hadOrders: true), Calendar),
        ];
        OrderFact[] orders =
        [
            FactRules.ForOrder(Order(At(11, 12, 9), id: 1, caseId: 4, signed: At(11, 12, 9, 30), fedBack: At(11, 13, 9), state: WorkOrderState.FedBack), Calendar),
            FactRules.ForOrder(Order(At(11, 12, 9), id: 2, caseId: 5, signed: At(11, 12, 11), fedBack: At(11, 17, 9), state: WorkOrderState.FedBack, reworks: 1, extended: true), Calendar),
            FactRules.ForOrder(Order(At(11, 25, 9), id: 3, caseId: 6, state: WorkOrderState.Returned, returned: At(11, 25, 9, 10)), Calendar),
            FactRules.ForOrder(Order(At(11, 25, 10), id: 4, caseId: 6, signed: At(11, 25, 10, 15), whistled: true, arrived: At(11, 25, 10, 45), state: WorkOrderState.Arrived), Calendar),
        ];
        var counts = IndicatorCounts.From(November, cases, orders, supervisions: 2, publicCriticisms: 0);

        string Text(Indicator i) => i.Compute(counts).Text;
        Text(Indicators.Reported).ShouldBe("9");          // cases 1–9 (case 10 was reported in October)
        Text(Indicators.DueToClose).ShouldBe("6");        // 1–6 (7 shelved, 8 voided, 9 due in December)
        Text(Indicators.Closure).ShouldBe("83.3%");       // 5 of 6 (case 6 open)
        Text(Indicators.OnTime).ShouldBe("66.7%");        // 1, 2, 3, 4 on time; 5 late; 6 open → 4 / 6
        Text(Indicators.Response).ShouldBe("75.0%");      // orders 1, 3 (returned in 10 min), 4 in time; 2 signed after 2 h
        Text(Indicators.ReturnRate).ShouldBe("25.0%");
        Text(Indicators.Extension).ShouldBe("25.0%");
        Text(Indicators.Rework).ShouldBe("25.0%");        // checked: 2, 3, 4, 5 (filed and closed); reworked: 5
        Text(Indicators.Supervision).ShouldBe("2");
        Text(Indicators.Resolution).ShouldBe("66.7%");    // rated in November: 2 (yes), 3 (no), 10 (yes); 4 was rated in December
        Text(Indicators.Satisfaction).ShouldBe("100.0%");  // 满意, 基本满意, 满意
        Text(Indicators.OnSpot).ShouldBe("20.0%");        // 1 of 5 closed
        Text(Indicators.InVillage).ShouldBe("60.0%");     // 1, 2, 3 of 5
        Text(Indicators.Escalation).ShouldBe("22.2%");    // 3 and 6 of 9 reported
        Text(Indicators.SignTime).ShouldBe("0.9 小时");   // 30, 120, 15 → 55 min
        Text(Indicators.SignTimeP90).ShouldBe("2.0 小时");
        Text(Indicators.ArriveTime).ShouldBe("0.8 小时"); // 45 min
    }

    private static CaseFactInput Case(long id = 1, DateTimeOffset? created = null, DateTimeOffset? deadline = null,
        DateTimeOffset? closed = null, CaseState? state = null, int reworks = 0, bool hadOrders = false, bool villageResolved = false,
        bool escalated = false, Satisfaction? satisfaction = null, bool? resolved = null, DateTimeOffset? rated = null) =>
        new(id, "451027100201001", "E0102", CaseSource.QrScan,
            state ?? (closed is null ? CaseState.Dispatched : CaseState.Closed),
            created ?? At(11, 2, 9), deadline, closed, reworks, satisfaction, resolved, rated, hadOrders, villageResolved, escalated);

    private static OrderFactInput Order(DateTimeOffset dispatched, long id = 1, long caseId = 1, string unit = "U",
        DateTimeOffset? signed = null, DateTimeOffset? returned = null, DateTimeOffset? arrived = null, DateTimeOffset? fedBack = null,
        WorkOrderState state = WorkOrderState.Pending, int reworks = 0, bool whistled = false, bool extended = false) =>
        new(id, caseId, unit, state, dispatched, Calendar.Deadline(dispatched, 5, DeadlineUnit.WorkDay), whistled, signed, returned,
            arrived, fedBack, extended ? ExtensionStatus.Approved : ExtensionStatus.None, reworks);
}
