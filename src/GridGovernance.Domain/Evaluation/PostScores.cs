namespace GridGovernance.Domain.Evaluation;

/// <summary>The posts 岗位评价 rates: the township's dispatchers and the grid workers.</summary>
public enum Post
{
    Dispatcher,
    GridWorker,
}

/// <summary>
/// One post holder's month: <see cref="Volume"/> cases of theirs (a grid worker's: reported by them that month; a dispatcher's:
/// registered — 立案 — by them that month), and of their cases that fell due that month (the same due-month rule as the
/// region's 按期办结率) how many were closed on time, went through 核查, and failed it (返工).
/// </summary>
public sealed record PostCounts(long Volume, long Due, long ClosedOnTime, long Checked, long Reworked)
{
    public static PostCounts Empty { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>A post holder's figures as the page shows them.</summary>
public sealed record PostValues(IndicatorValue Volume, IndicatorValue OnTime, IndicatorValue Accuracy, double? Score, Grade? Grade);

/// <summary>
/// 岗位评价: volume, on-time and accuracy of a dispatcher or grid worker, each formula written once here. Accuracy is
/// 1 − 返工率: the share of their checked cases that passed 核查 the first time. The post score is the mean of on-time and
/// accuracy (the ones with data) × 100, graded like the region's composite score.
/// </summary>
public static class PostScores
{
    public const string VolumeFormula = "网格员：当月本人上报的案件数；调度员：当月本人受理立案的案件数";
    public const string OnTimeFormula = "按期办结率 = 本人案件中当月应结且按期结案的数 ÷ 当月应结的数";
    public const string AccuracyFormula = "准确率 = 1 − 返工率 = (经核查的案件数 − 返工案件数) ÷ 经核查的案件数";
    public const string ScoreFormula = "岗位得分 = 按期办结率与准确率（有数据的）的平均值 × 100，保留一位小数；两项都无数据时不评分。等次同综合得分。";

    public static string PostName(this Post post) => post switch
    {
        Post.Dispatcher => "调度员",
        Post.GridWorker => "网格员",
        _ => throw new ArgumentOutOfRangeException(nameof(post)),
    };

    public static IndicatorValue OnTime(PostCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return IndicatorValue.Of(new Share(counts.ClosedOnTime, counts.Due));
    }

    /// <summary>1 − rework share; "—" when none of their cases was checked (no rework share to take from 1).</summary>
    public static IndicatorValue Accuracy(PostCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return IndicatorValue.Of(new Share(counts.Checked - counts.Reworked, counts.Checked));
    }

    public static double? Score(PostCounts counts)
    {
        var parts = new[] { OnTime(counts).Number, Accuracy(counts).Number }.Where(v => v is not null).Select(v => v!.Value).ToList();
        return parts.Count == 0 ? null : Math.Round(parts.Average() * 100, 1, MidpointRounding.AwayFromZero);
    }

    public static PostValues Values(PostCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var score = Score(counts);
        return new PostValues(IndicatorValue.Of(counts.Volume), OnTime(counts), Accuracy(counts), score,
            score is { } s ? Scoring.GradeOf(s) : null);
    }
}
