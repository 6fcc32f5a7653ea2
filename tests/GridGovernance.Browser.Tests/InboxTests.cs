using System.Text.Json;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// A police officer of 泗城派出所 on a 360 px phone with a fixed GPS fix inside the case's township: logs in, lands on the inbox,
/// sees the emergency whistle with its arrival countdown, opens it, signs, reports in (the phone's position is taken), starts
/// and feeds back with a photo. The case and the whistle come from the JSON APIs, as a resident and the dispatcher make them.
/// </summary>
public sealed class InboxTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;
    private const string Grid = "451027100001001";
    private static readonly string PhotoPath = Path.Combine(RepoPaths.Root, "tests", "GridGovernance.Integration.Tests", "Intake", "Fixtures", "photo.jpg");

    [Fact]
    public async Task A_police_officer_answers_an_emergency_whistle_from_the_inbox_on_a_phone()
    {
        var (caseId, number) = await WhistledCaseAsync();
        var orderId = await fixture.Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1 AND unit_code = '451027100-police'", caseId);
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);

        await using var context = await fixture.NewPhoneAsync(lng, lat, 10);
        await context.RouteAsync(url => !url.StartsWith(fixture.BaseAddress, StringComparison.Ordinal), route => route.AbortAsync());
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.AcceptAsync(); };

        await BrowserFixture.LoginAsync(page, "dept-police", "**/inbox", Timeout);

        var item = page.Locator($"[data-case-number='{number}']");
        await item.WaitForAsync(new() { Timeout = Timeout });
        (await item.Locator("[data-order-state]").InnerTextAsync()).ShouldBe("待签收");
        (await item.Locator("[data-arrival-text]").InnerTextAsync()).ShouldMatch("^须于 [0-9]{2}:[0-9]{2} 前到场，剩 (29|30) 分钟$");
        (await page.Locator("[data-notice][data-unread='true']").CountAsync()).ShouldBeGreaterThan(0);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await Screenshots.SaveAsync(page, "inbox-1-list");

        await item.ClickAsync();
        await page.WaitForURLAsync($"**/inbox/orders/{orderId}", new() { Timeout = Timeout });
        (await page.Locator("[data-case-number]").InnerTextAsync()).ShouldBe(number);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await Screenshots.SaveAsync(page, "inbox-2-order");

        await page.GetByRole(AriaRole.Button, new() { Name = "签收", Exact = true }).ClickAsync();
        await NoticeAsync(page, "已签收。");
        // 报到: one tap; the module takes the phone's position into the form and sends it.
        await page.Locator("[data-inbox-arrive] [data-submit]").ClickAsync();
        await NoticeAsync(page, "已报到。");
        (await page.Locator("[data-arrival-text]").InnerTextAsync()).ShouldStartWith("已于 ");
        await page.GetByRole(AriaRole.Button, new() { Name = "开始处置", Exact = true }).ClickAsync();
        await NoticeAsync(page, "已开始处置。");

        await page.Locator("#feedback-reason").FillAsync("已到场处置，现场秩序恢复。");
        await page.Locator("#photos").SetInputFilesAsync(PhotoPath);
        await page.Locator("[data-photo-status]").Filter(new() { HasTextRegex = new Regex("已选择 1 张照片") }).WaitForAsync(new() { Timeout = Timeout });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交反馈" }).ClickAsync();
        await NoticeAsync(page, "已反馈。");
        dialogs.ShouldContain(d => d.Contains("确认提交反馈", StringComparison.Ordinal));
        (await page.Locator("[data-order-state]").InnerTextAsync()).ShouldBe("已反馈");
        (await page.Locator("[data-case-state]").InnerTextAsync()).ShouldBe("待核查");
        await page.Locator("[data-photos='after'] img").First.WaitForAsync(new() { Timeout = Timeout });
        await Screenshots.SaveAsync(page, "inbox-3-fed-back");

        (await fixture.Database.ScalarAsync<double>("SELECT ST_Distance(arrival_geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) FROM work_order WHERE id = $1",
            orderId, lng, lat)).ShouldBeLessThan(2); // the browser passes the fix as a float: ≈ 1 m
        (await fixture.Database.ScalarAsync<string>("SELECT state FROM work_order WHERE id = $1", orderId)).ShouldBe("fed_back");
        (await fixture.Database.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", caseId)).ShouldBe("pending_check");
        errors.ShouldBeEmpty();
    }

    private static async Task NoticeAsync(IPage page, string text) =>
        await page.Locator("[data-inbox-notice]").Filter(new() { HasText = text }).WaitForAsync(new() { Timeout = Timeout });

    /// <summary>A resident's report through POST /api/cases, then the dispatcher's API: verified, accepted, an emergency whistle to the police station.</summary>
    private async Task<(long CaseId, string Number)> WhistledCaseAsync()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress });
        var api = context.APIRequest;
        var report = await api.PostAsync("/api/cases", new()
        {
            Headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString("N") },
            DataObject = new { gridCode = Grid, requestType = "complaint", category = "E0102", description = "沿河路口有人聚集争吵，堵住了路口" },
        });
        report.Status.ShouldBe(201, await report.TextAsync());
        var number = JsonDocument.Parse(await report.TextAsync()).RootElement.GetProperty("number").GetString()!;
        var caseId = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE number = $1", number);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#login-username", "dispatcher");
        await page.FillAsync("#login-password", "Demo@2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { Timeout = Timeout });
        var tokens = JsonDocument.Parse(await (await api.GetAsync("/api/staff/antiforgery")).TextAsync()).RootElement;
        async Task ActAsync(object body)
        {
            var response = await api.PostAsync($"/api/staff/cases/{caseId}/actions", new()
            {
                Headers = new Dictionary<string, string> { [tokens.GetProperty("headerName").GetString()!] = tokens.GetProperty("token").GetString()! },
                DataObject = body,
            });
            response.Status.ShouldBe(200, await response.TextAsync());
        }
        // A resident's report is verified, then accepted (立案), then the police station is whistled.
        await ActAsync(new { action = "verify", requestKey = Guid.NewGuid().ToString("N") });
        await ActAsync(new { action = "accept", requestKey = Guid.NewGuid().ToString("N") });
        await ActAsync(new
        {
            action = "whistle", requestKey = Guid.NewGuid().ToString("N"), units = new[] { "451027100-police" }, whistleKind = "emergency",
            reason = "路口聚集，请派出所到场",
        });
        return (caseId, number);
    }
}
