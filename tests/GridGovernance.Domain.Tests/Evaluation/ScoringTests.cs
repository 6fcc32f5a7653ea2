using GridGovernance.Domain.Evaluation;

namespace GridGovernance.Domain.Tests.Evaluation;

public sealed class ScoringTests
{
    private static IndicatorCounts Counts(long responded, long dispatched, long resolved, long satisfied, long rated, long onTime, long due) =>
        new()
        {
            RespondedInTime = responded, Dispatched = dispatched, Resolved = resolved, Satisfied = satisfied, Rated = rated,
            ClosedOnTime = onTime, DueToClose = due,
        };

    [Fact]
    public void The_composite_is_the_weighted_mean_of_the_indicators_that_have_data()
    {
        // 响应率 3/4, 解决率 1/2, 满意率 2/2, 按期 2/4: (30×0.75 + 35×0.5 + 35×1 + 20×0.5) / 120 × 100 = 85 / 1.2 = 70.8
        Scoring.Score(Counts(3, 4, 1, 2, 2, 2, 4), ScoreWeights.Default).ShouldBe(70.8);
        // Nothing rated: 解决率 and 满意率 are "—" and drop out: (30×0.75 + 20×0.5) / 50 × 100 = 65.0
        Scoring.Score(Counts(3, 4, 0, 0, 0, 2, 4), ScoreWeights.Default).ShouldBe(65.0);
        // The county's own weights: 三率 only.
        Scoring.Score(Counts(3, 4, 1, 2, 2, 2, 4), new ScoreWeights(30, 35, 35, 0)).ShouldBe(75.0); // (22.5+17.5+35)/100
        Scoring.Score(IndicatorCounts.Empty, ScoreWeights.Default).ShouldBeNull();
        Scoring.ScoreText(null).ShouldBe("—");
        new ScoreWeights(0, 0, 0, 0).Problem().ShouldNotBeNull();
        new ScoreWeights(-1, 35, 35, 20).Problem().ShouldNotBeNull();
        ScoreWeights.Default.Problem().ShouldBeNull();
    }

    [Theory]
    [InlineData(100, Grade.A)]
    [InlineData(90, Grade.A)]
    [InlineData(89.9, Grade.B)]
    [InlineData(75, Grade.B)]
    [InlineData(74.9, Grade.C)]
    [InlineData(60, Grade.C)]
    [InlineData(59.9, Grade.D)]
    [InlineData(0, Grade.D)]
    public void Grades_follow_the_thresholds(double score, Grade grade) => Scoring.GradeOf(score).ShouldBe(grade);

    [Fact]
    public void Red_and_black_lists_follow_the_county_rule_and_a_criticised_unit_is_never_red()
    {
        Candidate[] townships =
        [
            new("T1", "一镇", 95.0, Criticised: true), // best score, but publicly criticised this month
            new("T2", "二镇", 92.0, false),
            new("T3", "三镇", 88.0, false),
            new("T4", "四镇", 88.0, false),
            new("T5", "五镇", 70.0, false),
            new("T6", "六镇", 65.0, false),
            new("T7", "七镇", 50.0, false),
            new("T8", "八镇", null, false),             // no cases: no score, no rank, on neither list
        ];
        var previous = new Dictionary<string, int> { ["T1"] = 1, ["T2"] = 5, ["T3"] = 3, ["T7"] = 6 };
        var rows = Rankings.Rank(townships, HonourRule.Default, previous);

        rows.Select(r => r.Code).ShouldBe(["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8"]);
        rows.Select(r => r.Rank).ShouldBe([1, 2, 3, 3, 5, 6, 7, null]); // equal scores share a rank
        rows.Where(r => r.Board == Board.Red).Select(r => r.Code).ShouldBe(["T2", "T3", "T4"]);
        rows.Where(r => r.Board == Board.Black).Select(r => r.Code).ShouldBe(["T5", "T6", "T7"]);
        rows[0].Board.ShouldBe(Board.None);
        rows[7].Board.ShouldBe(Board.None);
        rows.Select(r => r.ChangeText).ShouldBe(["持平", "↑3", "持平", "新", "新", "新", "↓1", "—"]);
        rows.Select(r => r.Grade).ShouldBe([Grade.A, Grade.A, Grade.B, Grade.B, Grade.C, Grade.C, Grade.D, null]);
    }

    [Fact]
    public void With_few_units_a_unit_is_never_on_both_lists()
    {
        var rows = Rankings.Rank([new("A", "甲", 80, false), new("B", "乙", 70, false), new("C", "丙", 60, false), new("D", "丁", 50, false)],
            HonourRule.Default);
        rows.Count(r => r.Board == Board.Red).ShouldBe(3);
        rows.Single(r => r.Board == Board.Black).Code.ShouldBe("D");
        Rankings.Rank([], HonourRule.Default).ShouldBeEmpty();
    }

    [Fact]
    public void Months_are_beijing_calendar_months()
    {
        var november = new EvaluationMonth(2026, 11);
        november.Start.ShouldBe(new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero));
        november.End.ShouldBe(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero));
        november.Previous.ShouldBe(new EvaluationMonth(2026, 10));
        new EvaluationMonth(2026, 12).Next.ShouldBe(new EvaluationMonth(2027, 1));
        november.Chinese.ShouldBe("2026年11月");
        EvaluationMonth.TryParse("2026-11").ShouldBe(november);
        EvaluationMonth.TryParse("2026-13").ShouldBeNull();
        EvaluationMonth.TryParse("x").ShouldBeNull();
        (november < november.Next).ShouldBeTrue();
    }

    [Fact]
    public void Every_indicator_has_a_unique_key_a_chinese_name_and_an_explanation()
    {
        Indicators.All.Select(i => i.Key).ShouldBeUnique();
        foreach (var i in Indicators.All)
        {
            i.Name.ShouldNotBeNullOrWhiteSpace();
            i.Formula.ShouldNotBeNullOrWhiteSpace();
            i.Explanation.ShouldNotBeNullOrWhiteSpace();
        }
    }
}
