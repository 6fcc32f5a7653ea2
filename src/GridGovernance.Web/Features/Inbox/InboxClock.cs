using System.Globalization;
using GridGovernance.Domain.Calendar;

namespace GridGovernance.Web.Features.Inbox;

/// <summary>
/// Turns an order's clock into words. The limit runs from dispatch to the deadline on the county's work calendar in the 小类's
/// unit (工作时/工作日 skip nights and holidays; 分钟 run on the wall clock), so "剩 3 工作时" is what the unit can still spend.
/// </summary>
internal static class InboxClock
{
    public static Countdown Of(WorkCalendar calendar, DateTimeOffset start, DateTimeOffset deadline, DateTimeOffset now, DeadlineUnit unit)
    {
        var light = calendar.Light(start, deadline, now, unit);
        var remaining = calendar.Remaining(deadline, now, unit);
        // Past the deadline in the evening no working time has passed yet: still late, said by the deadline itself.
        var text = now <= deadline ? $"剩 {Span(remaining, unit, calendar)}"
            : remaining < TimeSpan.Zero ? $"已超时 {Span(remaining.Duration(), unit, calendar)}"
            : $"已过时限 {Local(deadline)}";
        return new Countdown(light, text, deadline);
    }

    /// <summary>"须于 14:35 前到场，剩 12 分钟" while the unit is on its way; wall-clock minutes, like every arrival limit.</summary>
    public static string ArrivalText(Arrival arrival, DateTimeOffset now)
    {
        if (arrival.ArrivedAt is { } at)
            return at <= arrival.Deadline
                ? $"已于 {Clock(at)} 到场报到"
                : $"已于 {Clock(at)} 到场报到（迟到 {Minutes(at - arrival.Deadline)} 分钟）";
        var left = arrival.Deadline - now;
        return left > TimeSpan.Zero
            ? $"须于 {Clock(arrival.Deadline)} 前到场，剩 {Minutes(left)} 分钟"
            : $"须于 {Clock(arrival.Deadline)} 前到场，已超时 {Minutes(-left)} 分钟";
    }

    public static bool ArrivalLate(Arrival arrival, DateTimeOffset now) => (arrival.ArrivedAt ?? now) > arrival.Deadline;

    public static string Clock(DateTimeOffset at) => at.ToOffset(WorkCalendar.ChinaUtcOffset).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Local(DateTimeOffset at) => at.ToOffset(WorkCalendar.ChinaUtcOffset).ToString("M月d日 HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The value of a datetime-local input in China time.</summary>
    public static string InputValue(DateTimeOffset at) => at.ToOffset(WorkCalendar.ChinaUtcOffset).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    // Rounded up: "剩 0 分钟" while time is still left would read as already late.
    private static long Minutes(TimeSpan span) => (long)Math.Ceiling(span.TotalMinutes);

    private static string Span(TimeSpan span, DeadlineUnit unit, WorkCalendar calendar)
    {
        var minutes = Minutes(span);
        if (unit == DeadlineUnit.Minute)
            return minutes < 60 ? $"{minutes} 分钟" : $"{minutes / 60} 小时 {minutes % 60} 分钟";
        if (unit == DeadlineUnit.WorkDay && span >= calendar.WorkingDayLength)
        {
            var days = (long)(span / calendar.WorkingDayLength);
            var rest = (long)Math.Ceiling((span - calendar.WorkingDayLength * days).TotalHours);
            return rest == 0 ? $"{days} 个工作日" : $"{days} 个工作日 {rest} 工作时";
        }
        return minutes < 60 ? $"{minutes} 分钟（工作时间）" : $"{minutes / 60} 工作时 {minutes % 60} 分";
    }
}
