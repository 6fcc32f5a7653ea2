using System.Globalization;

namespace GridGovernance.Domain.Evaluation;

/// <summary>
/// The county's weights of the composite score. Default: the 12345 三率 weighted 30/35/35 (响应率/解决率/满意率), plus 按期办结率
/// at 20. A county sets its own (<c>eval_setting</c>).
/// </summary>
public sealed record ScoreWeights(int Response = 30, int Resolution = 35, int Satisfaction = 35, int OnTime = 20)
{
    public static ScoreWeights Default { get; } = new();

    public string? Problem() =>
        Response < 0 || Resolution < 0 || Satisfaction < 0 || OnTime < 0 ? "权重不能为负。"
        : Response + Resolution + Satisfaction + OnTime == 0 ? "权重之和须大于 0。"
        : null;

    public string Text => $"响应率 {Response}、解决率 {Resolution}、满意率 {Satisfaction}、按期办结率 {OnTime}";
}

public enum Grade { A, B, C, D }

/// <summary>The composite score and its grade, written once.</summary>
public static class Scoring
{
    public const string Formula =
        "综合得分 = Σ(权重 × 指标值) ÷ Σ(有数据的指标的权重) × 100，保留一位小数；某项指标无数据（显示为“—”）时不参与计算，" +
        "四项都无数据时不评分、不排名。等次：A ≥ 90，B ≥ 75，C ≥ 60，其余为 D。";

    /// <summary>0–100 with one decimal, or null when none of the weighted indicators has data.</summary>
    public static double? Score(IndicatorCounts counts, ScoreWeights weights)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(weights);
        var parts = new (int Weight, double? Value)[]
        {
            (weights.Response, Indicators.Response.Compute(counts).Number),
            (weights.Resolution, Indicators.Resolution.Compute(counts).Number),
            (weights.Satisfaction, Indicators.Satisfaction.Compute(counts).Number),
            (weights.OnTime, Indicators.OnTime.Compute(counts).Number),
        };
        var present = parts.Where(p => p.Value is not null && p.Weight > 0).ToList();
        var weightSum = present.Sum(p => p.Weight);
        if (weightSum == 0) return null;
        return Math.Round(present.Sum(p => p.Weight * p.Value!.Value) / weightSum * 100, 1, MidpointRounding.AwayFromZero);
    }

    public static Grade GradeOf(double score) => score >= 90 ? Grade.A : score >= 75 ? Grade.B : score >= 60 ? Grade.C : Grade.D;

    public static string ScoreText(double? score) =>
        score is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : Share.None;
}
