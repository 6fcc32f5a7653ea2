using System.Text.Json;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The 联户长's case list (/field/cases) is live like the grid worker's: it follows their 十联户 unit, shows 在线, and a case
/// reported for a household of the unit appears without a reload — while a resident's report in the same grid, which the
/// leader does not see, stays off it.
/// </summary>
public sealed class LinkLeaderLiveTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;
    private const string Grid = "451027100001001";       // 泗城镇 解放社区第1网格
    private const string Unit = "451027100001001001";    // the demo 联户长's unit in it
    private static readonly string PhotoPath = Path.Combine(RepoPaths.Root, "tests", "GridGovernance.Integration.Tests", "Intake", "Fixtures", "photo.jpg");

    [Fact]
    public async Task A_link_leader_s_open_case_list_is_online_and_shows_a_new_case_of_their_unit_without_reload()
    {
        // The list open on the leader's tablet.
        await using var tablet = await fixture.NewPageAsync(360, 740);
        var list = tablet.Page;
        await BrowserFixture.LoginAsync(list, "leader", "**/field", Timeout);
        await list.GotoAsync("/field/cases");
        await list.Locator("[data-live-state][data-state='online']").WaitForAsync(new() { Timeout = Timeout });
        (await list.Locator("[data-live-state]").InnerTextAsync()).ShouldBe("在线");
        (await list.Locator("[data-live-after]").GetAttributeAsync("data-live-scope")).ShouldBe(Unit);
        await list.EvaluateAsync("() => { window.__notReloaded = true; }");

        // A resident reports in the same grid: not the leader's case, so it must not turn up.
        var resident = await ResidentReportAsync();

        // The leader reports from their phone, standing at a household of the unit, for that household.
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(geom) FROM household WHERE link_unit_code = $1 ORDER BY code LIMIT 1", Unit);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(geom) FROM household WHERE link_unit_code = $1 ORDER BY code LIMIT 1", Unit);
        await using var phone = await fixture.NewPhoneAsync(lng, lat, 8);
        var report = await phone.NewPageAsync();
        var phoneErrors = new List<string>();
        report.PageError += (_, e) => phoneErrors.Add(e);
        await BrowserFixture.LoginAsync(report, "leader", "**/field", Timeout);
        await report.GotoAsync("/field/report");
        await report.Locator("[data-position-status]").Filter(new() { HasTextRegex = new Regex("已附上位置") }).WaitForAsync(new() { Timeout = Timeout });
        await report.Locator("#household").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await report.Locator("#category").SelectOptionAsync("C0101");
        await report.Locator("#description").FillAsync("沿河路3号门前井盖松动，踩上去会翻。");
        await report.Locator("#photos").SetInputFilesAsync(PhotoPath);
        await report.Locator("[data-photo-status]").Filter(new() { HasTextRegex = new Regex("已选择 1 张照片") }).WaitForAsync(new() { Timeout = Timeout });
        await report.Locator("[data-submit]").ClickAsync();
        await report.Locator("[data-field-accepted]").WaitForAsync(new() { Timeout = Timeout });
        var number = await report.Locator("[data-accepted-number]").InnerTextAsync();
        (await fixture.Database.ScalarAsync<string>("SELECT source FROM case_file WHERE number = $1", number)).ShouldBe("link_leader");

        // The open list has it, by itself, still online; the resident's case is not there.
        await list.Locator($"[data-field-cases] [data-case-number='{number}']").WaitForAsync(new() { Timeout = Timeout });
        (await list.EvaluateAsync<bool>("() => window.__notReloaded === true")).ShouldBeTrue("the list must not have reloaded");
        // The announcement follows the list 50 ms later (live-refresh.js clears the region first so it is spoken again).
        await list.Locator("[data-live-announce]").Filter(new() { HasText = "案件列表已更新。" }).WaitForAsync(new() { Timeout = Timeout });
        (await list.Locator($"[data-case-number='{resident}']").CountAsync()).ShouldBe(0);
        (await list.Locator("[data-live-state]").InnerTextAsync()).ShouldBe("在线");
        await Screenshots.SaveAsync(list, "live-leader-list");

        tablet.ScriptErrors.ShouldBeEmpty();
        phoneErrors.ShouldBeEmpty();
    }

    /// <summary>A resident's report in the leader's grid through the public API; answers its number.</summary>
    private async Task<string> ResidentReportAsync()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress });
        var response = await context.APIRequest.PostAsync("/api/cases", new()
        {
            Headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString("N") },
            DataObject = new { gridCode = Grid, requestType = "complaint", category = "E0102", description = "网格里的垃圾桶满了没人清" },
        });
        response.Status.ShouldBe(201, await response.TextAsync());
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("number").GetString()!;
    }
}
