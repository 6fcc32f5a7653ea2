using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Evaluation;
using GridGovernance.Web.Features.Stats;
using GridGovernance.Web.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using static GridGovernance.Integration.Tests.Stats.EvaluationMonthScript;

namespace GridGovernance.Integration.Tests.Stats;

/// <summary>
/// The queries behind the charts, maps, 大屏 and 岗位评价, on the scripted month (this month, in 泗城镇): the hand-computed
/// figures, and scope — a township sees itself and its villages, never another township's.
/// </summary>
public sealed class StatsChartsQueryTests(EvaluationFactsTests.Fixture fixture) : IClassFixture<EvaluationFactsTests.Fixture>
{
    private static readonly EvaluationMonth ThisMonth = EvaluationMonth.Of(DateTimeOffset.UtcNow);

    private static CurrentStaff Admin => new(1, "admin", "县级管理员", StaffRole.CountyAdmin, County, "");

    private static CurrentStaff DispatcherOf(string township) => new(2, "d", "调度员", StaffRole.TownshipDispatcher, township, "");

    private Task<string> OtherTownshipAsync() =>
        fixture.Database.ScalarAsync<string>("SELECT min(code) FROM township WHERE county_code = $1 AND code <> $2", County, Township);

    [Fact]
    public async Task The_trend_ends_with_the_scripted_month_and_agrees_with_the_ranking()
    {
        var trend = (await StatsCharts.TrendAsync(fixture.Database.DataSource, Admin, County, County, ThisMonth, 12, default))!;
        trend.Count.ShouldBe(12);
        trend[^1].Month.ShouldBe(ThisMonth);
        trend[0].Month.ShouldBe(ThisMonth.Previous.Previous.Previous.Previous.Previous.Previous.Previous.Previous.Previous.Previous.Previous);
        var counts = trend[^1].Counts;
        counts.Reported.ShouldBe(8);
        counts.DueToClose.ShouldBe(6);
        Indicators.OnTime.Compute(counts).Text.ShouldBe("66.7%");
        Indicators.Response.Compute(counts).Text.ShouldBe("80.0%");
        Indicators.Resolution.Compute(counts).Text.ShouldBe("50.0%");
        Indicators.Satisfaction.Compute(counts).Text.ShouldBe("50.0%");
        // Months with nothing are "—" (a gap in the chart), not 0 %.
        Indicators.OnTime.Compute(trend[0].Counts).Text.ShouldBe("—");
        StatsCharts.Percent(Indicators.OnTime.Compute(trend[0].Counts)).ShouldBe("-");

        var ranking = await StatsQueries.RankingAsync(fixture.Database.DataSource, Admin, County, StatsLevel.Township, County, ThisMonth,
            ScoreWeights.Default, HonourRule.Default, null, default);
        var row = ranking.Single(r => r.Code == Township);
        foreach (var indicator in StatsChartOptions.TrendRates)
            indicator.Compute(counts).Text.ShouldBe(row.Value(indicator).Text, indicator.Name);
    }

