using GridGovernance.Domain.Calendar;

namespace GridGovernance.Domain.Tests.Calendar;

public class ChinaTimeTests
{
    // 2026-11-20 16:05:09 UTC is 2026-11-21 00:05:09 in Beijing: the date turns over too.
    private static readonly DateTimeOffset LateUtc = new(2026, 11, 20, 16, 5, 9, TimeSpan.Zero);

    [Fact]
    public void Every_format_is_Beijing_time_whatever_the_instant_s_own_offset()
    {
        ChinaTime.Text(LateUtc).ShouldBe("11月21日 00:05");
        ChinaTime.Text(LateUtc.ToOffset(TimeSpan.FromHours(-5))).ShouldBe("11月21日 00:05");
        ChinaTime.Clock(LateUtc).ShouldBe("00:05");
        ChinaTime.ClockWithSeconds(LateUtc).ShouldBe("00:05:09");
        ChinaTime.InputValue(LateUtc).ShouldBe("2026-11-21T00:05");
        ChinaTime.Date(LateUtc).ShouldBe(new DateOnly(2026, 11, 21));
    }

    [Fact]
    public void The_machine_readable_form_keeps_the_instant()
    {
        DateTimeOffset.Parse(ChinaTime.Iso(LateUtc), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(LateUtc);
    }

    [Fact]
    public void A_typed_time_is_read_as_Beijing_time_and_what_no_clock_can_hold_is_refused()
    {
        ChinaTime.TryParseInput("2026-11-30T17:30", out var at).ShouldBeTrue();
        at.UtcDateTime.ShouldBe(new DateTime(2026, 11, 30, 9, 30, 0, DateTimeKind.Utc));
        ChinaTime.InputValue(at).ShouldBe("2026-11-30T17:30");
        ChinaTime.TryParseInput("2026-11-30 17:30", out _).ShouldBeTrue();
        ChinaTime.TryParseInput("0001-01-01T00:00", out _).ShouldBeFalse();
        ChinaTime.TryParseInput("30.11.2026 17:30", out _).ShouldBeFalse();
        ChinaTime.TryParseInput(null, out _).ShouldBeFalse();
    }

    [Fact]
    public void The_work_calendar_counts_in_the_same_zone() => WorkCalendar.ChinaUtcOffset.ShouldBe(ChinaTime.Offset);
}
