using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The county administrator creates a grid worker on /admin/accounts (interactive Blazor: the table, the dialog, the scope
/// picker), the new worker signs in with the one-time password, is made to choose their own, and lands on the field page.
/// </summary>
public sealed class AdminAccountsTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 30_000;

    [Fact]
    public async Task The_county_admin_creates_a_grid_worker_who_signs_in_with_the_one_time_password_changes_it_and_lands_on_the_field_page()
    {
        await using var admin = await fixture.NewPageAsync(1366, 900);
        var page = admin.Page;
        page.Console += (_, message) => { if (message.Type == "error") output.WriteLine($"console error: {message.Text}"); };
        await BrowserFixture.LoginAsync(page, "admin", "**/dispatch", Timeout);

        await page.GotoAsync("/admin/accounts");
        await page.Locator("[data-admin-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#accounts-grid [data-account-state]").First.WaitForAsync(new() { Timeout = Timeout });
        var total = int.Parse(await page.Locator("#accounts-total").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        total.ShouldBe((int)await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM staff_account WHERE starts_with(scope_code, '451027')"));
        await Screenshots.SaveAsync(page, "admin-accounts-1-list");

        // A form saved empty names each field's problem in Chinese.
        await page.ClickAsync("#account-new");
        await page.ClickAsync("#account-save");
        (await page.Locator("[data-field-error='displayName']").InnerTextAsync(new() { Timeout = Timeout })).ShouldBe("请填写姓名。");
        (await page.Locator("[data-field-error='role']").InnerTextAsync()).ShouldBe("请选择角色。");
        await Screenshots.SaveAsync(page, "admin-accounts-2-form-errors");

        await page.FillAsync("#account-display-name", "覃新网格员");
        await page.FillAsync("#account-username", "13700000001");
        await page.FillAsync("#account-phone", "13700000001");
        await page.SelectOptionAsync("#account-role", "grid_worker");
        await page.SelectOptionAsync("#account-scope-township", "451027100");
        await page.Locator("#account-scope-village option[value='451027100001']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        await page.SelectOptionAsync("#account-scope-village", "451027100001");
        await page.Locator("#account-scope-grid option[value='451027100001002']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        await page.SelectOptionAsync("#account-scope-grid", "451027100001002");
        await page.ClickAsync("#account-save");

        var password = (await page.Locator("#otp-password").InnerTextAsync(new() { Timeout = Timeout })).Trim();
        password.Length.ShouldBe(14);
        (await page.Locator("#otp-username").InnerTextAsync()).ShouldBe("13700000001");
        await Screenshots.SaveAsync(page, "admin-accounts-3-one-time-password");
        await page.ClickAsync("#otp-close");
        await page.FillAsync("#filter-name", "覃新");
        await page.ClickAsync("#filter-search");
        await page.Locator("[data-account-state='13700000001']").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-account-state='13700000001']").InnerTextAsync()).ShouldBe("待改密");
        await Screenshots.SaveAsync(page, "admin-accounts-4-created");
        admin.ScriptErrors.ShouldBeEmpty();

        // The new worker, on their phone.
        await using var worker = await fixture.NewPageAsync(360, 740);
        var phone = worker.Page;
        await phone.GotoAsync("/login");
        await phone.FillAsync("#login-username", "13700000001");
        await phone.FillAsync("#login-password", password);
        await phone.ClickAsync("#login-submit");
        await phone.WaitForURLAsync("**/account/password", new() { Timeout = Timeout });
        (await phone.Locator("#password-required").InnerTextAsync()).ShouldContain("请先设置自己的新密码");
        await Screenshots.SaveAsync(phone, "admin-accounts-5-forced-password-change-phone");
        // Nothing else opens meanwhile.
        await phone.GotoAsync("/field");
        await phone.WaitForURLAsync("**/account/password", new() { Timeout = Timeout });

        await phone.FillAsync("input[name='Input.OldPassword']", password);
        await phone.FillAsync("input[name='Input.NewPassword']", "Qin#2026new");
        await phone.FillAsync("input[name='Input.Confirmation']", "Qin#2026new");
        await phone.ClickAsync("#password-form button[type=submit]");
        await phone.WaitForURLAsync("**/field", new() { Timeout = Timeout });
        (await phone.Locator("[data-field-user]").InnerTextAsync(new() { Timeout = Timeout })).ShouldBe("覃新网格员");
        (await phone.Locator("[data-field-grid]").GetAttributeAsync("data-field-grid")).ShouldBe("451027100001002");
        await Screenshots.SaveAsync(phone, "admin-accounts-6-field-page-phone");
        worker.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_village_cadre_is_sent_to_the_access_denied_page_and_a_township_dispatcher_sees_only_accounts()
    {
        await using var cadre = await fixture.NewPageAsync();
        await BrowserFixture.LoginAsync(cadre.Page, "cadre", "**/dispatch", Timeout);
        await cadre.Page.GotoAsync("/admin/accounts");
        await cadre.Page.WaitForURLAsync("**/account/denied**", new() { Timeout = Timeout });

        await using var dispatcher = await fixture.NewPageAsync();
        await BrowserFixture.LoginAsync(dispatcher.Page, "dispatcher", "**/dispatch", Timeout);
        await dispatcher.Page.GotoAsync("/admin/accounts");
        await dispatcher.Page.Locator("[data-admin-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        await dispatcher.Page.Locator("#accounts-grid [data-account-state]").First.WaitForAsync(new() { Timeout = Timeout });
        var roles = await dispatcher.Page.Locator("#accounts-grid tbody tr:has([data-account-state]) td:nth-child(3)").AllInnerTextsAsync();
        roles.ShouldNotBeEmpty();
        roles.ShouldAllBe(r => r == "网格员" || r == "联户长");
        (await dispatcher.Page.Locator(".admin-nav a").AllInnerTextsAsync()).ShouldNotContain("操作日志");
        await Screenshots.SaveAsync(dispatcher.Page, "admin-accounts-7-township-dispatcher");
    }
}
