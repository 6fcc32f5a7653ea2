using System.Globalization;
using GridGovernance.Domain.Calendar;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>A deadline as the console shows it: the 绿/黄/红 light and the time left (or over) in the limit's own terms.</summary>
public sealed record DeadlineView(TrafficLight Light, string Text, DateTimeOffset At)
{
    public string LightCode => Light.Code();

    public string LocalAt => ConsoleText.Local(At);

    /// <summary>Light and time left of a limit that ran from <paramref name="start"/>; working-time limits skip nights and holidays.</summary>
    public static DeadlineView Of(WorkCalendar calendar, DateTimeOffset start, DateTimeOffset deadline, DateTimeOffset now, DeadlineUnit unit)
    {
        var light = calendar.Light(start, deadline, now, unit);
        var remaining = calendar.Remaining(deadline, now, unit);
        var working = unit.CountsWorkingTime() ? "工作时间" : "";
        var text = now > deadline
            ? $"已超时 {ConsoleText.Span(remaining.Duration())}{(working.Length > 0 ? "（" + working + "）" : "")}"
            : $"剩余 {ConsoleText.Span(remaining)}{(working.Length > 0 ? "（" + working + "）" : "")}";
        return new DeadlineView(light, text, deadline);
    }
}

/// <summary>How the console writes times: Beijing time, and durations in 天/小时/分.</summary>
public static class ConsoleText
{
    public static string Local(DateTimeOffset instant) =>
        instant.ToOffset(WorkCalendar.ChinaUtcOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = span.Negate();
        var minutes = (long)Math.Floor(span.TotalMinutes);
        var days = minutes / (24 * 60);
        var hours = minutes / 60 % 24;
        var rest = minutes % 60;
        if (days > 0) return $"{days}天{hours}小时";
        if (hours > 0) return $"{hours}小时{rest}分";
        return $"{rest}分钟";
    }

    /// <summary>A whistle's arrival countdown in minutes and seconds (dispatch.js keeps ticking it).</summary>
    public static string Countdown(DateTimeOffset deadline, DateTimeOffset now)
    {
        var left = deadline - now;
        if (left <= TimeSpan.Zero) return $"已超过到场时限 {(int)Math.Ceiling(-left.TotalMinutes)} 分钟";
        var seconds = (long)Math.Floor(left.TotalSeconds);
        return $"距到场时限 {seconds / 60} 分 {seconds % 60:D2} 秒";
    }
}
