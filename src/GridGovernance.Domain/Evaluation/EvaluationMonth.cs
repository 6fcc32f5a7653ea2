using System.Globalization;
using GridGovernance.Domain.Calendar;

namespace GridGovernance.Domain.Evaluation;

/// <summary>
/// A calendar month in China time: the period every ranking is computed and frozen for. An instant belongs to the month
/// of its Beijing date, so a case closed at 2026-11-30 23:30 (15:30 UTC) counts in November even though UTC says the 30th too,
/// and one closed at 2026-12-01 00:10 (11-30 16:10 UTC) counts in December.
/// </summary>
public readonly record struct EvaluationMonth(int Year, int Month) : IComparable<EvaluationMonth>
{
    public static EvaluationMonth Of(DateTimeOffset instant)
    {
        var local = instant.ToOffset(ChinaTime.Offset);
        return new EvaluationMonth(local.Year, local.Month);
    }

    /// <summary>The first day of the month: how the month is stored (a <c>date</c> column).</summary>
    public DateOnly FirstDay => new(Year, Month, 1);

    public static EvaluationMonth FromFirstDay(DateOnly day) => new(day.Year, day.Month);

    /// <summary>Midnight Beijing time on the first day: the month is [Start, Next.Start).</summary>
    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, ChinaTime.Offset);

    public DateTimeOffset End => Next.Start;

    public EvaluationMonth Next => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    public EvaluationMonth Previous => Month == 1 ? new(Year - 1, 12) : new(Year, Month - 1);

    public bool Contains(DateTimeOffset instant) => Of(instant) == this;

    /// <summary>"2026-11": the form in URLs and query strings.</summary>
    public string Key => $"{Year:D4}-{Month:D2}";

    /// <summary>"2026年11月": the form on pages.</summary>
    public string Chinese => $"{Year}年{Month}月";

    public override string ToString() => Key;

    public static EvaluationMonth? TryParse(string? key)
    {
        if (key is null) return null;
        return DateOnly.TryParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
               && day.Year is >= 2000 and <= 2100
            ? FromFirstDay(day)
            : null;
    }

    public int CompareTo(EvaluationMonth other) => (Year * 12 + Month).CompareTo(other.Year * 12 + other.Month);

    public static bool operator <(EvaluationMonth a, EvaluationMonth b) => a.CompareTo(b) < 0;
    public static bool operator <=(EvaluationMonth a, EvaluationMonth b) => a.CompareTo(b) <= 0;
    public static bool operator >(EvaluationMonth a, EvaluationMonth b) => a.CompareTo(b) > 0;
    public static bool operator >=(EvaluationMonth a, EvaluationMonth b) => a.CompareTo(b) >= 0;
}
