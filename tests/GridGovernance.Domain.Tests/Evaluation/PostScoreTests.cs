using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Evaluation;
using GridGovernance.Domain.Tests.Calendar;

namespace GridGovernance.Domain.Tests.Evaluation;

/// <summary>岗位评价 on hand-computed examples: volume, on-time, accuracy = 1 − rework share, and the post score.</summary>
public sealed class PostScoreTests
{
    [Fact]
    public void A_grid_worker_with_eight_reports_six_due_four_on_time_and_one_rework_in_four_checks()
    {
        // The integration tests' scripted month: A–H reported; A B C D E H due; A B C H on time; B C D H checked, C reworked.
        var values = PostScores.Values(new PostCounts(Volume: 8, Due: 6, ClosedOnTime: 4, Checked: 4, Reworked: 1));
        values.Volume.Text.ShouldBe("8");
        values.OnTime.Text.ShouldBe("66.7%");   // 4 ÷ 6
        values.Accuracy.Text.ShouldBe("75.0%"); // 1 − 1 ÷ 4
        values.Score.ShouldBe(70.8);            // (0.6667 + 0.75) ÷ 2 × 100 = 70.83
        values.Grade.ShouldBe(Grade.C);
    }

    [Fact]
    public void A_dispatcher_with_five_registered_three_on_time_and_one_rework()
    {
        var values = PostScores.Values(new PostCounts(Volume: 5, Due: 5, ClosedOnTime: 3, Checked: 4, Reworked: 1));
        values.OnTime.Text.ShouldBe("60.0%");
        values.Accuracy.Text.ShouldBe("75.0%");
        values.Score.ShouldBe(67.5); // (0.60 + 0.75) ÷ 2 × 100
        values.Grade.ShouldBe(Grade.C);
    }

    [Fact]
    public void Nothing_checked_is_no_accuracy_not_a_hundred_percent_and_the_score_uses_what_there_is()
    {
        var onlyOnTime = PostScores.Values(new PostCounts(Volume: 3, Due: 2, ClosedOnTime: 2, Checked: 0, Reworked: 0));
        onlyOnTime.Accuracy.Text.ShouldBe("—");
        onlyOnTime.Accuracy.Number.ShouldBeNull();
        onlyOnTime.Score.ShouldBe(100);
        onlyOnTime.Grade.ShouldBe(Grade.A);

        var nothing = PostScores.Values(PostCounts.Empty);
        nothing.Volume.Text.ShouldBe("0");
        nothing.OnTime.Text.ShouldBe("—");
        nothing.Accuracy.Text.ShouldBe("—");
        nothing.Score.ShouldBeNull();
        nothing.Grade.ShouldBeNull();
    }

    [Fact]
    public void Every_checked_case_reworked_is_zero_accuracy()
    {
        var values = PostScores.Values(new PostCounts(Volume: 2, Due: 2, ClosedOnTime: 0, Checked: 2, Reworked: 2));
        values.Accuracy.Text.ShouldBe("0.0%");
        values.Score.ShouldBe(0);
        values.Grade.ShouldBe(Grade.D);
        Should.Throw<ArgumentOutOfRangeException>(() => PostScores.Accuracy.Compute(new PostCounts(1, 1, 1, 1, 2))); // more reworked than checked
    }

    [Fact]
    public void Every_post_indicator_has_its_formula_and_explanation_and_nothing_to_count_is_a_dash()
    {
        PostScores.All.Select(i => i.Name).ShouldBe(["工作量", "按期办结率", "准确率"]);
        PostScores.All.Select(i => i.Key).ShouldBeUnique();
        foreach (var indicator in PostScores.All)
        {
            indicator.Formula.ShouldNotBeNullOrWhiteSpace(indicator.Name);
            indicator.Explanation.ShouldNotBeNullOrWhiteSpace(indicator.Name);
        }
        foreach (var indicator in PostScores.All.Where(i => i.Kind == IndicatorKind.Share))
            indicator.Compute(PostCounts.Empty).Text.ShouldBe("—", indicator.Name); // no cases: neither 0 % nor 100 %
        PostScores.Volume.Compute(PostCounts.Empty).Text.ShouldBe("0");
        PostScores.Accuracy.Formula.ShouldContain("1 − 返工率");
    }

    // The posts' month built from case facts (November 2026 on the official calendar), grid worker 7, dispatcher 9:
    // 1 reported 11-02 by 7, registered by 9, due 11-10, closed 11-09              → due, on time, checked
    // 2 reported 11-03 by 7, registered by 9, due 11-30 17:30 (the last day), closed 12-01 → due in November, late, not checked
    // 3 reported 11-04 by 7, registered by 9, reworked once, due 11-20, closed 11-18 → due, on time, checked, reworked
    // 4 reported 10-28 by 7, registered by 9 on 11-02, due 11-06, closed 11-05       → 9's November volume, not 7's; due, on time, checked
    // 5 reported 11-05 by 7, 微事 closed on the spot 11-05 (never filed)           → due, on time, not checked
    // 6 reported 11-06 by 7, voided                                                → volume only
    // 7 reported 11-07 by 8, registered by 9, due 12-15, open                      → 9's November volume; due in December
    private static readonly WorkCalendar Calendar = China2026.Official;
    private static readonly EvaluationMonth November = new(2026, 11);
    private const long Worker = 7;
    private const long OtherWorker = 8;
    private const long Dispatcher = 9;

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => China2026.At(month, day, hour, minute);

