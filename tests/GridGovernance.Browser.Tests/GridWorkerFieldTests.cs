using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// A grid worker on a 360 px phone with a fixed GPS fix: logs in, sees their grid's households on the map, reports a problem at
/// their position with a photo, and closes it on the spot with an after-photo.
/// </summary>
public sealed class GridWorkerFieldTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;
    private const string Grid = "451027100001001";
    private static readonly string PhotoPath = Path.Combine(RepoPaths.Root, "tests", "GridGovernance.Integration.Tests", "Intake", "Fixtures", "photo.jpg");

    [Fact]
    public async Task A_grid_worker_logs_in_reports_at_a_fixed_position_and_resolves_the_small_matter_on_the_spot()
    {
        // Standing next to a household of the grid.
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(geom) + 0.00005 FROM household WHERE grid_code = $1 ORDER BY code LIMIT 1", Grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(geom) FROM household WHERE grid_code = $1 ORDER BY code LIMIT 1", Grid);
        await using var context = await fixture.NewPhoneAsync(lng, lat, 8);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        // Signed out, "my grid" leads through the login page and back.
        await page.GotoAsync("/field");
        await page.WaitForURLAsync("**/login?returnUrl=%2Ffield", new() { Timeout = Timeout });
        await page.FillAsync("#login-username", "gridworker");
        await page.FillAsync("#login-password", "Demo@2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync("**/field", new() { Timeout = Timeout });

        var map = page.Locator("#field-map[data-loaded='true']");
        await map.WaitForAsync(new() { Timeout = Timeout });
        (await map.GetAttributeAsync("data-households")).ShouldBe(
            (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE grid_code = $1", Grid)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#field-map[data-me]").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("path.field-household").First.WaitForAsync(new() { Timeout = Timeout });
        // Households sit close together at this zoom; the click goes to one point, as a finger's tap on it would.
        await page.Locator("path.field-household").Last.DispatchEventAsync("click");
        await page.Locator("[data-field-card][data-household]").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-field-card]").InnerTextAsync()).ShouldContain("户主");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await Screenshots.SaveAsync(page, "field-1-my-grid");

        await page.GetByRole(AriaRole.Link, new() { Name = "上报问题" }).First.ClickAsync();
        await page.WaitForURLAsync("**/field/report", new() { Timeout = Timeout });
        // The position is taken at once, without a tap.
        await page.Locator("[data-position-status]").Filter(new() { HasTextRegex = new Regex("已附上位置") }).WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#category").SelectOptionAsync("C0101");
        await page.Locator("#description").FillAsync("沿河路口井盖缺失，已放置警示锥。");
        await page.Locator("#photos").SetInputFilesAsync(PhotoPath);
        await page.Locator("[data-photo-status]").Filter(new() { HasTextRegex = new Regex("已选择 1 张照片") }).WaitForAsync(new() { Timeout = Timeout });
        await Screenshots.SaveAsync(page, "field-2-report");
        await page.Locator("[data-submit]").ClickAsync();

        await page.Locator("[data-field-accepted]").WaitForAsync(new() { Timeout = Timeout });
        var number = await page.Locator("[data-accepted-number]").InnerTextAsync();
        number.ShouldMatch("^C0101[0-9]{12}$");
        (await page.Locator("[data-case-state]").InnerTextAsync()).ShouldBe("已上报");
        (await fixture.Database.ScalarAsync<string>("SELECT source || '|' || grid_code FROM case_file WHERE number = $1", number))
            .ShouldBe($"grid_worker|{Grid}");
        (await fixture.Database.ScalarAsync<double>("SELECT ST_X(geom) FROM case_file WHERE number = $1", number)).ShouldBe(lng, 0.00002); // the browser takes the fix as a float: ≈ 1 m
        await Screenshots.SaveAsync(page, "field-3-accepted");

        await page.Locator("#photos").SetInputFilesAsync(PhotoPath);
        await page.Locator("[data-photo-status]").Filter(new() { HasTextRegex = new Regex("已选择 1 张照片") }).WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#note").FillAsync("已联系供水公司补齐井盖，路面恢复平整。");
        await page.Locator("[data-submit]").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "field-4-resolve-form");
        await page.Locator("[data-submit]").ClickAsync();

        await page.Locator("[data-field-notice]").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-case-state]").InnerTextAsync()).ShouldBe("已办结·现场处置");
        var afterPhoto = page.Locator("[data-photos='after'] img").First;
        await afterPhoto.ScrollIntoViewIfNeededAsync();
        (await afterPhoto.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0")).ShouldBeGreaterThan(0);
        (await page.Locator("[data-timeline] li").Last.InnerTextAsync()).ShouldContain("现场处置办结");
        await Screenshots.SaveAsync(page, "field-6-closed-photos-and-timeline");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Screenshots.SaveAsync(page, "field-5-closed-on-spot");

        await page.GotoAsync("/field/cases?state=closed");
        (await page.Locator($"[data-case-number='{number}']").CountAsync()).ShouldBe(1);
        await Screenshots.SaveAsync(page, "field-7-closed-cases");
        errors.ShouldBeEmpty();
    }
}
