using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>A resident scans a placard on a 360 px phone, reports with a photo and their position, and follows the tracking link.</summary>
public sealed class ResidentReportTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;

    [Fact]
    public async Task A_resident_reports_with_a_photo_and_position_sees_accepted_and_follows_the_tracking_link_to_the_timeline()
    {
        var grid = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid ORDER BY code LIMIT 1");
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid);

        await using var context = await fixture.NewPhoneAsync(lng, lat, 12, "clipboard-read", "clipboard-write");
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        await page.GotoAsync($"/g/{grid}");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe(await fixture.Database.ScalarAsync<string>("SELECT name FROM grid WHERE code = $1", grid));
        await Screenshots.SaveAsync(page, "resident-1-form");

        await page.GetByRole(AriaRole.Radio, new() { Name = "投诉", Exact = true }).CheckAsync();
        await page.Locator("#category").SelectOptionAsync("E0102");
        const string description = "小区东门垃圾桶旁堆了很多垃圾，已经三天没有清运，气味很大。";
        await page.Locator("#description").FillAsync(description);
        (await page.Locator("[data-counter-for='description']").InnerTextAsync()).ShouldBe(description.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#photos").SetInputFilesAsync(Path.Combine(RepoPaths.Root, "tests", "GridGovernance.Integration.Tests", "Intake", "Fixtures", "photo.jpg"));
        await page.Locator("[data-photo-status]").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("已选择 1 张照片") })
            .WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-use-position]").ClickAsync();
        await page.Locator("[data-position-status]").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("已附上位置") })
            .WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#phone").FillAsync("13712345678");
        await Screenshots.SaveAsync(page, "resident-2-filled");
        await page.Locator("[data-submit]").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "resident-3-ready-to-send");

        await page.Locator("[data-submit]").ClickAsync();
        await page.Locator("[data-report-accepted]").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("已提交");
        var number = await page.Locator("[data-case-number]").InnerTextAsync();
        number.ShouldMatch("^E0102[0-9]{12}$");
        (await page.Locator("[data-copy-link]").IsVisibleAsync()).ShouldBeTrue();
        await Screenshots.SaveAsync(page, "resident-4-accepted");
        (await page.EvaluateAsync<int>("() => localStorage.length")).ShouldBe(0);

        (await fixture.Database.ScalarAsync<bool>("SELECT position_outside_grid FROM case_file WHERE number = $1", number)).ShouldBeFalse();
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_photo p JOIN case_file c ON c.id = p.case_id WHERE c.number = $1", number)).ShouldBe(1);

        await page.Locator("[data-tracking-link]").ClickAsync();
        await page.Locator("[data-timeline]").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-case-number]").InnerTextAsync()).ShouldBe(number);
        (await page.Locator("[data-case-state]").InnerTextAsync()).ShouldBe("已上报");
        (await page.Locator("[data-timeline] li").First.InnerTextAsync()).ShouldContain("居民 · 上报问题");
        var thumbnail = page.Locator(".report-photos img").First;
        await thumbnail.WaitForAsync(new() { Timeout = Timeout });
        (await thumbnail.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0")).ShouldBeGreaterThan(0);
        await Screenshots.SaveAsync(page, "resident-5-tracking");
        errors.ShouldBeEmpty();
    }
}
