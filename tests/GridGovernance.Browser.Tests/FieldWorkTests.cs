using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// A resident's report waits for 核实; the grid worker, standing there with a 360 px phone and a fixed GPS fix, finds it on the
/// work page and verifies it in a few taps — the position recorded with the timeline entry. Taps are counted.
/// </summary>
public sealed class FieldWorkTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;
    private const string Grid = "451027100001001";

    [Fact]
    public async Task A_grid_worker_finds_a_residents_report_on_the_work_page_and_verifies_it_on_the_spot_in_four_taps()
    {
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);

        // The resident's report (no JavaScript needed; the phone's browser sends the form).
        await using var residentContext = await fixture.NewPhoneAsync(lng, lat, 12);
        var resident = await residentContext.NewPageAsync();
        await resident.GotoAsync($"/g/{Grid}");
        await resident.GetByRole(AriaRole.Radio, new() { Name = "投诉", Exact = true }).CheckAsync();
        await resident.Locator("#category").SelectOptionAsync("C0101");
        await resident.Locator("#description").FillAsync("沿河路口的井盖不见了，晚上路过很危险。");
        await resident.Locator("[data-submit]").ClickAsync();
        await resident.Locator("[data-report-accepted]").WaitForAsync(new() { Timeout = Timeout });
        var number = await resident.Locator("[data-case-number]").First.InnerTextAsync();

        await using var context = await fixture.NewPhoneAsync(lng, lat, 6);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        var taps = 0;
        page.Dialog += async (_, dialog) => { taps++; await dialog.AcceptAsync(); };
        await BrowserFixture.LoginAsync(page, "gridworker", "**/field", Timeout);

        taps++;
        await page.Locator(".field-nav").GetByRole(AriaRole.Link, new() { Name = "待办" }).ClickAsync();
        await page.WaitForURLAsync("**/field/work", new() { Timeout = Timeout });
        var line = page.Locator($"[data-work-list='verify'] [data-case-number='{number}']");
        (await line.InnerTextAsync()).ShouldMatch("已等待[\\s\\S]*自动上报村级前：剩");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        // Five jobs in the bottom bar, none cut off at 360 px.
        (await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('.field-nav a')].every(a => a.scrollWidth <= a.clientWidth)")).ShouldBeTrue();
        await Screenshots.SaveAsync(page, "field-work-1-list");

        taps++;
        await line.ClickAsync();
        await page.Locator("[data-field-actions]").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-act-position-status]").Filter(new() { HasTextRegex = new Regex("已获取您的位置") }).WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-field-actions]").ScrollIntoViewIfNeededAsync();
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        // Every button and fold of the actions is a thumb's target.
        foreach (var target in await page.Locator("[data-field-actions] button, [data-field-actions] summary").AllAsync())
            (await target.BoundingBoxAsync())!.Height.ShouldBeGreaterThanOrEqualTo(44);
        await Screenshots.SaveAsync(page, "field-work-2-verify-form");

        taps++;
        await page.Locator("form[data-field-act='verify'] [data-act-submit]").ClickAsync();
        await page.Locator("[data-field-notice]").Filter(new() { HasTextRegex = new Regex("已核实") }).WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-case-state]").InnerTextAsync()).ShouldBe("已核实");
        (await page.Locator("[data-field-actions] form[data-field-act='verify']").CountAsync()).ShouldBe(0);
        await Screenshots.SaveAsync(page, "field-work-3-verified");

        taps.ShouldBeLessThanOrEqualTo(4, "待办 → 案件 → 核实属实 → 确认");
        (await fixture.Database.ScalarAsync<double>("""
            SELECT ST_X(t.position) FROM case_timeline t JOIN case_file c ON c.id = t.case_id WHERE c.number = $1 AND t.action = 'verify'
            """, number)).ShouldBe(lng, 0.00002);
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_grid_worker_reports_and_closes_a_small_matter_in_one_form_within_six_taps_after_the_photos()
    {
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        var photo = Path.Combine(RepoPaths.Root, "tests", "GridGovernance.Integration.Tests", "Intake", "Fixtures", "photo.jpg");
        await using var context = await fixture.NewPhoneAsync(lng, lat, 6);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await BrowserFixture.LoginAsync(page, "gridworker", "**/field", Timeout);
        await page.GotoAsync("/field/report");
        await page.Locator("[data-position-status]").Filter(new() { HasTextRegex = new Regex("已附上位置") }).WaitForAsync(new() { Timeout = Timeout });

        // The photos first (the camera's own taps are not counted), then every tap to the closed case.
        await page.Locator("#photos").SetInputFilesAsync(photo);
        await page.Locator("[data-photo-status]").Filter(new() { HasTextRegex = new Regex("已选择 1 张照片") }).WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-resolve-now] summary").ClickAsync();
        await page.Locator("#afterPhotos").SetInputFilesAsync(photo);
        var taps = 1;
        taps++; await page.Locator("#category").SelectOptionAsync("E0102");
        taps++; await page.Locator("#description").FillAsync("路边散落生活垃圾一堆");
        taps++; await page.Locator("[data-resolve-now-check]").CheckAsync();
        taps++; await page.Locator("#note").FillAsync("已清扫装袋");
        await page.Locator("[data-resolve-now]").ScrollIntoViewIfNeededAsync();
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await Screenshots.SaveAsync(page, "field-quick-1-form");
        taps++; await page.Locator("[data-submit]").ClickAsync();

        await page.Locator("[data-field-notice]").Filter(new() { HasTextRegex = new Regex("已现场处置办结") }).WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-case-state]").InnerTextAsync()).ShouldBe("已办结·现场处置");
        await Screenshots.SaveAsync(page, "field-quick-2-closed");
        taps.ShouldBeLessThanOrEqualTo(6, "随手办 → 类别 → 描述 → 勾选办结 → 说明 → 提交");
        errors.ShouldBeEmpty();
    }
}
