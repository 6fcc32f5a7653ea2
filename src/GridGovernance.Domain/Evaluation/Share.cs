using System.Globalization;

namespace GridGovernance.Domain.Evaluation;

/// <summary>
/// A rate: numerator over denominator. With nothing to count (denominator 0) there is no rate at all — shown as "—", never as
/// 0 % (which would punish a township for having no cases) or 100 % (which would reward it).
/// </summary>
public readonly record struct Share
{
    public const string None = "—";

    public Share(long numerator, long denominator)
    {
        if (numerator < 0 || denominator < 0) throw new ArgumentOutOfRangeException(nameof(numerator), "计数不能为负。");
        if (numerator > denominator) throw new ArgumentOutOfRangeException(nameof(numerator), "分子不能大于分母。");
        Numerator = numerator;
        Denominator = denominator;
    }

    public long Numerator { get; }

    public long Denominator { get; }

    public bool HasValue => Denominator > 0;

    /// <summary>Between 0 and 1, or null when there is nothing to count.</summary>
    public double? Value => Denominator > 0 ? (double)Numerator / Denominator : null;

    /// <summary>"87.5%" with one decimal (rounded half away from zero), or "—".</summary>
    public string Text => Value is { } v ? Percent(v) : None;

    public static string Percent(double share) =>
        Math.Round(share * 100, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public override string ToString() => $"{Text} ({Numerator}/{Denominator})";
}
