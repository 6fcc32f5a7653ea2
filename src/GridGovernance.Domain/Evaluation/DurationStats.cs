using System.Globalization;

namespace GridGovernance.Domain.Evaluation;

/// <summary>
/// Mean and 90th percentile of durations measured in working minutes (the county's work calendar: only working hours count,
/// so a case reported on Friday evening and closed on Monday at 09:30 took one working hour). Shown in working hours.
/// The percentile is the nearest-rank one: the smallest value with at least 90 % of the values at or below it — always a
/// duration that really happened, and with fewer than ten values, the largest.
/// </summary>
public sealed record DurationStats(int Count, double? MeanMinutes, int? P90Minutes)
{
    public static DurationStats Empty { get; } = new(0, null, null);

    public static DurationStats Of(IEnumerable<int> workingMinutes)
    {
        var sorted = workingMinutes.Order().ToArray();
        if (sorted.Length == 0) return Empty;
        if (sorted[0] < 0) throw new ArgumentOutOfRangeException(nameof(workingMinutes), "时长不能为负。");
        var rank = (int)Math.Ceiling(0.9 * sorted.Length); // 1-based nearest rank
        return new DurationStats(sorted.Length, sorted.Average(), sorted[rank - 1]);
    }

    public string MeanText => Hours(MeanMinutes);

    public string P90Text => Hours(P90Minutes);

    /// <summary>"1.5 小时" (working hours, one decimal), or "—" with nothing measured.</summary>
    public static string Hours(double? minutes) => minutes is { } m
        ? Math.Round(m / 60, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture) + " 小时"
        : Share.None;
}
