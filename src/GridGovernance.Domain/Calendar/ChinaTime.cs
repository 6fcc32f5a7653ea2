using System.Globalization;

namespace GridGovernance.Domain.Calendar;

/// <summary>
/// The one way an instant is written for a person: Beijing time (China Standard Time, UTC+8, no daylight saving since
/// 1991), whatever the server's or the browser's zone. Pages, notes, notifications and messages all call this.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    private static readonly string[] InputFormats = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"];

    /// <summary>The instant on China's clock.</summary>
    public static DateTimeOffset Of(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>China's calendar date of the instant.</summary>
    public static DateOnly Date(DateTimeOffset instant) => DateOnly.FromDateTime(Of(instant).DateTime);

    /// <summary>"11月20日 17:30": every date and time a person reads (the year is the case file's, not the reader's, concern).</summary>
    public static string Text(DateTimeOffset instant) => Format(instant, "M月d日 HH:mm");

    /// <summary>"17:30": a time of day where the day goes without saying (an arrival limit, a lockout ending today).</summary>
    public static string Clock(DateTimeOffset instant) => Format(instant, "HH:mm");

    /// <summary>"17:30:05": a line of the live feed, where events a few seconds apart must stay apart.</summary>
    public static string ClockWithSeconds(DateTimeOffset instant) => Format(instant, "HH:mm:ss");

    /// <summary>"2026-11-20 17:30": a cell of an exported table, which a spreadsheet sorts and reads as a date.</summary>
    public static string Sortable(DateTimeOffset instant) => Format(instant, "yyyy-MM-dd HH:mm");

    /// <summary>"2026-11-20T17:30": the value of a datetime-local input, which the form sends back as China time.</summary>
    public static string InputValue(DateTimeOffset instant) => Format(instant, "yyyy-MM-ddTHH:mm");

    /// <summary>
    /// Reads what a person typed as China time (a datetime-local input: "2026-11-30T17:30", seconds or a space allowed).
    /// False for anything else, including instants no clock can hold (year 1 in China is before DateTimeOffset's first UTC).
    /// </summary>
    public static bool TryParseInput(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (!DateTime.TryParseExact(text, InputFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || local < DateTime.MinValue + Offset) return false;
        instant = new DateTimeOffset(local, Offset);
        return true;
    }

    /// <summary>The machine-readable instant of a &lt;time datetime&gt; or a data-* attribute (ISO 8601 with offset).</summary>
    public static string Iso(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);

    private static string Format(DateTimeOffset instant, string format) => Of(instant).ToString(format, CultureInfo.InvariantCulture);
}
