using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// A grid worker on a 360 px phone loses the network: the field app still opens (service worker), a report with a photo is
/// kept as 待发送 in the phone (IndexedDB), and when the network returns it is sent by itself and lands exactly once — the
/// dispatcher's list shows it.
/// </summary>
public sealed class FieldOfflineTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;
    private const string Grid = "451027100001001";
    private static readonly string PhotoPath = Path.Combine(RepoPaths.Root, "tests", "GridGovernance.Integration.Tests", "Intake", "Fixtures", "photo.jpg");

    [Fact]
    public async Task A_report_with_a_photo_made_offline_waits_as_pending_and_lands_once_when_the_network_returns()
    {
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(geom) + 0.00005 FROM household WHERE grid_code = $1 ORDER BY code LIMIT 1", Grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(geom) FROM household WHERE grid_code = $1 ORDER BY code LIMIT 1", Grid);
        await using var context = await fixture.NewPhoneAsync(lng, lat, 8);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        await BrowserFixture.LoginAsync(page, "gridworker", "**/field", Timeout);
        (await page.Locator("link[rel='manifest']").GetAttributeAsync("href")).ShouldBe("/field.webmanifest");
        var manifest = await page.EvaluateAsync<string>("() => fetch('/field.webmanifest').then(r => r.json()).then(m => m.start_url + '|' + m.display)");
        manifest.ShouldBe("/field|standalone");
        await page.GotoAsync("/field/report");
        // The service worker has kept the shell once it is active and controls the page.
        await page.EvaluateAsync("() => navigator.serviceWorker.ready");
        await page.ReloadAsync();
        (await page.EvaluateAsync<bool>("() => navigator.serviceWorker.controller !== null")).ShouldBeTrue();

        await context.SetOfflineAsync(true);
        // Offline, the report page still opens, from the service worker's copy.
        await page.ReloadAsync();
        (await page.TitleAsync()).ShouldContain("上报问题");
        await page.Locator("[data-position-status]").Filter(new() { HasTextRegex = new Regex("已附上位置") }).WaitForAsync(new() { Timeout = Timeout });

        var description = $"离线上报：路灯不亮 {Guid.NewGuid():N}"[..24];
        await page.Locator("#category").SelectOptionAsync("C0101");
        await page.Locator("#description").FillAsync(description);
        await page.Locator("#photos").SetInputFilesAsync(PhotoPath);
        await page.Locator("[data-photo-status]").Filter(new() { HasTextRegex = new Regex("已选择 1 张照片") }).WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-submit]").ClickAsync();

        var item = page.Locator("[data-outbox-item][data-state='pending']");
        await item.WaitForAsync(new() { Timeout = Timeout });
        (await item.InnerTextAsync()).ShouldContain("待发送");
        (await item.InnerTextAsync()).ShouldContain("1 张照片");
        (await page.Locator("[data-outbox-note]").InnerTextAsync()).ShouldContain("没有网络");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await Screenshots.SaveAsync(page, "field-offline-1-pending");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE description = $1", description)).ShouldBe(0);

        // The network returns: the page sends what it kept, by itself.
        await context.SetOfflineAsync(false);
        await page.Locator("[data-outbox-note]").Filter(new() { HasTextRegex = new Regex("1 条上报已发送") }).WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-outbox-item]").CountAsync()).ShouldBe(0);
        await Screenshots.SaveAsync(page, "field-offline-2-sent");

        // Landed once, with its photo, at the phone's position.
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE description = $1", description)).ShouldBe(1);
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM case_photo p JOIN case_file c ON c.id = p.case_id WHERE c.description = $1", description)).ShouldBe(1);
        var number = await fixture.Database.ScalarAsync<string>("SELECT number FROM case_file WHERE description = $1", description);

        // Another page load sends nothing again.
        await page.GotoAsync("/field/report");
        await page.Locator("[data-report-form]").WaitForAsync(new() { Timeout = Timeout });
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE description = $1", description)).ShouldBe(1);

        // The dispatcher's list shows it.
        await using var desk = await fixture.NewPageAsync(1280, 800);
        await BrowserFixture.LoginAsync(desk.Page, "dispatcher", "**/dispatch", Timeout);
        await desk.Page.GotoAsync("/dispatch");
        await desk.Page.Locator($"[data-case-number='{number}']").WaitForAsync(new() { Timeout = Timeout });
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_residents_report_that_fails_to_send_keeps_its_text_and_photo_and_goes_through_when_sent_again()
    {
        var grid = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid ORDER BY code LIMIT 1 OFFSET 2");
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid);
        await using var context = await fixture.NewPhoneAsync(lng, lat, 12);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        await page.GotoAsync($"/g/{grid}");
        var description = $"楼道灯坏了一个多星期 {Guid.NewGuid():N}"[..24];
        await page.GetByRole(AriaRole.Radio, new() { Name = "求助", Exact = true }).CheckAsync();
        await page.Locator("#category").SelectOptionAsync("C0101");
        await page.Locator("#description").FillAsync(description);
        await page.Locator("#photos").SetInputFilesAsync(PhotoPath);
        await page.Locator("[data-photo-status]").Filter(new() { HasTextRegex = new Regex("已选择 1 张照片") }).WaitForAsync(new() { Timeout = Timeout });

        await context.SetOfflineAsync(true);
        await page.Locator("[data-submit]").ClickAsync();
        var status = page.Locator("[data-send-status]");
        await status.Filter(new() { HasTextRegex = new Regex("内容和照片都还在") }).WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("#description").InputValueAsync()).ShouldBe(description);
        (await page.EvaluateAsync<int>("() => document.querySelector('#photos').files.length")).ShouldBe(1);
        (await page.Locator("[data-submit]").IsEnabledAsync()).ShouldBeTrue();
        await status.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "resident-offline-kept");

        await context.SetOfflineAsync(false);
        await page.Locator("[data-submit]").ClickAsync();
        await page.Locator("[data-report-accepted]").WaitForAsync(new() { Timeout = Timeout });
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM case_photo p JOIN case_file c ON c.id = p.case_id WHERE c.description = $1", description)).ShouldBe(1);
        errors.ShouldBeEmpty();
    }
}
