using System.Globalization;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// 住户与十联户 (/admin/households) in Chromium at 1440×900: the county administrator adds a household, moves it to another
/// 十联户 unit, makes it that unit's 联户长 (and may then not retire it), gives the unit its 联户长 back, and retires the
/// household after a confirmation. Every step is checked in the database; the test works on the household it added and
/// leaves the unit as it found it.
/// </summary>
public sealed class AdminHouseholdsTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 30_000;
    private const string Head = "浏览器测试户";

    [Fact]
    public async Task The_admin_adds_moves_makes_leader_and_retires_a_household_after_a_confirmation()
    {
        // A grid with two units that both have a 联户长, and a point inside the grid.
        var units = (await fixture.Database.ScalarAsync<string>("""
            SELECT u1.code || ',' || u2.code FROM link_unit u1 JOIN link_unit u2 ON u2.grid_code = u1.grid_code AND u2.code > u1.code
            WHERE u1.leader_household_code IS NOT NULL AND u2.leader_household_code IS NOT NULL
            ORDER BY u1.grid_code DESC, u1.code, u2.code LIMIT 1
            """)).Split(',');
        var (from, to) = (units[0], units[1]);
        var grid = from[..15];
        var leader = await fixture.Database.ScalarAsync<string>("SELECT leader_household_code FROM link_unit WHERE code = $1", to);
        var point = (await fixture.Database.ScalarAsync<string>(
            "SELECT ST_X(ST_PointOnSurface(geom)) || ',' || ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid)).Split(',');
        var lng = double.Parse(point[0], CultureInfo.InvariantCulture).ToString("0.000000", CultureInfo.InvariantCulture);
        var lat = double.Parse(point[1], CultureInfo.InvariantCulture).ToString("0.000000", CultureInfo.InvariantCulture);

        await using var browser = await fixture.NewPageAsync(1440, 900);
        var page = browser.Page;
        await BrowserFixture.LoginAsync(page, "admin", "**/dispatch", Timeout);
        await page.GotoAsync("/admin/households");
        await page.Locator("[data-admin-ready='true']").WaitForAsync(new() { Timeout = Timeout });

        // 新增住户: first with a bad phone (the message by the field, nothing written), then right.
        await page.FillAsync("#add-grid", grid);
        await page.FillAsync("#add-unit", from);
        await page.FillAsync("#add-head", Head);
        await page.FillAsync("#add-members", "3");
        await page.FillAsync("#add-phone", "1380013");
        await page.FillAsync("#add-address", "测试路 1 号");
        await page.FillAsync("#add-lng", lng);
        await page.FillAsync("#add-lat", lat);
        await page.ClickAsync("#add-go");
        (await page.Locator("[data-field-error='phone']").InnerTextAsync(new() { Timeout = Timeout })).ShouldNotBeNullOrWhiteSpace();
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE head_name = $1", Head)).ShouldBe(0);
        await page.FillAsync("#add-phone", "13800138123");
        await page.ClickAsync("#add-go");
        await Notice(page, "已新增住户");
        var code = await fixture.Database.ScalarAsync<string>("SELECT code FROM household WHERE head_name = $1", Head);
        (await fixture.Database.ScalarAsync<string>("SELECT link_unit_code FROM household WHERE code = $1", code)).ShouldBe(from);
        await Notice(page, code);
        await Screenshots.SaveAsync(page, "admin-households-1-added", fullPage: true);

        // Find it and move it to the other unit of its grid.
        await page.FillAsync("#household-search", code);
        await page.ClickAsync("#household-search-go");
        await page.Locator($"[data-household-pick='{code}']").ClickAsync(new() { Timeout = Timeout });
        await page.Locator("#household-panel").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("#household-results").InnerTextAsync()).ShouldContain("138****8123"); // the phone masked
        await page.FillAsync("#move-unit", to);
        await page.ClickAsync("#move-go");
        await Notice(page, "已迁移住户");
        (await fixture.Database.ScalarAsync<string>("SELECT link_unit_code FROM household WHERE code = $1", code)).ShouldBe(to);
        await page.Locator("#household-panel").GetByText($"十联户 {to}").WaitForAsync(new() { Timeout = Timeout });

        // Make it the 联户长 of that unit.
        await page.Locator($"[data-unit-leader='{to}']").ClickAsync();
        await page.Locator("#leader-form").WaitForAsync(new() { Timeout = Timeout });
        await page.SelectOptionAsync("#leader-household", code);
        await Screenshots.SaveAsync(page, "admin-households-2-change-leader", fullPage: true);
        await page.ClickAsync("#leader-save");
        await Notice(page, "联户长");
        (await fixture.Database.ScalarAsync<string>("SELECT leader_household_code FROM link_unit WHERE code = $1", to)).ShouldBe(code);
        await page.Locator("#unit-list").GetByText(Head).WaitForAsync(new() { Timeout = Timeout });

        // A 联户长 cannot be retired: asked to confirm, then refused by the field, nothing written.
        await page.FillAsync("#retire-reason", "整户迁出本县");
        await page.ClickAsync("#retire-go");
        await page.ClickAsync("#retire-yes");
        (await page.Locator("#household-panel [data-field-error='reason']").InnerTextAsync(new() { Timeout = Timeout })).ShouldContain("联户长");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE code = $1", code)).ShouldBe(1);

        // The unit gets its 联户长 back.
        await page.Locator($"[data-unit-leader='{to}']").ClickAsync();
        await page.Locator("#leader-form").WaitForAsync(new() { Timeout = Timeout });
        await page.SelectOptionAsync("#leader-household", leader);
        await page.ClickAsync("#leader-save");
        await Eventually(async () => await fixture.Database.ScalarAsync<string>("SELECT leader_household_code FROM link_unit WHERE code = $1", to) == leader);
        // …and the page has shown it (its re-render would otherwise clear the retire form filled below).
        await Notice(page, $"已将 {await fixture.Database.ScalarAsync<string>("SELECT head_name FROM household WHERE code = $1", leader)} 设为");

        // Retire it: nothing happens before the confirmation; then it leaves the live table for the archive.
        await page.FillAsync("#retire-reason", "整户迁出本县");
        await page.ClickAsync("#retire-go");
        var confirm = page.Locator("#retire-yes");
        await confirm.WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("#household-panel").InnerTextAsync()).ShouldContain($"确定注销 {Head} 这一户？");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE code = $1", code)).ShouldBe(1);
        await Screenshots.SaveAsync(page, "admin-households-3-confirm-retire", fullPage: true);
        await confirm.ClickAsync();
        await Notice(page, $"已注销住户 {code}");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE code = $1", code)).ShouldBe(0);
        (await fixture.Database.ScalarAsync<string>("SELECT reason FROM household_retired WHERE code = $1", code)).ShouldBe("整户迁出本县");
        (await page.Locator("#household-panel").CountAsync()).ShouldBe(0);
        await Screenshots.SaveAsync(page, "admin-households-4-retired", fullPage: true);

        // Each change is on the audit trail.
        foreach (var action in new[] { "household.add", "household.move", "household.retire" })
            (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = $1 AND subject_id = $2", action, code)).ShouldBe(1, action);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'link_unit.leader' AND subject_id = $1", to)).ShouldBe(2);
        browser.ScriptErrors.ShouldBeEmpty();
    }

    /// <summary>Waits for the page's notice to say <paramref name="text"/> (an earlier notice may still stand until the answer arrives).</summary>
    private static Task Notice(IPage page, string text) =>
        page.Locator("#household-notice", new() { HasText = text }).WaitForAsync(new() { Timeout = Timeout });

    private static Task Eventually(Func<Task<bool>> condition) =>
        GridGovernance.Integration.Tests.Infrastructure.Eventually.TrueAsync(condition, "the 联户长 is given back");
}
