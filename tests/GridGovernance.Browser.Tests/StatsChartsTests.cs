using System.Text;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Field;
using GridGovernance.Integration.Tests.Stats;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The evaluation's charts and maps: /stats draws its trend, volume and score charts with ECharts and the choropleth and
/// heatmap on the Leaflet components; the 大屏 at 1920×1080 follows the outbox live; the monthly report prints to a PDF.
/// The month is the integration tests' scripted month (this month), filed through the real actions.
/// </summary>
public sealed partial class StatsChartsTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 30_000;

    private StaffSession Session() => StaffSession.Over(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
    {
        BaseAddress = new Uri(fixture.BaseAddress),
    });

    /// <summary>The ECharts instance in a host: how many series it draws and how many data points the first has.</summary>
    private static Task<int[]> SeriesAsync(IPage page, string hostId) => page.EvaluateAsync<int[]>("""
        (id) => {
          const chart = echarts.getInstanceByDom(document.getElementById(id));
          const series = chart ? chart.getOption().series : [];
          return [series.length, series.length ? series[0].data.length : 0];
        }
        """, hostId);

    [Fact]
    public async Task Stats_draws_charts_a_choropleth_and_a_heatmap_and_the_monthly_report_prints_to_pdf()
    {
        await new EvaluationMonthScript(Session, fixture.Database).RunAsync();
        await using var browser = await fixture.NewPageAsync(1440, 900);
        var page = browser.Page;
        await BrowserFixture.LoginAsync(page, "admin", "**/dispatch", Timeout);
        await page.GotoAsync("/stats");
        await page.Locator("[data-stats-ready='true']").WaitForAsync(new() { Timeout = Timeout });

        foreach (var id in new[] { "stats-trend", "stats-source-chart", "stats-category-chart" })
        {
            await page.Locator($"#{id}[data-chart-ready='true']").WaitForAsync(new() { Timeout = Timeout });
            (await page.Locator($"#{id} canvas").CountAsync()).ShouldBeGreaterThan(0, id);
        }
        var trend = await SeriesAsync(page, "stats-trend");
        trend[0].ShouldBe(5); // 上报量 + 响应率, 解决率, 满意率, 按期办结率
        trend[1].ShouldBe(12);
        (await SeriesAsync(page, "stats-source-chart"))[1].ShouldBeGreaterThan(0);
        // The scripted eight cases were filed by the grid worker this month; other tests sharing the browser fixture may
        // have added more, so the page must show what the month's facts hold, and at least the script's eight.
        var byGridWorkers = await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM eval_case_fact WHERE county_code = '451027' AND source = 'grid_worker' AND reported_month = eval_month(now())");
        byGridWorkers.ShouldBeGreaterThanOrEqualTo(8);
        (await page.Locator("#stats-by-source [data-source='grid_worker'] td:nth-child(3)").InnerTextAsync()).Trim()
            .ShouldBe(byGridWorkers.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The choropleth: one outline per township of the county, filled; the heatmap: the month's cases as points.
        var map = page.Locator("#stats-map[data-leaflet-ready='true']");
        await map.WaitForAsync(new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#stats-map path.leaflet-interactive")).Not.ToHaveCountAsync(0, new() { Timeout = Timeout });
        (await page.Locator("#stats-map canvas.leaflet-heatmap-layer").CountAsync()).ShouldBe(1);
        int.Parse(await map.GetAttributeAsync("data-heat-points") ?? "0").ShouldBeGreaterThanOrEqualTo(8);
        await page.SelectOptionAsync("#stats-map-indicator", "satisfaction");
        await Assertions.Expect(page.Locator("#stats-map path.leaflet-interactive")).Not.ToHaveCountAsync(0, new() { Timeout = Timeout });

        // 岗位评价: the grid worker's volume is every case the account filed this month (the script's eight at least).
        var byTheWorker = await fixture.Database.ScalarAsync<long>("""
            SELECT count(*) FROM eval_case_fact f JOIN case_file c ON c.id = f.case_id
            WHERE f.reported_month = eval_month(now()) AND c.reported_by_account_id = (SELECT id FROM staff_account WHERE username = 'gridworker')
            """);
        byTheWorker.ShouldBeGreaterThanOrEqualTo(8);
        var volume = byTheWorker.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var worker = page.Locator("#stats-posts-table tr", new() { HasText = "网格员" })
            .Filter(new() { Has = page.Locator("[data-post-volume]", new() { HasTextRegex = new Regex($"^{volume}$") }) });
        await Assertions.Expect(worker).ToHaveCountAsync(1, new() { Timeout = Timeout });
        // Each post column carries its formula and 说明; every table below the ranking downloads with the browser's session.
        (await page.Locator("#stats-posts-table th[data-post-indicator='accuracy']").GetAttributeAsync("title") ?? "").ShouldContain("1 − 返工率");
        await Assertions.Expect(page.Locator("#stats-explain")).ToContainTextAsync("岗位评价 · 准确率");
        foreach (var id in new[] { "stats-source-csv", "stats-source-xlsx", "stats-category-csv", "stats-category-xlsx", "stats-posts-csv", "stats-posts-xlsx" })
        {
            var href = await page.Locator($"#{id}").GetAttributeAsync("href") ?? "";
            var download = await page.Context.APIRequest.GetAsync("/" + href);
            download.Status.ShouldBe(200, id);
        }
        await page.Locator("#stats-posts").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "stats-charts-1b-posts");
        await page.Locator("#stats-trend-panel").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "stats-charts-1-page", fullPage: true);
        browser.ScriptErrors.ShouldBeEmpty();
        browser.CspViolations.ShouldBeEmpty();

        // The monthly report: A4, SVG charts, printed by Chromium to a PDF with pages.
        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        await page.GotoAsync($"/stats/report/{month}");
        await page.Locator("[data-report-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        foreach (var id in new[] { "report-scores", "report-trend", "report-source", "report-category" })
        {
            await page.Locator($"#{id}[data-chart-ready='true']").WaitForAsync(new() { Timeout = Timeout });
            (await page.Locator($"#{id} svg").CountAsync()).ShouldBe(1, id);
        }
        await Assertions.Expect(page.Locator("#report-black")).ToContainTextAsync("泗城镇");
        (await page.Locator("#report-ranking tbody tr").CountAsync()).ShouldBeGreaterThan(1);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Screenshots.SaveAsync(page, "stats-charts-3-report-print", fullPage: true);
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true });
        await Screenshots.SaveBytesAsync("stats-charts-3-report.pdf", pdf);
        Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
        PageObject().Count(Encoding.Latin1.GetString(pdf)).ShouldBeGreaterThanOrEqualTo(1);
        browser.ScriptErrors.ShouldBeEmpty();
    }

    [GeneratedRegex(@"/Type\s*/Page[^s]")]
    private static partial Regex PageObject();

    [Fact]
    public async Task The_command_screen_at_1920_by_1080_updates_live_when_a_case_is_filed()
    {
        await using var browser = await fixture.NewPageAsync(1920, 1080);
        var page = browser.Page;
        await BrowserFixture.LoginAsync(page, "admin", "**/dispatch", Timeout);
        await page.GotoAsync("/stats/screen");
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        await page.Locator("[data-screen-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        foreach (var id in new[] { "screen-rank-chart", "screen-trend", "screen-source" })
            await page.Locator($"#{id}[data-chart-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        try
        {
            await page.Locator("[data-live-state][data-state='online']").WaitForAsync(new() { Timeout = Timeout });
        }
        catch (TimeoutException)
        {
            var state = await page.Locator("[data-live-state]").EvaluateAsync<string>("e => e.outerHTML");
            throw new ShouldAssertException($"not online: {state}\n{string.Join("\n", console)}");
        }
        await page.Locator("#screen-map[data-leaflet-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        var today = int.Parse((await page.Locator("#screen-today").InnerTextAsync()).Trim());
        var refreshes = await page.Locator("[data-screen-refreshes]").GetAttributeAsync("data-screen-refreshes");

        // A grid worker files a case: the screen hears it from the outbox and re-reads.
        const string Grid = EvaluationMonthScript.Grid;
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        using var worker = await Session().LoggedInAsync("gridworker");
        var caseId = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), (lng, lat), category: "E0102", description: "大屏实时测试")));
        var number = await fixture.Database.ScalarAsync<string>("SELECT number FROM case_file WHERE id = $1", caseId);

        await Assertions.Expect(page.Locator("#screen-events")).ToContainTextAsync(number, new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#screen-today")).ToHaveTextAsync((today + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = Timeout });
        (await page.Locator("[data-screen-refreshes]").GetAttributeAsync("data-screen-refreshes")).ShouldNotBe(refreshes);
        // Nothing scrolls on the wall screen.
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth")).ShouldBeTrue();
        await Screenshots.SaveAsync(page, "stats-charts-2-screen");
        browser.ScriptErrors.ShouldBeEmpty();
        browser.CspViolations.ShouldBeEmpty();
    }
}
