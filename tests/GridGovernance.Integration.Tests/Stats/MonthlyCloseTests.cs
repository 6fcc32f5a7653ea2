using GridGovernance.Domain.Evaluation;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Features.Metrics;
using GridGovernance.Web.Features.Stats;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GridGovernance.Integration.Tests.Stats;

/// <summary>
/// The automatic monthly close, driven through the app's own <see cref="MonthlyCloseService"/> with the app's clock set by the
/// test: the previous month is frozen on the first working day of the county's calendar (2026: 国庆节 1–7 October, so October's
/// first working day is Thursday the 8th), not before, and only once, also when two instances run at the same moment; after
/// the app was down over several month boundaries every missing month is frozen, oldest first; a county's first close also
/// freezes the earlier months it has facts of.
/// </summary>
public sealed class MonthlyCloseTests : IAsyncLifetime
{
    private const string County = EvaluationMonthScript.County;
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;
        public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
    }

    private sealed class ClockedFactory(string connectionString, TimeProvider clock) : GridGovAppFactory(connectionString)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }

    private readonly SettableClock _clock = new();
    // Properties, not fields: the class owns them through IAsyncLifetime (CA1001 asks for IDisposable on fields).
    private TestDatabase Db { get; set; } = null!;
    private ClockedFactory App { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateWithDemoCountyAsync();
        App = new ClockedFactory(Db.ConnectionString, _clock);
        _ = App.Services; // start the host
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }

    private Task<long> SnapshotsAsync(string month) =>
        Db.ScalarAsync<long>("SELECT count(*) FROM eval_snapshot WHERE county_code = $1 AND month = $2::date", County, month + "-01");

    [Fact]
    public void The_first_working_day_comes_from_the_calendar()
    {
        var calendar = new Domain.Calendar.WorkCalendar(overrides: Enumerable.Range(1, 7)
            .Select(d => new Domain.Calendar.DayOverride(new DateOnly(2026, 10, d), Domain.Calendar.DayOverrideKind.Holiday, "国庆节")));
        MonthlyClose.FirstWorkday(new EvaluationMonth(2026, 10), calendar).ShouldBe(new DateOnly(2026, 10, 8));
        MonthlyClose.FirstWorkday(new EvaluationMonth(2026, 11), calendar).ShouldBe(new DateOnly(2026, 11, 2)); // the 1st is a Sunday
        MonthlyClose.MonthToFreeze(new DateTimeOffset(2026, 10, 7, 23, 59, 59, Beijing), calendar).ShouldBeNull();
        MonthlyClose.MonthToFreeze(new DateTimeOffset(2026, 10, 8, 0, 0, 0, Beijing), calendar).ShouldBe(new EvaluationMonth(2026, 9));
    }

    [Fact]
    public async Task September_is_frozen_on_8_October_after_National_Day_not_before_and_once()
    {
        var close = App.Services.GetRequiredService<MonthlyCloseService>();
        close.Enabled.ShouldBeFalse(); // the test drives it; GridGovAppFactory turns the clock off

        // Every day of the holiday (and the last minute of it) is too early: nothing is frozen.
        foreach (var day in new[] { 1, 2, 5, 7 })
        {
            _clock.Now = new DateTimeOffset(2026, 10, day, 10, 0, 0, Beijing);
            (await close.RunOnceAsync(_clock.GetUtcNow(), default)).ShouldBeEmpty();
        }
        _clock.Now = new DateTimeOffset(2026, 10, 7, 23, 59, 59, Beijing);
        (await close.RunOnceAsync(_clock.GetUtcNow(), default)).ShouldBeEmpty();
        (await SnapshotsAsync("2026-09")).ShouldBe(0);

        // 00:00 on the first working day: September is frozen, once.
        _clock.Now = new DateTimeOffset(2026, 10, 8, 0, 0, 0, Beijing);
        var frozen = await close.RunOnceAsync(_clock.GetUtcNow(), default);
        frozen.ShouldContain((County, new EvaluationMonth(2026, 9)));
        (await SnapshotsAsync("2026-09")).ShouldBe(1);
        var frozenAt = await Db.ScalarAsync<DateTime>(
            "SELECT frozen_at FROM eval_snapshot WHERE county_code = $1 AND month = '2026-09-01'", County);
        (await Db.ScalarAsync<bool>(
            "SELECT published_at IS NULL FROM eval_snapshot WHERE county_code = $1 AND month = '2026-09-01'", County)).ShouldBeTrue();

        // Later runs that day and the next find it frozen and leave it as it is.
        foreach (var at in new[] { new DateTimeOffset(2026, 10, 8, 9, 0, 0, Beijing), new DateTimeOffset(2026, 10, 9, 9, 0, 0, Beijing) })
        {
            _clock.Now = at;
            (await close.RunOnceAsync(_clock.GetUtcNow(), default)).ShouldBeEmpty();
        }
        (await SnapshotsAsync("2026-09")).ShouldBe(1);
        (await Db.ScalarAsync<DateTime>(
            "SELECT frozen_at FROM eval_snapshot WHERE county_code = $1 AND month = '2026-09-01'", County)).ShouldBe(frozenAt);
    }

    private Task<string> FrozenMonthsAsync() => Db.ScalarAsync<string>(
        "SELECT coalesce(string_agg(to_char(month, 'YYYY-MM'), ',' ORDER BY id), '') FROM eval_snapshot WHERE county_code = $1", County);

    private async Task<IReadOnlyList<EvaluationMonth>> RunAtAsync(MonthlyCloseService close, DateTimeOffset at)
    {
        _clock.Now = at;
        return (await close.RunOnceAsync(_clock.GetUtcNow(), default)).Where(f => f.County == County).Select(f => f.Month).ToList();
    }

    private readonly GridGovMetrics _metrics = GridGovMetrics.Unexported();

    /// <summary>Another app instance's close service: its own StatsService, the same database and clock.</summary>
    private MonthlyCloseService NewInstance() =>
        new(Db.DataSource, new StatsService(Db.DataSource, _clock, NullLogger<StatsService>.Instance),
            Options.Create(new MonthlyCloseOptions { Enabled = false }), _clock, NullLogger<MonthlyCloseService>.Instance, _metrics);

    [Fact]
    public async Task Two_months_after_the_last_frozen_month_both_are_frozen_oldest_first_and_once()
    {
        var close = App.Services.GetRequiredService<MonthlyCloseService>();
        // July is frozen on Monday 3 August (the 1st is a Saturday).
        (await RunAtAsync(close, new DateTimeOffset(2026, 8, 3, 9, 0, 0, Beijing))).ShouldBe([new EvaluationMonth(2026, 7)]);

        // The app is down from then until 8 October, September's close day: August and September, in that order.
        (await RunAtAsync(close, new DateTimeOffset(2026, 10, 8, 9, 0, 0, Beijing)))
            .ShouldBe([new EvaluationMonth(2026, 8), new EvaluationMonth(2026, 9)]);
        (await FrozenMonthsAsync()).ShouldBe("2026-07,2026-08,2026-09"); // snapshot ids in month order: each frozen after the one before

        // Nothing is frozen twice.
        (await RunAtAsync(close, new DateTimeOffset(2026, 10, 8, 9, 10, 0, Beijing))).ShouldBeEmpty();
        (await RunAtAsync(close, new DateTimeOffset(2026, 10, 30, 9, 0, 0, Beijing))).ShouldBeEmpty();
        (await FrozenMonthsAsync()).ShouldBe("2026-07,2026-08,2026-09");
    }

    [Fact]
    public async Task Catching_up_during_a_holiday_freezes_the_months_whose_close_has_come_and_leaves_the_next_for_its_day()
    {
        var close = App.Services.GetRequiredService<MonthlyCloseService>();
        (await RunAtAsync(close, new DateTimeOffset(2026, 8, 3, 9, 0, 0, Beijing))).ShouldBe([new EvaluationMonth(2026, 7)]);
        // 5 October, 国庆节: August's close came on 1 September; September's comes on the 8th.
        (await RunAtAsync(close, new DateTimeOffset(2026, 10, 5, 10, 0, 0, Beijing))).ShouldBe([new EvaluationMonth(2026, 8)]);
        (await RunAtAsync(close, new DateTimeOffset(2026, 10, 7, 23, 59, 0, Beijing))).ShouldBeEmpty();
        (await RunAtAsync(close, new DateTimeOffset(2026, 10, 8, 0, 0, 0, Beijing))).ShouldBe([new EvaluationMonth(2026, 9)]);
        (await FrozenMonthsAsync()).ShouldBe("2026-07,2026-08,2026-09");
    }

    [Fact]
    public async Task Two_instances_at_the_same_moment_freeze_the_month_once()
    {
        _clock.Now = new DateTimeOffset(2026, 11, 2, 8, 30, 0, Beijing); // Monday: 1 November is a Sunday
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => NewInstance().RunOnceAsync(_clock.GetUtcNow(), default))));
        runs.Sum(r => r.Count(f => f.County == County && f.Month == new EvaluationMonth(2026, 10))).ShouldBe(1);
        (await SnapshotsAsync("2026-10")).ShouldBe(1);
    }

    /// <summary>
    /// Cases of the demo grid reported on the 10th of each month given (Beijing), through the real insert: the intake trigger
    /// writes their facts (reported_month). No snapshot exists yet.
    /// </summary>
    private async Task ReportedInAsync(params EvaluationMonth[] months)
    {
        foreach (var month in months)
            await Db.ScalarAsync<long>($"""
                WITH c AS (
                    INSERT INTO case_file (number, kind, category, request_type, source, description, county_code, township_code,
                                           village_code, grid_code, state, tracking_token_hash, tracking_token_encrypted,
                                           idempotency_key, created_at, level_since)
                    SELECT 'E0102' || to_char($1::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(g::text, 4, '0'), 'E',
                           'E0102', 'complaint', 'grid_worker', '首次月结 ' || g, '{County}', '{EvaluationMonthScript.Township}',
                           '{EvaluationMonthScript.Village}', '{EvaluationMonthScript.Grid}', 'reported',
                           sha256(('first-close-' || $2 || '-' || g)::bytea), '\x00'::bytea, 'first-close-' || $2 || '-' || g, $1, $1
                    FROM generate_series(1, 3) g
                    RETURNING 1)
                SELECT count(*) FROM c
                """, month.Start.AddDays(9).ToUniversalTime(), month.Key);
        (await Db.ScalarAsync<long>("SELECT count(*) FROM eval_snapshot WHERE county_code = $1", County)).ShouldBe(0);
    }

    private Task<string> BackfilledAsync() => Db.ScalarAsync<string>(
        "SELECT coalesce(string_agg(to_char(month, 'YYYY-MM'), ',' ORDER BY month), '') FROM eval_snapshot WHERE county_code = $1 AND backfilled",
        County);

    [Fact]
    public void A_first_close_starts_with_the_earliest_month_of_facts_and_never_freezes_the_current_month()
    {
        var calendar = Domain.Calendar.WorkCalendar.MondayToFriday;
        var monday3August = new DateTimeOffset(2026, 8, 3, 9, 0, 0, Beijing);
        MonthlyClose.MonthsToFreeze(monday3August, calendar, null, new EvaluationMonth(2026, 5))
            .ShouldBe([new EvaluationMonth(2026, 5), new EvaluationMonth(2026, 6), new EvaluationMonth(2026, 7)]);
        // No earlier facts (or only this month's): the month due, as before.
        MonthlyClose.MonthsToFreeze(monday3August, calendar, null, null).ShouldBe([new EvaluationMonth(2026, 7)]);
        MonthlyClose.MonthsToFreeze(monday3August, calendar, null, new EvaluationMonth(2026, 8)).ShouldBe([new EvaluationMonth(2026, 7)]);
        // Saturday 1 August, before the first working day: July waits for its day, the months before it do not.
        var saturday1August = new DateTimeOffset(2026, 8, 1, 9, 0, 0, Beijing);
        MonthlyClose.MonthsToFreeze(saturday1August, calendar, null, new EvaluationMonth(2026, 5)).ShouldBe([new EvaluationMonth(2026, 5), new EvaluationMonth(2026, 6)]);
        MonthlyClose.MonthsToFreeze(saturday1August, calendar, null, new EvaluationMonth(2026, 7)).ShouldBeEmpty();
        // A county with a snapshot catches up from it; its earliest facts no longer matter.
        MonthlyClose.MonthsToFreeze(monday3August, calendar, new EvaluationMonth(2026, 6), new EvaluationMonth(2025, 1))
            .ShouldBe([new EvaluationMonth(2026, 7)]);
        MonthlyClose.IsBackfill(monday3August, calendar, null, new EvaluationMonth(2026, 6)).ShouldBeTrue();
        MonthlyClose.IsBackfill(monday3August, calendar, null, new EvaluationMonth(2026, 7)).ShouldBeFalse();
        MonthlyClose.IsBackfill(monday3August, calendar, new EvaluationMonth(2026, 5), new EvaluationMonth(2026, 6)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_county_without_a_snapshot_freezes_every_month_it_has_facts_of_oldest_first_on_its_first_close()
    {
        await ReportedInAsync(new(2026, 5), new(2026, 6), new(2026, 7));
        var close = App.Services.GetRequiredService<MonthlyCloseService>();

        // Monday 3 August: July's close day. May, June and July in that order, each once; never August (the current month).
        (await RunAtAsync(close, new DateTimeOffset(2026, 8, 3, 9, 0, 0, Beijing)))
            .ShouldBe([new EvaluationMonth(2026, 5), new EvaluationMonth(2026, 6), new EvaluationMonth(2026, 7)]);
        (await FrozenMonthsAsync()).ShouldBe("2026-05,2026-06,2026-07"); // snapshot ids in month order
        (await BackfilledAsync()).ShouldBe("2026-05,2026-06"); // July was due anyway: the page says two months were caught up
        (await App.Services.GetRequiredService<StatsService>().BackfilledMonthsAsync(County, default))
            .ShouldBe([new EvaluationMonth(2026, 5), new EvaluationMonth(2026, 6)]);
        // June's 上月排名 comes from May's snapshot: the township row of each month was frozen with its facts (3 cases).
        (await Db.ScalarAsync<string>("""
            SELECT string_agg(to_char(s.month, 'YYYY-MM') || ':' || (r.counts ->> 'reported'), ',' ORDER BY s.month)
            FROM eval_snapshot s JOIN eval_snapshot_row r ON r.snapshot_id = s.id
            WHERE s.county_code = $1 AND r.level = 'township' AND r.code = $2
            """, County, EvaluationMonthScript.Township)).ShouldBe("2026-05:3,2026-06:3,2026-07:3");

        // A second run freezes nothing, that day and later.
        (await RunAtAsync(close, new DateTimeOffset(2026, 8, 3, 9, 10, 0, Beijing))).ShouldBeEmpty();
        (await RunAtAsync(close, new DateTimeOffset(2026, 8, 20, 9, 0, 0, Beijing))).ShouldBeEmpty();
        (await FrozenMonthsAsync()).ShouldBe("2026-05,2026-06,2026-07");
    }

    [Fact]
    public async Task Two_instances_at_a_first_close_freeze_each_earlier_month_once_and_in_order()
    {
        await ReportedInAsync(new(2026, 5), new(2026, 6), new(2026, 7));
        _clock.Now = new DateTimeOffset(2026, 8, 3, 9, 0, 0, Beijing);
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => NewInstance().RunOnceAsync(_clock.GetUtcNow(), default))));
        foreach (var month in new[] { new EvaluationMonth(2026, 5), new EvaluationMonth(2026, 6), new EvaluationMonth(2026, 7) })
        {
            runs.Sum(r => r.Count(f => f.County == County && f.Month == month)).ShouldBe(1, month.Key);
            (await SnapshotsAsync(month.Key)).ShouldBe(1, month.Key);
        }
        // Each run froze its months oldest first, and the snapshots were written in month order whoever wrote them.
        foreach (var run in runs)
        {
            var months = run.Where(f => f.County == County).Select(f => f.Month).ToList();
            months.ShouldBe(months.Order().ToList());
        }
        (await FrozenMonthsAsync()).ShouldBe("2026-05,2026-06,2026-07");
        // A run after them finds nothing to do.
        (await NewInstance().RunOnceAsync(_clock.GetUtcNow(), default)).Where(f => f.County == County).ShouldBeEmpty();
    }
}
