namespace GridGovernance.Domain.Calendar;

/// <summary>A deadline as a person reads it: its 绿/黄/红 light and the time left or over, e.g. "剩 3 小时 59 分（工作时间）".</summary>
public sealed record DeadlineReading(TrafficLight Light, string Text, DateTimeOffset Deadline);

/// <summary>The words a page's script needs to keep an arrival countdown true: only the number comes from the browser's clock.</summary>
/// <param name="Left">While time is left, with <c>{span}</c> for the time: "须于 14:35 前到场，剩 {span}".</param>
/// <param name="Over">Once late: "须于 14:35 前到场，超时 {span}".</param>
/// <param name="HoursMinutes">A span of hours and minutes, with <c>{h}</c> and <c>{m}</c>: "{h} 小时 {m} 分".</param>
/// <param name="Hours">Whole hours: "{h} 小时".</param>
/// <param name="Minutes">Under an hour: "{m} 分钟".</param>
public sealed record CountdownWords(string Left, string Over, string HoursMinutes, string Hours, string Minutes);

/// <summary>
/// The one author of deadline wording — the case's and the order's time limit, and a whistled unit's arrival countdown — on
/// every page (console, inbox, field) and in every script that keeps one ticking.
/// <para>
/// ONE rounding rule: a started minute counts. Spans are rounded UP to whole minutes in both directions, so a page never says
/// "剩 0 分钟" while time is left, nor "超时 0 分钟" once late. A limit counted in working time (工作时, 工作日) says so once, at
/// the end: "（工作时间）".
/// </para>
/// </summary>
public static class DeadlineText
{
    public const string WorkingTimeSuffix = "（工作时间）";

    private const string HoursMinutesPattern = "{h} 小时 {m} 分";
    private const string HoursPattern = "{h} 小时";
    private const string MinutesPattern = "{m} 分钟";

    /// <summary>Light and words of a limit that ran from <paramref name="start"/> to <paramref name="deadline"/>.</summary>
    public static DeadlineReading Of(WorkCalendar calendar, DateTimeOffset start, DateTimeOffset deadline, DateTimeOffset now, DeadlineUnit unit)
    {
        var light = calendar.Light(start, deadline, now, unit);
        var remaining = calendar.Remaining(deadline, now, unit);
        var suffix = unit.CountsWorkingTime() ? WorkingTimeSuffix : "";
        var dayLength = unit == DeadlineUnit.WorkDay ? calendar.WorkingDayLength : (TimeSpan?)null;
        // Past a working-time deadline in the evening no working time has passed yet: still late, said by the deadline itself.
        var text = now <= deadline ? $"剩 {Span(remaining, dayLength)}{suffix}"
            : remaining < TimeSpan.Zero ? $"超时 {Span(remaining, dayLength)}{suffix}"
            : $"已过时限 {ChinaTime.Text(deadline)}";
        return new DeadlineReading(light, text, deadline);
    }

    /// <summary>
    /// A whistled unit's arrival, on the wall clock: "须于 14:35 前到场，剩 12 分钟" / "…，超时 3 分钟" on the way;
    /// "已于 14:20 到场报到" or "已于 14:40 到场报到（迟到 5 分钟）" once there.
    /// </summary>
    public static string Arrival(DateTimeOffset deadline, DateTimeOffset? arrivedAt, DateTimeOffset now)
    {
        if (arrivedAt is { } at)
            return at <= deadline
                ? $"已于 {ChinaTime.Clock(at)} 到场报到"
                : $"已于 {ChinaTime.Clock(at)} 到场报到（迟到 {Span(at - deadline)}）";
        var words = ArrivalWords(deadline, now);
        return (now <= deadline ? words.Left : words.Over).Replace("{span}", Span(deadline - now), StringComparison.Ordinal);
    }

    /// <summary>
    /// The arrival countdown's light: 红 once late, 黄 (amber) only when less than <see cref="WorkCalendar.YellowShare"/> of the
    /// time from the whistle to the limit is left, else 绿 — four hours left of four is calm, not an alarm. Wall clock, like the
    /// countdown itself; countdown.js applies the same rule from the element's data-countdown-start.
    /// </summary>
    public static TrafficLight ArrivalLight(DateTimeOffset start, DateTimeOffset deadline, DateTimeOffset? arrivedAt, DateTimeOffset now)
    {
        if (ArrivalLate(deadline, arrivedAt, now)) return TrafficLight.Red;
        if (arrivedAt is not null) return TrafficLight.Green;
        var allowed = deadline - start;
        return (deadline - now).Ticks < allowed.Ticks * WorkCalendar.YellowShare ? TrafficLight.Yellow : TrafficLight.Green;
    }

    /// <summary>Late on arrival, or not there yet while the limit has passed.</summary>
    public static bool ArrivalLate(DateTimeOffset deadline, DateTimeOffset? arrivedAt, DateTimeOffset now) => (arrivedAt ?? now) > deadline;

    /// <summary>The arrival countdown's words, for the page's script (see <see cref="CountdownWords"/>).</summary>
    /// <remarks>A limit on another day than <paramref name="now"/> (a 日常哨 blown on Friday evening is due on Monday) names its date.</remarks>
    public static CountdownWords ArrivalWords(DateTimeOffset deadline, DateTimeOffset? now = null)
    {
        var clock = now is { } today && ChinaTime.Date(today) != ChinaTime.Date(deadline) ? ChinaTime.Text(deadline) : ChinaTime.Clock(deadline);
        return new CountdownWords($"须于 {clock} 前到场，剩 {{span}}", $"须于 {clock} 前到场，超时 {{span}}",
            HoursMinutesPattern, HoursPattern, MinutesPattern);
    }

    /// <summary>
    /// A span in words, its sign ignored and rounded up to the minute: "45 分钟", "3 小时", "3 小时 59 分"; with a working day's
    /// length (工作日 limits) whole working days first: "2 个工作日 1 小时 30 分".
    /// </summary>
    public static string Span(TimeSpan span, TimeSpan? workingDayLength = null)
    {
        var minutes = RoundedMinutes(span);
        if (workingDayLength is { } day && day > TimeSpan.Zero)
        {
            var dayMinutes = (long)day.TotalMinutes;
            if (minutes >= dayMinutes)
            {
                var rest = minutes % dayMinutes;
                return rest == 0 ? $"{minutes / dayMinutes} 个工作日" : $"{minutes / dayMinutes} 个工作日 {HoursAndMinutes(rest)}";
            }
        }
        return HoursAndMinutes(minutes);
    }

    /// <summary>The rounding rule: whole minutes, any started minute counted (so only an exact zero reads as 0).</summary>
    public static long RoundedMinutes(TimeSpan span)
    {
        var ticks = Math.Abs(span.Ticks);
        return ticks / TimeSpan.TicksPerMinute + (ticks % TimeSpan.TicksPerMinute == 0 ? 0 : 1);
    }

    private static string HoursAndMinutes(long minutes)
    {
        var (hours, rest) = (minutes / 60, minutes % 60);
        var pattern = hours == 0 ? MinutesPattern : rest == 0 ? HoursPattern : HoursMinutesPattern;
        return pattern.Replace("{h}", hours.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{m}", rest.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
