using GridGovernance.Domain.Calendar;
using static GridGovernance.Domain.Tests.Calendar.China2026;

namespace GridGovernance.Domain.Tests.Calendar;

public class DeadlineTextTests
{
    private static readonly WorkCalendar Plain = WorkCalendar.MondayToFriday;

    [Theory]
    [InlineData(0, "0 分钟")]
    [InlineData(1, "1 分钟")]            // one tick: a started minute counts
    [InlineData(59 * 10_000_000L, "1 分钟")]
    [InlineData(60 * 10_000_000L, "1 分钟")]
    [InlineData(60 * 10_000_000L + 1, "2 分钟")]
    [InlineData(59 * 60 * 10_000_000L + 1, "1 小时")]
    [InlineData(60 * 60 * 10_000_000L, "1 小时")]
    [InlineData(60 * 60 * 10_000_000L + 1, "1 小时 1 分")]
    [InlineData((3 * 60 + 59) * 60 * 10_000_000L, "3 小时 59 分")]
    [InlineData((3 * 60 + 58) * 60 * 10_000_000L + 5 * 10_000_000L, "3 小时 59 分")]
    [InlineData(-(65 * 60 * 10_000_000L), "1 小时 5 分")] // the sign is the caller's business (剩/超时)
    [InlineData(-(64 * 60 * 10_000_000L) - 1, "1 小时 5 分")]
    public void A_span_is_rounded_up_to_the_minute_in_both_directions(long ticks, string expected) =>
        DeadlineText.Span(TimeSpan.FromTicks(ticks)).ShouldBe(expected);

    [Fact]
    public void A_span_of_working_days_names_whole_working_days_first()
    {
        var day = Plain.WorkingDayLength; // 6.5 h
        DeadlineText.Span(day * 2, day).ShouldBe("2 个工作日");
        DeadlineText.Span(day * 2 + TimeSpan.FromMinutes(90), day).ShouldBe("2 个工作日 1 小时 30 分");
        DeadlineText.Span(day - TimeSpan.FromMinutes(1), day).ShouldBe("6 小时 29 分");
        DeadlineText.Span(day * 2 - TimeSpan.FromTicks(1), day).ShouldBe("2 个工作日"); // rounded up onto the boundary
    }

    [Fact]
    public void Time_left_on_a_working_hour_limit_says_it_counts_working_time_once()
    {
        var start = At(11, 23, 8, 30);
        var deadline = Plain.Deadline(start, 8, DeadlineUnit.WorkHour); // Tue 10:00
        var reading = DeadlineText.Of(Plain, start, deadline, At(11, 23, 15, 0) - TimeSpan.FromSeconds(30), DeadlineUnit.WorkHour);
        reading.Text.ShouldBe("剩 4 小时 1 分（工作时间）"); // 2:30 today + 1:30 tomorrow + the started minute
        reading.Light.ShouldBe(TrafficLight.Green);
        reading.Deadline.ShouldBe(deadline);
    }

    [Fact]
    public void An_overdue_limit_says_by_how_much_and_turns_red()
    {
        var start = At(11, 23, 8, 30);
        var deadline = At(11, 23, 10, 0);
        var reading = DeadlineText.Of(Plain, start, deadline, At(11, 23, 11, 5), DeadlineUnit.WorkHour);
        reading.Text.ShouldBe("超时 1 小时 5 分（工作时间）");
        reading.Light.ShouldBe(TrafficLight.Red);
    }

    [Fact]
    public void A_wall_clock_limit_says_nothing_about_working_time()
    {
        var start = At(11, 28, 20, 0); // Saturday night: 分钟 limits run anyway
        DeadlineText.Of(Plain, start, start.AddMinutes(30), start.AddMinutes(18), DeadlineUnit.Minute).Text.ShouldBe("剩 12 分钟");
        DeadlineText.Of(Plain, start, start.AddMinutes(30), start.AddMinutes(95), DeadlineUnit.Minute).Text.ShouldBe("超时 1 小时 5 分");
    }

    [Fact]
    public void Past_a_working_time_deadline_in_the_evening_it_names_the_deadline_instead_of_zero_minutes()
    {
        var deadline = At(11, 27, 17, 30); // Friday, end of work
        var reading = DeadlineText.Of(Plain, At(11, 27, 8, 30), deadline, At(11, 28, 12, 0), DeadlineUnit.WorkHour);
        reading.Text.ShouldBe("已过时限 11月27日 17:30");
        reading.Light.ShouldBe(TrafficLight.Red);
    }