    [Fact]
    public async Task Volume_by_source_and_category_heatmap_and_screen_figures()
    {
        var volume = (await StatsCharts.VolumeAsync(fixture.Database.DataSource, Admin, County, County, ThisMonth, default))!;
        volume.Total.ShouldBe(8);
        volume.BySource.ShouldHaveSingleItem().ShouldBe(new VolumeRow("grid_worker", "网格员上报", 8));
        var category = volume.ByCategory.ShouldHaveSingleItem();
        category.Code.ShouldBe("E01");
        category.Count.ShouldBe(8);
        category.Name.ShouldBe(await fixture.Database.ScalarAsync<string>("SELECT major_name FROM case_category WHERE code = 'E0102'"));

        (await StatsCharts.HeatAsync(fixture.Database.DataSource, Admin, County, County, ThisMonth, default)).Count.ShouldBe(8);

        var kpis = (await StatsCharts.KpisAsync(fixture.Database.DataSource, Admin, County, County, DateTimeOffset.UtcNow, default))!;
        kpis.Open.ShouldBe(2);    // E (dispatched, never signed) and G (only reported)
        kpis.Overdue.ShouldBe(1); // E
        kpis.ReportedToday.ShouldBe(8);
        var events = await StatsCharts.LatestEventsAsync(fixture.Database.DataSource, County, 5, default);
        events.Count.ShouldBe(5);
        events.Select(e => e.Id).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public async Task Posts_are_the_hand_computed_dispatcher_and_grid_worker()
    {
        var posts = (await StatsCharts.PostsAsync(fixture.Database.DataSource, Admin, County, County, ThisMonth, default))!;
        var workerId = await fixture.Database.ScalarAsync<long>("SELECT id FROM staff_account WHERE username = 'gridworker'");
        var dispatcherId = await fixture.Database.ScalarAsync<long>("SELECT id FROM staff_account WHERE username = 'dispatcher'");
        posts.Single(p => p.StaffId == workerId).Counts.ShouldBe(new PostCounts(Volume: 8, Due: 6, ClosedOnTime: 4, Checked: 4, Reworked: 1));
        // B C D E H registered by the dispatcher; B C H on time; B C D H checked, C reworked.
        posts.Single(p => p.StaffId == dispatcherId).Counts.ShouldBe(new PostCounts(Volume: 5, Due: 5, ClosedOnTime: 3, Checked: 4, Reworked: 1));
        posts.ShouldAllBe(p => p.Post == Post.Dispatcher || p.Post == Post.GridWorker);

        // The SQL sums are the domain's PostCounts.From over the same facts.
        var facts = new List<CaseFact>();
        await using (var command = fixture.Database.DataSource.CreateCommand("""
            SELECT case_id, reported_month, due_month, counted, closed_in_month, closed_on_time, checked, reworked,
                   reporter_account_id, registrar_account_id, registered_month
            FROM eval_case_fact WHERE county_code = $1
            """))
        {
            command.Parameters.AddWithValue(County);
            await using var reader = await command.ExecuteReaderAsync();
            EvaluationMonth? MonthAt(int i) => reader.IsDBNull(i) ? null : EvaluationMonth.FromFirstDay(reader.GetFieldValue<DateOnly>(i));
            long? IdAt(int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);
            while (await reader.ReadAsync())
                facts.Add(new CaseFact(reader.GetInt64(0), MonthAt(1)!.Value, MonthAt(2), reader.GetBoolean(3), reader.GetBoolean(4),
                    reader.GetBoolean(5), reader.GetBoolean(6), reader.GetBoolean(7), null, false, null, null, null, null,
                    IdAt(8), IdAt(9), MonthAt(10)));
        }
        facts.Count.ShouldBeGreaterThanOrEqualTo(8);
        foreach (var post in posts)
            post.Counts.ShouldBe(PostCounts.From(post.Post, post.StaffId, ThisMonth, facts), post.Name);
    }

    [Fact]
    public async Task A_township_sees_itself_and_its_villages_never_another_townships()
    {
        var other = await OtherTownshipAsync();
        var source = fixture.Database.DataSource;
        var outsider = DispatcherOf(other);
        (await StatsCharts.TrendAsync(source, outsider, County, Township, ThisMonth, 12, default)).ShouldBeNull();
        (await StatsCharts.TrendAsync(source, outsider, County, County, ThisMonth, 12, default)).ShouldBeNull();
        (await StatsCharts.VolumeAsync(source, outsider, County, Township, ThisMonth, default)).ShouldBeNull();
        (await StatsCharts.VolumeAsync(source, outsider, County, Village, ThisMonth, default)).ShouldBeNull();
        (await StatsCharts.PostsAsync(source, outsider, County, Township, ThisMonth, default)).ShouldBeNull();
        (await StatsCharts.KpisAsync(source, outsider, County, Township, DateTimeOffset.UtcNow, default)).ShouldBeNull();
        (await StatsCharts.HeatAsync(source, outsider, County, Township, ThisMonth, default)).ShouldBeEmpty();

        // Its own township: none of 泗城镇's cases, posts or heat.
        (await StatsCharts.VolumeAsync(source, outsider, County, other, ThisMonth, default))!.Total.ShouldBe(0);
        (await StatsCharts.HeatAsync(source, outsider, County, other, ThisMonth, default)).ShouldBeEmpty();
        (await StatsCharts.PostsAsync(source, outsider, County, other, ThisMonth, default))!.ShouldAllBe(p => p.ScopeCode.StartsWith(other, StringComparison.Ordinal));

        // 泗城镇's dispatcher sees its own township and villages, with the villages' outlines for the choropleth.
        var own = DispatcherOf(Township);
        (await StatsCharts.VolumeAsync(source, own, County, Village, ThisMonth, default))!.Total.ShouldBe(8);
        (await StatsCharts.HeatAsync(source, own, County, Township, ThisMonth, default)).Count.ShouldBe(8);
        (await StatsCharts.PostsAsync(source, own, County, Township, ThisMonth, default))!.ShouldAllBe(p => p.ScopeCode.StartsWith(Township, StringComparison.Ordinal));
        var villages = await StatsQueries.RankingAsync(source, own, County, StatsLevel.Village, Township, ThisMonth, ScoreWeights.Default,
            HonourRule.Default, null, default);
        villages.ShouldAllBe(r => r.Code.StartsWith(Township, StringComparison.Ordinal));
        var geoJson = System.Text.Json.JsonDocument.Parse(await StatsCharts.ChoroplethAsync(source, StatsLevel.Village, villages, Indicators.OnTime, default));
        var features = geoJson.RootElement.GetProperty("features").EnumerateArray().ToList();
        features.Count.ShouldBe(villages.Count);
        features.ShouldAllBe(f => f.GetProperty("properties").GetProperty("code").GetString()!.StartsWith(Township, StringComparison.Ordinal));
        var mine = features.Single(f => f.GetProperty("properties").GetProperty("code").GetString() == Village);
        mine.GetProperty("properties").GetProperty("fill").GetString().ShouldBe(ChoroplethScale.Colours[^1]); // the only one with data
        features.Where(f => f.GetProperty("properties").GetProperty("code").GetString() != Village).ShouldAllBe(f => f.GetProperty("properties").GetProperty("fill").GetString() == ChoroplethScale.NoData);
    }

    [Fact]
    public void The_choropleth_scale_spreads_the_values_in_view_over_five_classes()
    {
        var scale = ChoroplethScale.Of([0.5, 0.9, null, 0.7]);
        scale.ClassOf(0.5).ShouldBe(0);
        scale.ClassOf(0.9).ShouldBe(4);
        scale.ClassOf(0.7).ShouldBe(2); // (0.7 − 0.5) ÷ 0.4 × 5 = 2.5 → class 2
        scale.ColourOf(null).ShouldBe(ChoroplethScale.NoData);
        ChoroplethScale.Of([null]).ColourOf(0.3).ShouldBe(ChoroplethScale.NoData);
        ChoroplethScale.Of([0.8, 0.8]).ClassOf(0.8).ShouldBe(4); // all equal: one class
    }
}
