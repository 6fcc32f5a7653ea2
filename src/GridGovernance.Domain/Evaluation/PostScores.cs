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

    /// <summary>
    /// The counts of account <paramref name="staffId"/> holding <paramref name="post"/> in <paramref name="month"/>, from case
    /// facts: its cases are those it reported (grid worker, <see cref="CaseFact.ReporterId"/>) or registered (dispatcher,
    /// <see cref="CaseFact.RegistrarId"/>); the volume counts them in the month reported or registered, the rest in their due
    /// month and only while counted (not 缓办, 终止, 作废). SQL sums the same for the page (<c>StatsCharts.PostsAsync</c>).
    /// </summary>
    public static PostCounts From(Post post, long staffId, EvaluationMonth month, IEnumerable<CaseFact> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var mine = facts.Where(f => (post == Post.GridWorker ? f.ReporterId : f.RegistrarId) == staffId).ToList();
        var volume = mine.Count(f => (post == Post.GridWorker ? f.ReportedMonth : f.RegisteredMonth) == month);
        var due = mine.Where(f => f.DueMonth == month && f.Counted).ToList();
        return new PostCounts(volume, due.Count, due.Count(f => f.ClosedOnTime), due.Count(f => f.Checked), due.Count(f => f.Reworked));
    }
}

/// <summary>A post holder's figures as the page shows them.</summary>
public sealed record PostValues(IndicatorValue Volume, IndicatorValue OnTime, IndicatorValue Accuracy, double? Score, Grade? Grade);

/// <summary>
/// A 岗位评价 indicator, like <see cref="Indicator"/> for areas: key, Chinese name (column header), formula and the 说明 the page
/// shows; <see cref="Compute"/> is the formula itself — the only place it is written.
/// </summary>
public sealed record PostIndicator(string Key, string Name, IndicatorKind Kind, string Formula, string Explanation,
    Func<PostCounts, IndicatorValue> Compute);

/// <summary>
/// 岗位评价: volume, on-time and accuracy of a dispatcher or grid worker, each formula written once here. Accuracy is
/// 1 − 返工率: the share of their checked cases that passed 核查 the first time. The post score is the mean of on-time and
/// accuracy (the ones with data) × 100, graded like the region's composite score.
/// </summary>
public static class PostScores
{
    public static PostIndicator Volume { get; } = new("volume", "工作量", IndicatorKind.Count,
        "网格员：当月本人上报的案件数；调度员：当月本人受理立案的案件数",
        "网格员按上报时间归月（含后来作废的案件）；调度员按首次受理立案的时间归月，一件案件只计首次立案的调度员。只计所选区域内的案件。",
        c => IndicatorValue.Of(c.Volume));

    public static PostIndicator OnTime { get; } = new("on_time", "按期办结率", IndicatorKind.Share,
        "本人案件中当月应结且按期结案的数 ÷ 本人案件中当月应结的数",
        "本人案件：网格员上报的、调度员立案的。应结与区域的按期办结率同一归月规则：期限内结案的计入结案当月，否则计入期限所在月份；" +
        "挂账（缓办）、终止办理、作废的案件不计入。没有应结案件时显示“—”。",
        c => IndicatorValue.Of(new Share(c.ClosedOnTime, c.Due)));

    public static PostIndicator Accuracy { get; } = new("accuracy", "准确率", IndicatorKind.Share,
        "1 − 返工率 = （经核查的案件数 − 返工案件数）÷ 经核查的案件数",
        "本人当月应结的案件中，经过核查的有多少一次通过（核查不通过即返工）。没有经核查的案件时显示“—”，不是 100%。",
        c => IndicatorValue.Of(new Share(c.Checked - c.Reworked, c.Checked)));

    /// <summary>The post indicators, in table order.</summary>
    public static IReadOnlyList<PostIndicator> All { get; } = [Volume, OnTime, Accuracy];

    public const string ScoreFormula = "岗位得分 = 按期办结率与准确率（有数据的）的平均值 × 100，保留一位小数；两项都无数据时不评分。等次同综合得分。";

    public static string PostName(this Post post) => post switch
    {
        Post.Dispatcher => "调度员",
        Post.GridWorker => "网格员",
        _ => throw new ArgumentOutOfRangeException(nameof(post)),
    };

    public static double? Score(PostCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var parts = new[] { OnTime.Compute(counts).Number, Accuracy.Compute(counts).Number }
            .Where(v => v is not null).Select(v => v!.Value).ToList();
        return parts.Count == 0 ? null : Math.Round(parts.Average() * 100, 1, MidpointRounding.AwayFromZero);
    }

    public static PostValues Values(PostCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var score = Score(counts);
        return new PostValues(Volume.Compute(counts), OnTime.Compute(counts), Accuracy.Compute(counts), score,
            score is { } s ? Scoring.GradeOf(s) : null);
    }
}