    [Fact]
    public void At_the_deadline_itself_nothing_is_left_and_nothing_is_late()
    {
        var start = At(11, 23, 10, 0);
        var reading = DeadlineText.Of(Plain, start, start.AddMinutes(30), start.AddMinutes(30), DeadlineUnit.Minute);
        reading.Text.ShouldBe("剩 0 分钟");
        reading.Light.ShouldBe(TrafficLight.Yellow);
    }

    [Fact]
    public void The_arrival_countdown_names_the_clock_time_and_rounds_like_every_other_deadline()
    {
        var deadline = At(11, 23, 14, 35);
        DeadlineText.Arrival(deadline, null, deadline.AddMinutes(-12)).ShouldBe("须于 14:35 前到场，剩 12 分钟");
        DeadlineText.Arrival(deadline, null, deadline.AddSeconds(-1)).ShouldBe("须于 14:35 前到场，剩 1 分钟");
        DeadlineText.Arrival(deadline, null, deadline.AddSeconds(1)).ShouldBe("须于 14:35 前到场，超时 1 分钟");
        DeadlineText.Arrival(deadline, null, deadline.AddMinutes(65)).ShouldBe("须于 14:35 前到场，超时 1 小时 5 分");
        DeadlineText.Arrival(deadline, deadline.AddMinutes(-15), deadline.AddHours(1)).ShouldBe("已于 14:20 到场报到");
        DeadlineText.Arrival(deadline, deadline.AddMinutes(4).AddSeconds(10), deadline.AddHours(1)).ShouldBe("已于 14:39 到场报到（迟到 5 分钟）");
        DeadlineText.ArrivalLate(deadline, null, deadline.AddSeconds(1)).ShouldBeTrue();
        DeadlineText.ArrivalLate(deadline, deadline, deadline.AddHours(1)).ShouldBeFalse();
    }

    [Fact]
    public void The_words_for_the_page_script_give_the_same_text_as_the_server_once_the_span_is_put_in()
    {
        var deadline = At(11, 23, 14, 35);
        var words = DeadlineText.ArrivalWords(deadline);
        words.Left.Replace("{span}", words.Minutes.Replace("{m}", "12")).ShouldBe(DeadlineText.Arrival(deadline, null, deadline.AddMinutes(-12)));
        words.Over.Replace("{span}", words.HoursMinutes.Replace("{h}", "1").Replace("{m}", "5"))
            .ShouldBe(DeadlineText.Arrival(deadline, null, deadline.AddMinutes(65)));
        words.Left.Replace("{span}", words.Hours.Replace("{h}", "2")).ShouldBe(DeadlineText.Arrival(deadline, null, deadline.AddHours(-2)));
    }

    [Fact]
    public void Four_hours_left_reads_in_hours_and_minutes_and_is_not_amber()
    {
        var whistled = At(11, 23, 9, 0);
        var deadline = whistled.AddMinutes(240);
        DeadlineText.Arrival(deadline, null, whistled.AddSeconds(64)).ShouldBe("须于 13:00 前到场，剩 3 小时 59 分");
        DeadlineText.ArrivalLight(whistled, deadline, null, whistled.AddSeconds(64)).ShouldBe(TrafficLight.Green);
        // Amber only under 20 % left: 48 of 240 minutes.
        DeadlineText.ArrivalLight(whistled, deadline, null, deadline.AddMinutes(-48)).ShouldBe(TrafficLight.Green);
        DeadlineText.ArrivalLight(whistled, deadline, null, deadline.AddMinutes(-47)).ShouldBe(TrafficLight.Yellow);
        DeadlineText.ArrivalLight(whistled, deadline, null, deadline.AddSeconds(1)).ShouldBe(TrafficLight.Red);
        DeadlineText.ArrivalLight(whistled, deadline, deadline.AddMinutes(-1), deadline.AddHours(1)).ShouldBe(TrafficLight.Green);
        DeadlineText.ArrivalLight(whistled, deadline, deadline.AddMinutes(1), deadline.AddHours(1)).ShouldBe(TrafficLight.Red);
    }

    [Fact]
    public void A_limit_on_another_day_names_its_date()
    {
        var friday = At(11, 27, 17, 0);
        var monday = At(11, 30, 12, 0);
        DeadlineText.ArrivalWords(monday, friday).Left.ShouldBe("须于 11月30日 12:00 前到场，剩 {span}");
        DeadlineText.ArrivalWords(monday, monday.AddHours(-1)).Left.ShouldBe("须于 12:00 前到场，剩 {span}");
        DeadlineText.Arrival(monday, null, friday).ShouldStartWith("须于 11月30日 12:00 前到场，剩 67 小时");
    }
}
