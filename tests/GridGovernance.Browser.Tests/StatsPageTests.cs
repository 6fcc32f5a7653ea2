using GridGovernance.Domain.Evaluation;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Stats;
using GridGovernance.Web.Features.Stats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The county administrator opens /stats, drills from the county to a case, publishes last month; a township dispatcher then
/// sees the 红黑榜. Last month is the scripted month of the integration tests moved back by one month (every instant of the
/// cases, their orders and 督办), its facts re-derived by the facts writer.
/// </summary>
public sealed class StatsPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 30_000;

    private async Task<EvaluationMonth> LastMonthScriptedAsync()
    {
        var script = new EvaluationMonthScript(() => StaffSession.Over(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(fixture.BaseAddress),
        }), fixture.Database);
        await script.RunAsync();
        var ids = script.Cases.Values.ToArray();
        await fixture.Database.ScalarAsync<int>("""
            WITH c AS (
                UPDATE case_file SET created_at = created_at - interval '1 month', accepted_at = accepted_at - interval '1 month',
                    deadline_at = deadline_at - interval '1 month', closed_at = closed_at - interval '1 month',
                    rated_at = rated_at - interval '1 month', level_since = level_since - interval '1 month'
                WHERE id = ANY($1) RETURNING id),
            o AS (
                UPDATE work_order SET dispatched_at = dispatched_at - interval '1 month', deadline_at = deadline_at - interval '1 month',
                    signed_at = signed_at - interval '1 month', arrived_at = arrived_at - interval '1 month',
                    fed_back_at = fed_back_at - interval '1 month'
                WHERE case_id = ANY($1) RETURNING id),
            s AS (UPDATE supervision SET due_at = due_at - interval '1 month' WHERE case_id = ANY($1) RETURNING id)
            SELECT (SELECT count(*) FROM c)::int + (SELECT count(*) FROM o)::int + (SELECT count(*) FROM s)::int
            """, ids);
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        foreach (var id in ids)
        {
            await using var tx = await connection.BeginTransactionAsync();
            await EvaluationFacts.RecordAsync(connection, tx, id, CancellationToken.None);
            await tx.CommitAsync();
        }
        return EvaluationMonth.Of(DateTimeOffset.UtcNow).Previous;
    }

    [Fact]
    public async Task The_county_admin_drills_to_a_case_publishes_the_month_and_a_dispatcher_sees_the_red_and_black_lists()
    {
        var month = await LastMonthScriptedAsync();
        await using (var browser = await fixture.NewPageAsync(1440, 900))
        {
            var page = browser.Page;
            await BrowserFixture.LoginAsync(page, "admin", "**/dispatch", Timeout);
            await page.GotoAsync("/stats");
            await page.Locator("[data-stats-ready='true']").WaitForAsync(new() { Timeout = Timeout });
            await page.FillAsync("#stats-month", month.Key);
            var township = page.Locator("[data-row='451027100']");
            await Assertions.Expect(township.Locator("[data-score]")).Not.ToHaveTextAsync("—", new() { Timeout = Timeout });
            (await page.Locator("#stats-ranking thead th[title]").First.GetAttributeAsync("title")).ShouldNotBeNullOrWhiteSpace(); // 说明
            await Screenshots.SaveAsync(page, "stats-1-county-townships");

            await page.ClickAsync("[data-drill='451027100']");
            await page.Locator("[data-row='451027100001']").WaitForAsync(new() { Timeout = Timeout });
            await page.ClickAsync("[data-drill='451027100001']");
            var grid = page.Locator("[data-row='451027100001001']");
            await grid.WaitForAsync(new() { Timeout = Timeout });
            (await grid.Locator("[data-indicator='due']").InnerTextAsync()).Trim().ShouldBe("6");
            await grid.Locator("[data-indicator='due'] button").ClickAsync();
            await page.Locator("#stats-cases [data-case]").First.WaitForAsync(new() { Timeout = Timeout });
            (await page.Locator("#stats-cases [data-case]").CountAsync()).ShouldBe(6);
            await Screenshots.SaveAsync(page, "stats-2-grid-cases");
            await page.Locator("#stats-cases [data-case] a").First.ClickAsync();
            await page.WaitForURLAsync("**/dispatch?state=all&case=*", new() { Timeout = Timeout });

            await page.GotoAsync("/stats");
            await page.Locator("[data-stats-ready='true']").WaitForAsync(new() { Timeout = Timeout });
            await page.FillAsync("#stats-month", month.Key);
            await page.ClickAsync("#stats-publish");
            await Assertions.Expect(page.Locator("#stats-notice")).ToContainTextAsync("已封存并公布", new() { Timeout = Timeout });
            await Assertions.Expect(page.Locator("#stats-black")).ToContainTextAsync("泗城镇");
            await page.Locator("#stats-published").ScrollIntoViewIfNeededAsync();
            await Screenshots.SaveAsync(page, "stats-3-published");
            browser.ScriptErrors.ShouldBeEmpty();
        }

        await using (var browser = await fixture.NewPageAsync(1440, 900))
        {
            var page = browser.Page;
            await BrowserFixture.LoginAsync(page, "dispatcher", "**/dispatch", Timeout);
            await page.GotoAsync("/stats");
            await page.Locator("[data-stats-ready='true']").WaitForAsync(new() { Timeout = Timeout });
            await page.FillAsync("#stats-month", month.Key);
            await Assertions.Expect(page.Locator("#stats-black")).ToContainTextAsync("泗城镇", new() { Timeout = Timeout });
            // The whole county's published ranking, while the live table shows the dispatcher's own villages only.
            (await page.Locator("#stats-published-table tbody tr").CountAsync()).ShouldBeGreaterThan(1);
            foreach (var row in await page.Locator("#stats-ranking tbody tr").AllAsync())
                (await row.GetAttributeAsync("data-row"))!.ShouldStartWith("451027100");
            await page.Locator("#stats-published").ScrollIntoViewIfNeededAsync();
            await Screenshots.SaveAsync(page, "stats-4-dispatcher-red-black");
            browser.ScriptErrors.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task The_page_says_which_months_the_first_close_caught_up()
    {
        // Two months long before any case, frozen as a first close freezes the months before the one it closes (backfilled).
        var stats = fixture.Services.GetRequiredService<StatsService>();
        foreach (var month in new[] { new EvaluationMonth(2020, 1), new EvaluationMonth(2020, 2) })
            (await stats.FreezeAsync("451027", month, CancellationToken.None, backfilled: true)).ShouldNotBeNull();
        var caughtUp = await stats.BackfilledMonthsAsync("451027", CancellationToken.None);

        await using var browser = await fixture.NewPageAsync(1440, 900);
        var page = browser.Page;
        await BrowserFixture.LoginAsync(page, "admin", "**/dispatch", Timeout);
        await page.GotoAsync("/stats");
        await page.Locator("[data-stats-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        var note = page.Locator("#stats-backfilled");
        await Assertions.Expect(note).ToContainTextAsync($"已补齐 {caughtUp.Count} 个月的月度快照", new() { Timeout = Timeout });
        await Assertions.Expect(note).ToContainTextAsync($"{caughtUp[0].Chinese}至{caughtUp[^1].Chinese}");
        await note.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "stats-5-first-close-backfilled");
        browser.ScriptErrors.ShouldBeEmpty();
    }
}
