using GridGovernance.Domain.Calendar;
using static GridGovernance.Domain.Tests.Calendar.China2026;

namespace GridGovernance.Domain.Tests.Calendar;

public class WorkCalendarClockTests
{
    private static readonly WorkCalendar Plain = WorkCalendar.MondayToFriday;

    [Fact]
    public void Elapsed_working_time_skips_the_night_and_the_weekend()
    {
        Plain.Elapsed(At(11, 27, 16), At(11, 30, 9), DeadlineUnit.WorkHour).ShouldBe(TimeSpan.FromHours(2)); // Fri 1.5 h + Mon 0.5 h
        Plain.Elapsed(At(11, 23, 11), At(11, 23, 15), DeadlineUnit.WorkDay).ShouldBe(TimeSpan.FromMinutes(90));
        Plain.Elapsed(At(11, 28, 8), At(11, 28, 20), DeadlineUnit.Minute).ShouldBe(TimeSpan.FromHours(12));
        Plain.WorkingTimeBetween(At(11, 23, 15), At(11, 23, 11)).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Remaining_time_turns_negative_by_the_working_time_used_after_the_deadline()
    {
        var deadline = At(11, 27, 17, 30); // Friday evening
        Plain.Remaining(deadline, At(11, 27, 16), DeadlineUnit.WorkHour).ShouldBe(TimeSpan.FromMinutes(90));
        Plain.Remaining(deadline, At(11, 28, 12), DeadlineUnit.WorkHour).ShouldBe(TimeSpan.Zero); // the weekend costs nothing
        Plain.Remaining(deadline, At(11, 30, 10), DeadlineUnit.WorkHour).ShouldBe(TimeSpan.FromMinutes(-90));
        Plain.Remaining(At(11, 23, 10, 30), At(11, 23, 10, 45), DeadlineUnit.Minute).ShouldBe(TimeSpan.FromMinutes(-15));
    }

    [Fact]
    public void The_light_turns_yellow_under_a_fifth_of_the_working_time_left_and_red_when_overdue()
    {
        var start = At(11, 23, 8, 30);
        var deadline = Plain.Deadline(start, 4, DeadlineUnit.WorkHour);
        deadline.ShouldBe(At(11, 23, 15, 0));
        // A fifth of 4 h is 48 min: 30 min after lunch plus 18 before it.
        Plain.Light(start, deadline, At(11, 23, 11, 0), DeadlineUnit.WorkHour).ShouldBe(TrafficLight.Green);
        Plain.Light(start, deadline, At(11, 23, 11, 42), DeadlineUnit.WorkHour).ShouldBe(TrafficLight.Green);
        Plain.Light(start, deadline, At(11, 23, 11, 43), DeadlineUnit.WorkHour).ShouldBe(TrafficLight.Yellow);
        Plain.Light(start, deadline, At(11, 23, 13, 0), DeadlineUnit.WorkHour).ShouldBe(TrafficLight.Yellow); // lunch: 30 min left
        Plain.Light(start, deadline, deadline, DeadlineUnit.WorkHour).ShouldBe(TrafficLight.Yellow);
        Plain.Light(start, deadline, deadline.AddMinutes(1), DeadlineUnit.WorkHour).ShouldBe(TrafficLight.Red);
    }

    [Fact]
    public void An_order_due_at_the_end_of_the_day_is_red_that_evening_though_no_working_time_passed()
    {
        var deadline = At(11, 27, 17, 30);
        Plain.Light(At(11, 26, 9), deadline, At(11, 27, 18), DeadlineUnit.WorkDay).ShouldBe(TrafficLight.Red);
        Plain.Remaining(deadline, At(11, 27, 18), DeadlineUnit.WorkDay).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void An_emergency_limit_uses_wall_clock_minutes_for_the_light()
    {
        var start = At(10, 3, 2, 0); // a holiday night: an emergency does not wait
        var deadline = Official.Deadline(start, 30, DeadlineUnit.Minute);
        Official.Light(start, deadline, start.AddMinutes(23), DeadlineUnit.Minute).ShouldBe(TrafficLight.Green);
        Official.Light(start, deadline, start.AddMinutes(25), DeadlineUnit.Minute).ShouldBe(TrafficLight.Yellow);
        Official.Light(start, deadline, start.AddMinutes(31), DeadlineUnit.Minute).ShouldBe(TrafficLight.Red);
    }

    [Fact]
    public void An_approved_extension_is_measured_against_its_new_deadline()
    {
        var start = At(11, 23, 9);
        var extended = Plain.Deadline(start, 5, DeadlineUnit.WorkDay); // was 1 work day, extended to 5
        Plain.Light(start, extended, At(11, 24, 16), DeadlineUnit.WorkDay).ShouldBe(TrafficLight.Green);
        Plain.Light(start, extended, At(11, 30, 9), DeadlineUnit.WorkDay).ShouldBe(TrafficLight.Yellow);
    }

    [Fact]
    public void Holidays_stop_the_clock()
    {
        Official.WorkingTimeBetween(At(9, 30, 17), At(10, 8, 9)).ShouldBe(TimeSpan.FromMinutes(60));
        Official.OverrideOn(new DateOnly(2026, 10, 10))!.Name.ShouldBe("国庆节调休");
        Official.OverrideOn(new DateOnly(2026, 10, 12)).ShouldBeNull();
        TrafficLight.Yellow.Chinese().ShouldBe("黄灯");
    }
}
