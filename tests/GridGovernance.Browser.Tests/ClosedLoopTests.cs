using System.Text.Json;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The whole loop through the pages, as each role sees it: a resident's report; the dispatcher verifies, files and blows an
/// 应急哨 for 城管 and 派出所 at the console; each unit's officer answers on a phone from the inbox (签收, 报到 at the phone's
/// position, 处置, 反馈 with a photo); the dispatcher checks and closes the case.
/// </summary>
public sealed class ClosedLoopTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;
    private const string Grid = "451027100001001";
    private static readonly string PhotoPath = Path.Combine(RepoPaths.Root, "tests", "GridGovernance.Integration.Tests", "Intake", "Fixtures", "photo.jpg");

    [Fact]
    public async Task A_dispatcher_whistles_two_units_who_report_in_and_feed_back_from_the_inbox_and_the_dispatcher_closes_the_case()
    {
        var (caseId, number) = await ResidentReportAsync();

        // The console: verify, file, 应急哨 to 城管 and 派出所.
        await using var desk = await DispatcherDesk.OpenCaseAsync(fixture, caseId, Timeout);
        var console = desk.Page;
        await desk.VerifyAsync();
        await desk.AcceptAsync();
        await desk.WhistleAsync("emergency", "451027-chengguan", "451027100-police");
        (await console.Locator("[data-order]").CountAsync()).ShouldBe(2);
        await console.Locator("[data-orders]").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(console, "loop-1-console-whistled");

        // Each unit answers from its inbox on a phone, standing at the case.
        foreach (var (account, unit) in new[] { ("dept-police", "451027100-police"), ("dept-chengguan", "451027-chengguan") })
            await AnswerFromInboxAsync(account, unit, caseId, number);
        (await fixture.Database.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", caseId)).ShouldBe("pending_check");

        // Back at the console: both orders fed back; the dispatcher checks and closes.
        await console.GotoAsync($"/dispatch?case={caseId}");
        (await console.Locator("[data-case-state]").GetAttributeAsync("data-case-state")).ShouldBe("pending_check");
        (await console.Locator("[data-order-unit='451027100-police'] [data-order-state]").InnerTextAsync()).ShouldBe("已反馈");
        await console.Locator("summary[data-action='check_pass']").ClickAsync();
        var check = console.Locator("form[data-action-form='check_pass']");
        (await check.Locator("[data-closure-type]").InputValueAsync()).ShouldBe("normal");
        await check.Locator("[data-submit-action='check_pass']").ClickAsync();
        await console.Locator("[data-drawer-notice]").Filter(new() { HasTextRegex = new Regex("结案") }).WaitForAsync(new() { Timeout = Timeout });
        (await console.Locator("[data-case-state]").GetAttributeAsync("data-case-state")).ShouldBe("closed");
        (await console.Locator("[data-timeline] li").Last.InnerTextAsync()).ShouldContain("核查通过");
        await console.Locator("[data-drawer]").EvaluateAsync("d => d.scrollTop = 0");
        await Screenshots.SaveAsync(console, "loop-3-console-closed");
        (await fixture.Database.ScalarAsync<string>("SELECT closure_type FROM case_file WHERE id = $1", caseId)).ShouldBe("normal");
        desk.ScriptErrors.ShouldBeEmpty();
    }

    private async Task AnswerFromInboxAsync(string account, string unit, long caseId, string number)
    {
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        await using var context = await fixture.NewPhoneAsync(lng, lat, 10);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await BrowserFixture.LoginAsync(page, account, "**/inbox", Timeout);
        var orderId = await fixture.Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1 AND unit_code = $2", caseId, unit);
        await page.Locator($"[data-case-number='{number}']").ClickAsync();
        await page.WaitForURLAsync($"**/inbox/orders/{orderId}", new() { Timeout = Timeout });
        await page.GetByRole(AriaRole.Button, new() { Name = "签收", Exact = true }).ClickAsync();
        await NoticeAsync(page, "已签收。");
        await page.Locator("[data-inbox-arrive] [data-submit]").ClickAsync();
        await NoticeAsync(page, "已报到。");
        await page.GetByRole(AriaRole.Button, new() { Name = "开始处置", Exact = true }).ClickAsync();
        await NoticeAsync(page, "已开始处置。");
        await page.Locator("#feedback-reason").FillAsync(unit.EndsWith("police", StringComparison.Ordinal) ? "现场秩序已维护。" : "垃圾已清运，路面清洁。");
        await page.Locator("#photos").SetInputFilesAsync(PhotoPath);
        await page.Locator("[data-photo-status]").Filter(new() { HasTextRegex = new Regex("已选择 1 张照片") }).WaitForAsync(new() { Timeout = Timeout });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交反馈" }).ClickAsync();
        await NoticeAsync(page, "已反馈。");
        (await page.Locator("[data-order-state]").InnerTextAsync()).ShouldBe("已反馈");
        if (unit.EndsWith("police", StringComparison.Ordinal)) await Screenshots.SaveAsync(page, "loop-2-inbox-fed-back");
        errors.ShouldBeEmpty();
    }

    private static async Task NoticeAsync(IPage page, string text) =>
        await page.Locator("[data-inbox-notice]").Filter(new() { HasText = text }).WaitForAsync(new() { Timeout = Timeout });

    /// <summary>A resident's report through the public API (the QR page is tested on its own).</summary>
    private async Task<(long CaseId, string Number)> ResidentReportAsync()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress });
        var report = await context.APIRequest.PostAsync("/api/cases", new()
        {
            Headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString("N") },
            DataObject = new { gridCode = Grid, requestType = "complaint", category = "E0102", description = "菜市场门口垃圾堆积，摊贩占道，路口堵塞" },
        });
        report.Status.ShouldBe(201, await report.TextAsync());
        var number = JsonDocument.Parse(await report.TextAsync()).RootElement.GetProperty("number").GetString()!;
        return (await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE number = $1", number), number);
    }
}
