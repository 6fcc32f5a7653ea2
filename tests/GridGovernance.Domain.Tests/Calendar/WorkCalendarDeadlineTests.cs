using GridGovernance.Domain.Calendar;
using static GridGovernance.Domain.Tests.Calendar.China2026;

namespace GridGovernance.Domain.Tests.Calendar;

public class WorkCalendarDeadlineTests
{
    private static readonly WorkCalendar Plain = WorkCalendar.MondayToFriday;

    // 2026-11-23 is a Monday.
    [Theory]
    [InlineData(23, 9, 0, 2, 23, 11, 0)]    // inside the morning period
    [InlineData(23, 11, 50, 1, 23, 15, 20)] // 10 minutes before lunch, 50 after it
    [InlineData(23, 11, 0, 1, 23, 12, 0)]   // used up exactly at the period's end: ends there, not at 14:30
    [InlineData(23, 7, 0, 1, 23, 9, 30)]    // before hours: counting starts at 08:30
    [InlineData(23, 12, 30, 1, 23, 15, 30)] // in the lunch break: counting starts at 14:30
    [InlineData(23, 18, 0, 1, 24, 9, 30)]   // after hours: the next morning
    [InlineData(23, 17, 0, 5, 24, 15, 30)]  // 30 min today, 3.5 h tomorrow morning, 1 h after lunch
    [InlineData(27, 17, 0, 1, 30, 9, 0)]    // Friday afternoon across the weekend to Monday
    [InlineData(28, 10, 0, 1, 30, 9, 30)]   // a Saturday start counts from Monday 08:30
    [InlineData(23, 8, 30, 13, 24, 17, 30)] // two full working days of 6.5 h
    public void Work_hours_count_only_working_periods_of_workdays(int day, int hour, int minute, int limit, int endDay, int endHour, int endMinute) =>
        Plain.Deadline(At(11, day, hour, minute), limit, DeadlineUnit.WorkHour).ShouldBe(At(11, endDay, endHour, endMinute));

    [Theory]
    [InlineData(27, 10, 0, 1, 30, 10, 0)]   // Friday 10:00 + 1 工作日 = Monday 10:00 (same clock time)
    [InlineData(25, 15, 0, 3, 30, 15, 0)]   // Wednesday afternoon + 3 = Monday afternoon
    [InlineData(28, 9, 0, 1, 30, 17, 30)]   // Saturday: counting starts Monday 08:30, one whole day ends Monday 17:30
    [InlineData(25, 12, 30, 1, 26, 12, 0)]  // lunch break: counts from 14:30, ends when Thursday's morning work ends
    [InlineData(25, 18, 0, 2, 27, 17, 30)]  // Wednesday evening + 2 = Thursday and Friday
    [InlineData(23, 8, 30, 1, 23, 17, 30)]  // a start at the opening uses that very day
    public void Work_days_end_at_the_same_clock_time_or_at_the_end_of_the_last_whole_day(int day, int hour, int minute, int limit, int endDay, int endHour, int endMinute) =>
        Plain.Deadline(At(11, day, hour, minute), limit, DeadlineUnit.WorkDay).ShouldBe(At(11, endDay, endHour, endMinute));

    [Fact]
    public void A_work_day_is_the_day_s_working_time() =>
        Plain.WorkingDayLength.ShouldBe(TimeSpan.FromHours(6.5));

    [Fact]
    public void National_day_holidays_are_skipped_and_the_make_up_Saturday_counts()
    {
        var start = At(9, 30, 16); // Wednesday before 国庆
        Official.Deadline(start, 1, DeadlineUnit.WorkDay).ShouldBe(At(10, 8, 16));
        Official.Deadline(start, 2, DeadlineUnit.WorkDay).ShouldBe(At(10, 9, 16));
        Official.Deadline(start, 3, DeadlineUnit.WorkDay).ShouldBe(At(10, 10, 16)); // 10月10日 is a 调休 Saturday
        Official.Deadline(start, 4, DeadlineUnit.WorkDay).ShouldBe(At(10, 12, 16)); // Sunday 11th is off again
        Official.Deadline(start, 4, DeadlineUnit.WorkHour).ShouldBe(At(10, 8, 11));  // 1.5 h on the 30th, 2.5 h on the 8th
        Plain.Deadline(start, 1, DeadlineUnit.WorkDay).ShouldBe(At(10, 1, 16));    // without the calendar 国庆 would be worked
    }

    [Fact]
    public void A_make_up_Sunday_and_a_make_up_Saturday_are_worked()
    {
        Official.Deadline(At(9, 18, 17), 1, DeadlineUnit.WorkHour).ShouldBe(At(9, 20, 9));  // Friday → 调休 Sunday 20th
        Official.Deadline(At(2, 13, 17), 1, DeadlineUnit.WorkHour).ShouldBe(At(2, 14, 9));  // Friday → 调休 Saturday 14th
        Official.Deadline(At(2, 14, 17), 1, DeadlineUnit.WorkHour).ShouldBe(At(2, 24, 9));  // then 春节 until the 23rd
    }

    [Fact]
    public void A_weekday_holiday_is_skipped() =>
        Official.Deadline(At(4, 30, 10), 1, DeadlineUnit.WorkDay).ShouldBe(At(5, 6, 10)); // 劳动节 1–5 May, Wednesday the 6th

