using GridGovernance.Domain.Evaluation;

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
        Should.Throw<ArgumentOutOfRangeException>(() => PostScores.Accuracy(new PostCounts(1, 1, 1, 1, 2))); // more reworked than checked
    }

    [Fact]
    public void Posts_are_named_as_the_page_shows_them()
    {
        PostScores.PostName(Post.Dispatcher).ShouldBe("调度员");
        PostScores.PostName(Post.GridWorker).ShouldBe("网格员");
    }
}
