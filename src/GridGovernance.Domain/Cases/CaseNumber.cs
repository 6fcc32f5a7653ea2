using System.Globalization;

namespace GridGovernance.Domain.Cases;

/// <summary>
/// A case number as 数字城管 practice writes it: E|C + 大类 (2 digits) + 小类 (2 digits) + yyyymmdd + a 4-digit daily
/// sequence, e.g. E0102202611220007 (the 7th case of that county on 2026-11-22, an 事件 of 市容环境/暴露垃圾). A day with more
/// than 9,999 cases in one county (a disaster, a flood of reports) goes on with a 5-digit sequence (E01022026112210000, 18
/// characters) instead of refusing reports; every number has one spelling (4 digits up to 9999, 5 from 10000).
/// </summary>
public sealed record CaseNumber(CaseKind Kind, int Major, int Minor, DateOnly Day, int Sequence)
{
    public const int Length = 17;
    public const int LongLength = 18;
    public const int MaxSequence = 99999;

    /// <summary>Null when the parts make a valid number; otherwise why not, in Chinese.</summary>
    public static string? Problem(int major, int minor, DateOnly day, int sequence)
    {
        if (major is < 1 or > 99) return "大类代码应在 01–99 之间";
        if (minor is < 1 or > 99) return "小类代码应在 01–99 之间";
        if (day.Year is < 2000 or > 9999) return "日期超出范围";
        if (sequence is < 1 or > MaxSequence) return $"当日序号应在 1–{MaxSequence} 之间";
        return null;
    }

    public static CaseNumber Create(CaseKind kind, int major, int minor, DateOnly day, int sequence) =>
        Problem(major, minor, day, sequence) is { } problem
            ? throw new ArgumentException(problem)
            : new CaseNumber(kind, major, minor, day, sequence);

    /// <summary>Parses a number; null when it is malformed (wrong letter, length, date or a zero part).</summary>
    public static CaseNumber? TryParse(string? text)
    {
        if (text is not { Length: Length or LongLength }) return null;
        if (CaseKindExtensions.FromLetter(text[0]) is not { } kind) return null;
        if (!text.AsSpan(1).ToArray().All(char.IsAsciiDigit)) return null;
        var major = int.Parse(text.AsSpan(1, 2), CultureInfo.InvariantCulture);
        var minor = int.Parse(text.AsSpan(3, 2), CultureInfo.InvariantCulture);
        if (!DateOnly.TryParseExact(text.AsSpan(5, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return null;
        var sequence = int.Parse(text.AsSpan(13), CultureInfo.InvariantCulture);
        if (text.Length == LongLength && sequence < 10000) return null; // one spelling: 0123 is never written 00123
        return Problem(major, minor, day, sequence) is null ? new CaseNumber(kind, major, minor, day, sequence) : null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Kind.Letter()}{Major:D2}{Minor:D2}{Day:yyyyMMdd}{Sequence:D4}");
}