    [Fact]
    public void Minutes_run_on_the_wall_clock_through_holidays_and_nights()
    {
        Official.Deadline(At(10, 1, 10), 30, DeadlineUnit.Minute).ShouldBe(At(10, 1, 10, 30));
        Official.Deadline(At(10, 1, 23, 50), 120, DeadlineUnit.Minute).ShouldBe(At(10, 2, 1, 50));
    }

    [Fact]
    public void An_unknown_year_counts_Monday_to_Friday_and_says_so()
    {
        Official.IsYearKnown(2026).ShouldBeTrue();
        Official.IsYearKnown(2027).ShouldBeFalse();
        var start = At(12, 31, 16); // Thursday; 2027's 元旦 is not published here, so Friday 1 January counts
        var deadline = Official.Deadline(start, 2, DeadlineUnit.WorkDay);
        deadline.ShouldBe(At(1, 4, 16, year: 2027));
        Official.UnknownYears(start, deadline).ShouldBe([2027]);
        Official.UnknownYears(At(3, 1, 9), At(3, 2, 9)).ShouldBeEmpty();
    }

    [Fact]
    public void A_start_in_an_unknown_year_reaches_into_the_known_holidays() =>
        Official.Deadline(At(12, 31, 16, year: 2025), 1, DeadlineUnit.WorkDay).ShouldBe(At(1, 4, 16)); // 元旦 off, Sunday 4th worked

    [Fact]
    public void Every_work_day_of_2026_plus_one_work_day_lands_on_the_next_workday_at_the_same_time()
    {
        var off = Days.Where(d => d.Kind == DayOverrideKind.Holiday).Select(d => d.Date).ToHashSet();
        var on = Days.Where(d => d.Kind == DayOverrideKind.Workday).Select(d => d.Date).ToHashSet();
        bool Works(DateOnly d) => on.Contains(d) || (!off.Contains(d) && d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        var workdays = 0;
        for (var day = new DateOnly(2026, 1, 1); day.Year == 2026; day = day.AddDays(1))
        {
            Official.IsWorkday(day).ShouldBe(Works(day), day.ToString("O", null));
            if (!Works(day)) continue;
            workdays++;
            var next = day.AddDays(1);
            while (!Works(next)) next = next.AddDays(1);
            var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 15)), Cst);
            Official.Deadline(start, 1, DeadlineUnit.WorkDay).ShouldBe(new DateTimeOffset(next.ToDateTime(new TimeOnly(10, 15)), Cst));
        }
        workdays.ShouldBe(248); // 365 − 104 weekend days − 19 holidays on weekdays + 6 make-up days
    }

    [Fact]
    public void A_county_may_set_its_own_working_periods()
    {
        var summer = new WorkCalendar([new(new TimeOnly(9, 0), new TimeOnly(12, 0)), new(new TimeOnly(13, 0), new TimeOnly(18, 0))]);
        summer.Deadline(At(11, 23, 11, 30), 1, DeadlineUnit.WorkHour).ShouldBe(At(11, 23, 13, 30));
        summer.WorkingDayLength.ShouldBe(TimeSpan.FromHours(8));
    }

    [Fact]
    public void Instants_in_other_offsets_are_read_on_the_Chinese_clock()
    {
        var start = new DateTimeOffset(2026, 11, 23, 3, 50, 0, TimeSpan.Zero); // 11:50 in Beijing
        var deadline = Plain.Deadline(start, 1, DeadlineUnit.WorkHour);
        deadline.ShouldBe(At(11, 23, 15, 20));
        deadline.Offset.ShouldBe(Cst);
    }

    [Fact]
    public void Bad_periods_duplicate_dates_and_non_positive_limits_are_refused()
    {
        Should.Throw<ArgumentException>(() => new WorkCalendar([])).Message.ShouldStartWith("至少需要一个工作时段。");
        Should.Throw<ArgumentException>(() => new WorkCalendar([new(new TimeOnly(12, 0), new TimeOnly(8, 0))]))
            .Message.ShouldStartWith("工作时段 12:00–08:00 的开始时间须早于结束时间。");
        Should.Throw<ArgumentException>(() => new WorkCalendar([new(new TimeOnly(8, 0), new TimeOnly(12, 0)), new(new TimeOnly(11, 0), new TimeOnly(13, 0))]))
            .Message.ShouldStartWith("工作时段 08:00–12:00 与 11:00–13:00 重叠。");
        var day = new DayOverride(new DateOnly(2026, 10, 1), DayOverrideKind.Holiday, "国庆节");
        Should.Throw<ArgumentException>(() => new WorkCalendar(overrides: [day, day])).Message.ShouldStartWith("日期 2026-10-01 在工作日历中出现了两次。");
        Should.Throw<ArgumentOutOfRangeException>(() => Plain.Deadline(At(11, 23, 9), 0, DeadlineUnit.WorkHour));
    }

    [Fact]
    public void Units_use_the_codes_of_case_category_time_unit()
    {
        DeadlineUnits.All.Select(u => u.Code()).ShouldBe(["work_hour", "work_day", "minute"]);
        foreach (var unit in DeadlineUnits.All) DeadlineUnits.FromCode(unit.Code()).ShouldBe(unit);
        DeadlineUnits.FromCode("hour").ShouldBeNull();
        DeadlineUnit.WorkDay.Chinese().ShouldBe("工作日");
    }
}