    private static CaseFact CaseOf(long id, DateTimeOffset reported, long reporter, long? registrar, DateTimeOffset? registered,
        DateTimeOffset? deadline, DateTimeOffset? closed, CaseState state, int reworks = 0) =>
        FactRules.ForCase(new CaseFactInput(id, "451027100201001", "E0102", CaseSource.GridWorker, state, reported, deadline, closed,
            reworks, null, null, null, HadOrders: registrar is not null, VillageResolved: false, Escalated: false,
            ReportedBy: reporter, RegisteredBy: registrar, RegisteredAt: registered), Calendar);

    private static IReadOnlyList<CaseFact> Month() =>
    [
        CaseOf(1, At(11, 2, 9), Worker, Dispatcher, At(11, 2, 10), At(11, 10, 17), At(11, 9, 15), CaseState.Closed),
        CaseOf(2, At(11, 3, 9), Worker, Dispatcher, At(11, 3, 10), At(11, 30, 17, 30), At(12, 1, 9), CaseState.Closed),
        CaseOf(3, At(11, 4, 9), Worker, Dispatcher, At(11, 4, 10), At(11, 20, 17), At(11, 18, 15), CaseState.Closed, reworks: 1),
        CaseOf(4, At(10, 28, 9), Worker, Dispatcher, At(11, 2, 9), At(11, 6, 17), At(11, 5, 15), CaseState.Closed),
        CaseOf(5, At(11, 5, 9), Worker, null, null, null, At(11, 5, 9, 30), CaseState.ClosedOnSpot),
        CaseOf(6, At(11, 6, 9), Worker, null, null, null, null, CaseState.Voided),
        CaseOf(7, At(11, 7, 9), OtherWorker, Dispatcher, At(11, 7, 10), At(12, 15, 17), null, CaseState.Dispatched),
    ];

    [Fact]
    public void A_month_of_case_facts_gives_the_hand_computed_grid_worker()
    {
        var counts = PostCounts.From(Post.GridWorker, Worker, November, Month());
        // Reported in November: 1 2 3 5 6; due: 1 2 3 4 5; on time: 1 3 4 5; checked: 1 3 4; reworked: 3.
        counts.ShouldBe(new PostCounts(Volume: 5, Due: 5, ClosedOnTime: 4, Checked: 3, Reworked: 1));
        var values = PostScores.Values(counts);
        values.OnTime.Text.ShouldBe("80.0%");   // 4 ÷ 5
        values.Accuracy.Text.ShouldBe("66.7%"); // 1 − 1 ÷ 3
        values.Score.ShouldBe(73.3);            // (0.8 + 0.6667) ÷ 2 × 100 = 73.33
        values.Grade.ShouldBe(Grade.C);
    }

    [Fact]
    public void A_month_of_case_facts_gives_the_hand_computed_dispatcher()
    {
        var counts = PostCounts.From(Post.Dispatcher, Dispatcher, November, Month());
        // Registered in November: 1 2 3 4 7 (4 was reported in October); due: 1 2 3 4 (2 due on the last day, closed late);
        // on time: 1 3 4; checked: 1 3 4; reworked: 3.
        counts.ShouldBe(new PostCounts(Volume: 5, Due: 4, ClosedOnTime: 3, Checked: 3, Reworked: 1));
        var values = PostScores.Values(counts);
        values.OnTime.Text.ShouldBe("75.0%");
        values.Accuracy.Text.ShouldBe("66.7%");
        values.Score.ShouldBe(70.8); // (0.75 + 0.6667) ÷ 2 × 100 = 70.83
        values.Grade.ShouldBe(Grade.C);

        // December: nothing registered, 7 due and still open — evaluated on it (0 %), accuracy "—" (nothing checked).
        var december = PostScores.Values(PostCounts.From(Post.Dispatcher, Dispatcher, November.Next, Month()));
        december.Volume.Text.ShouldBe("0");
        december.OnTime.Text.ShouldBe("0.0%");
        december.Accuracy.Text.ShouldBe("—");
        december.Score.ShouldBe(0);
        december.Grade.ShouldBe(Grade.D);
    }

    [Fact]
    public void A_post_holder_with_no_cases_due_has_dashes_and_no_score()
    {
        var other = PostScores.Values(PostCounts.From(Post.GridWorker, OtherWorker, November, Month()));
        other.Volume.Text.ShouldBe("1"); // 7, due in December
        other.OnTime.Text.ShouldBe("—");
        other.Accuracy.Text.ShouldBe("—");
        other.Score.ShouldBeNull();
        other.Grade.ShouldBeNull();

        PostCounts.From(Post.GridWorker, 42, November, Month()).ShouldBe(PostCounts.Empty);
        PostCounts.From(Post.Dispatcher, Worker, November, Month()).ShouldBe(PostCounts.Empty); // a grid worker registered nothing
        PostCounts.From(Post.GridWorker, Worker, November, []).ShouldBe(PostCounts.Empty);
    }

    [Fact]
    public void Posts_are_named_as_the_page_shows_them()
    {
        PostScores.PostName(Post.Dispatcher).ShouldBe("调度员");
        PostScores.PostName(Post.GridWorker).ShouldBe("网格员");
    }
}
