using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Tests.Calendar;

namespace GridGovernance.Domain.Tests.Cases;

public class SupervisionRulesTests
{
    private static readonly WorkCalendar Plain = WorkCalendar.MondayToFriday;
    private static readonly DateTimeOffset FridayEvening = China2026.At(11, 27, 17, 30);

    [Fact]
    public void The_three_thresholds_fall_at_the_deadline_the_next_opening_and_after_five_working_days()
    {
        Plain.DueAt(SupervisionLevel.Overdue, FridayEvening).ShouldBe(FridayEvening);
        Plain.DueAt(SupervisionLevel.NextDayReminder, FridayEvening).ShouldBe(China2026.At(11, 30, 8, 30));
        Plain.DueAt(SupervisionLevel.PublicCriticism, FridayEvening).ShouldBe(China2026.At(12, 4, 17, 30));
    }

    [Fact]
    public void Thresholds_are_reached_one_by_one_only_once_the_clock_is_past_them()
    {
        Plain.Reached(FridayEvening, FridayEvening).ShouldBeEmpty();
        Plain.Reached(FridayEvening, China2026.At(11, 28, 10)).Select(r => r.Level).ShouldBe([SupervisionLevel.Overdue]);
        Plain.Reached(FridayEvening, China2026.At(11, 30, 8, 31)).Select(r => r.Level)
            .ShouldBe([SupervisionLevel.Overdue, SupervisionLevel.NextDayReminder]);
        Plain.Reached(FridayEvening, China2026.At(12, 4, 17, 30)).Count.ShouldBe(2); // exactly five working days is not more than five
    }

    [Fact]
    public void A_service_back_from_a_long_pause_catches_up_every_threshold_with_the_time_it_fell_due()
    {
        var reached = Plain.Reached(FridayEvening, China2026.At(12, 20, 9));
        reached.ShouldBe([
            (SupervisionLevel.Overdue, FridayEvening),
            (SupervisionLevel.NextDayReminder, China2026.At(11, 30, 8, 30)),
            (SupervisionLevel.PublicCriticism, China2026.At(12, 4, 17, 30)),
        ]);
    }

    [Fact]
    public void The_next_day_reminder_waits_for_the_first_workday_after_a_holiday()
    {
        var deadline = China2026.At(9, 30, 17);
        China2026.Official.DueAt(SupervisionLevel.NextDayReminder, deadline).ShouldBe(China2026.At(10, 8, 8, 30));
        China2026.Official.DueAt(SupervisionLevel.PublicCriticism, deadline, criticismAfterWorkDays: 2).ShouldBe(China2026.At(10, 9, 17));
        SupervisionLevels.All.Select(l => l.Chinese()).ShouldBe(["超时督办", "次日催办", "通报批评"]);
        foreach (var level in SupervisionLevels.All) SupervisionLevels.FromCode(level.Code()).ShouldBe(level);
    }

    [Fact]
    public void An_emergency_whistle_s_arrival_runs_on_the_wall_clock_even_on_a_holiday_night()
    {
        var whistled = China2026.At(10, 2, 3, 0); // 国庆 holiday, 03:00
        var calendar = China2026.Official;
        WhistleKind.Emergency.ArrivalDeadline(whistled, TimeSpan.FromHours(2), calendar).ShouldBe(whistled.AddMinutes(30));
        WhistleKind.Emergency.IsLateArrival(whistled, whistled.AddMinutes(30), TimeSpan.FromHours(2), calendar).ShouldBeFalse();
        WhistleKind.Emergency.IsLateArrival(whistled, whistled.AddMinutes(31), TimeSpan.FromHours(2), calendar).ShouldBeTrue();
    }

    [Fact]
    public void A_routine_or_tough_whistle_s_arrival_counts_on_the_work_calendar()
    {
        var calendar = China2026.Official;
        // Friday 17:00: 30 working minutes left that day, then Monday from 08:30 — 240 minutes end at 12:00 on Monday.
        var friday = China2026.At(11, 27, 17, 0);
        WhistleKind.Routine.ArrivalDeadline(friday, TimeSpan.FromMinutes(240), calendar).ShouldBe(China2026.At(11, 30, 12, 0));
        WhistleKind.Routine.IsLateArrival(friday, China2026.At(11, 28, 10, 0), TimeSpan.FromMinutes(240), calendar).ShouldBeFalse();
        // Tuesday 09:00, 攻坚哨 of 120 minutes: 11:00 the same morning.
        WhistleKind.Tough.ArrivalDeadline(China2026.At(12, 1, 9, 0), TimeSpan.FromMinutes(120), calendar).ShouldBe(China2026.At(12, 1, 11, 0));
        // Over the lunch break: 11:00 + 90 minutes = 60 before noon, 30 after 14:30.
        WhistleKind.Routine.ArrivalDeadline(China2026.At(12, 1, 11, 0), TimeSpan.FromMinutes(90), calendar).ShouldBe(China2026.At(12, 1, 15, 0));
        WhistleKind.Routine.ArrivalCountsWorkingTime().ShouldBeTrue();
        WhistleKind.Emergency.ArrivalCountsWorkingTime().ShouldBeFalse();
    }

    [Fact]
    public void Open_cases_belong_to_the_grid_the_village_or_the_township()
    {
        var levels = CaseStates.All.ToDictionary(s => s, s => s.Level());
        levels[CaseState.Reported].ShouldBe(HandlingLevel.Grid);
        levels[CaseState.Verified].ShouldBe(HandlingLevel.Grid);
        levels[CaseState.VillageHandling].ShouldBe(HandlingLevel.Village);
        foreach (var state in new[] { CaseState.Accepted, CaseState.Dispatched, CaseState.PendingCheck, CaseState.Rework, CaseState.Shelved })
            levels[state].ShouldBe(HandlingLevel.Township, state.ToString());
        foreach (var state in CaseStates.All.Where(s => !s.IsOpen())) levels[state].ShouldBeNull(state.ToString());
        // Escalation is legal from exactly the grid and village levels.
        CaseStateMachine.Transitions.Where(t => t.Action == CaseAction.Escalate).Select(t => t.From.Level())
            .Distinct().ShouldBe([HandlingLevel.Grid, HandlingLevel.Village], ignoreOrder: true);
    }
}
