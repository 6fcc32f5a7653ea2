using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Evaluation;
using GridGovernance.Domain.Tests.Calendar;

namespace GridGovernance.Domain.Tests.Evaluation;

/// <summary>
/// The monthly close catching up: every month after the newest snapshot whose close has come, oldest first. 2026 on the
/// official calendar: 国庆节 1–7 October (September closes on the 8th), 元旦 1–3 January with Sunday the 4th worked,
/// 1 February and 1 November are Sundays.
/// </summary>
public sealed class MonthlyCloseTests
{
    private static readonly WorkCalendar Calendar = China2026.Official;

    private static EvaluationMonth M(int year, int month) => new(year, month);

    [Fact]
    public void Two_months_after_the_last_frozen_month_both_are_frozen_oldest_first()
    {
        MonthlyClose.MonthsToFreeze(China2026.At(10, 8, 0), Calendar, M(2026, 7)).ShouldBe([M(2026, 8), M(2026, 9)]);
        MonthlyClose.MonthsToFreeze(China2026.At(11, 2, 9), Calendar, M(2026, 7)).ShouldBe([M(2026, 8), M(2026, 9), M(2026, 10)]);
        // Across a year: December 2025 and January 2026 after November 2025.
        MonthlyClose.MonthsToFreeze(China2026.At(2, 2, 9), Calendar, M(2025, 11)).ShouldBe([M(2025, 12), M(2026, 1)]);
    }

    [Fact]
    public void A_month_whose_close_has_not_come_waits_while_the_earlier_ones_are_caught_up()
    {
        // During 国庆节 August is due (its close was 1 September) but September waits for the 8th.
        MonthlyClose.LastDue(China2026.At(10, 5, 10), Calendar).ShouldBe(M(2026, 8));
        MonthlyClose.MonthsToFreeze(China2026.At(10, 5, 10), Calendar, M(2026, 7)).ShouldBe([M(2026, 8)]);
        MonthlyClose.MonthsToFreeze(China2026.At(10, 7, 23, 59), Calendar, M(2026, 7)).ShouldBe([M(2026, 8)]);
        // Sunday 1 November: October closes on Monday the 2nd.
        MonthlyClose.MonthsToFreeze(China2026.At(11, 1, 12), Calendar, M(2026, 8)).ShouldBe([M(2026, 9)]);
        // The 调休 Sunday 4 January 2026 is January's first working day: December closes then.
        MonthlyClose.MonthsToFreeze(China2026.At(1, 3, 12), Calendar, M(2025, 11)).ShouldBeEmpty();
        MonthlyClose.MonthsToFreeze(China2026.At(1, 4, 0), Calendar, M(2025, 11)).ShouldBe([M(2025, 12)]);
    }

    [Fact]
    public void Nothing_is_frozen_twice_and_a_county_without_snapshots_starts_with_its_first_close()
    {
        MonthlyClose.MonthsToFreeze(China2026.At(10, 8, 9), Calendar, M(2026, 9)).ShouldBeEmpty();
        MonthlyClose.MonthsToFreeze(China2026.At(10, 8, 0), Calendar, null).ShouldBe([M(2026, 9)]);
        MonthlyClose.MonthsToFreeze(China2026.At(10, 7, 9), Calendar, null).ShouldBeEmpty();
    }
}
