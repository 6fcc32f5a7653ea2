using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>The county administrator edits a unit's office phone on /admin/departments and sees it saved; the 权责清单 prints.</summary>
public sealed class AdminDepartmentsTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 30_000;

    [Fact]
    public async Task The_county_admin_edits_a_units_phone_and_sees_it_saved_after_a_reload()
    {
        await using var browser = await fixture.NewPageAsync(1366, 900);
        var page = browser.Page;
        await BrowserFixture.LoginAsync(page, "admin", "**/dispatch", Timeout);
        await page.GotoAsync("/admin/departments");
        await page.Locator("[data-admin-ready='true']").WaitForAsync(new() { Timeout = Timeout });

        await page.FillAsync("#unit-filter", "城市管理");
        await page.Locator("[data-unit-edit='451027-chengguan']").ClickAsync(new() { Timeout = Timeout });
        await page.FillAsync("#unit-phone", "0776 123");
        await page.ClickAsync("#unit-save");
        (await page.Locator("[data-field-error='phone']").InnerTextAsync(new() { Timeout = Timeout })).ShouldContain("只能含数字和连字符");
        await page.FillAsync("#unit-phone", "0776-7612345");
        await page.FillAsync("#unit-duty-contact", "值班室");
        await page.FillAsync("#unit-duty-phone", "0776-7612000");
        await Screenshots.SaveAsync(page, "admin-departments-1-edit-unit");
        await page.ClickAsync("#unit-save");
        await page.Locator("#unit-notice").WaitForAsync(new() { Timeout = Timeout });
        (await fixture.Database.ScalarAsync<string>("SELECT phone FROM department_unit WHERE code = '451027-chengguan'")).ShouldBe("0776-7612345");

        await page.ReloadAsync();
        await page.Locator("[data-admin-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        await page.FillAsync("#unit-filter", "城市管理");
        (await page.Locator("[data-unit-phone='451027-chengguan']").InnerTextAsync(new() { Timeout = Timeout })).ShouldBe("0776-7612345");
        await Screenshots.SaveAsync(page, "admin-departments-2-saved");

        await page.ClickAsync("#tab-duties");
        await page.Locator("[data-duty='E0701']").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-duty='E0701'] td:nth-child(6)").InnerTextAsync()).ShouldBe("公安、属地乡镇");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        (await page.Locator(".admin-nav").IsVisibleAsync()).ShouldBeFalse();
        await Screenshots.SaveAsync(page, "admin-departments-3-duty-list-print");
        browser.ScriptErrors.ShouldBeEmpty();
    }
}
