using GridGovernance.Integration.Tests.Infrastructure;
using System.Globalization;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The county administrator on /admin/accounts → 网格人员与联户长: a grid's people with 已关联账号 / 未开通账号, 开通账号 for a
/// grid worker without one (the form pre-filled), and the new account linked to the person and named in the accounts table;
/// unlinked, the account is suggested for the person again (same mobile number) and 全部关联 links it.
/// </summary>
public sealed class AdminStaffLinkTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 30_000;
    private const string Grid1 = "451027100001001";

    [Fact]
    public async Task The_county_admin_opens_an_account_for_a_grid_worker_without_one_and_sees_it_linked()
    {
        await using var browser = await fixture.NewPageAsync(1440, 900);
        var page = browser.Page;
        await BrowserFixture.LoginAsync(page, "admin", "**/dispatch", Timeout);
        await page.GotoAsync("/admin/accounts");
        await page.Locator("[data-admin-ready='true']").WaitForAsync(new() { Timeout = Timeout });

        await page.ClickAsync("#account-posts-open");
        await page.SelectOptionAsync("#posts-scope-township", "451027100");
        await page.Locator("#posts-scope-village option[value='451027100001']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        await page.SelectOptionAsync("#posts-scope-village", "451027100001");
        await page.Locator($"#posts-scope-grid option[value='{Grid1}']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        await page.SelectOptionAsync("#posts-scope-grid", Grid1);
        await page.Locator("#posts-table").WaitForAsync(new() { Timeout = Timeout });

        // The demo grid worker's post shows its account; the other grid worker has none yet.
        var demoPost = await fixture.Database.ScalarAsync<long>(
            "SELECT id FROM grid_staff WHERE account_id = (SELECT id FROM staff_account WHERE username = 'gridworker')");
        var linkedRow = page.Locator($"tr[data-post='grid_staff:{demoPost}']");
        (await linkedRow.GetAttributeAsync("data-post-state", new() { Timeout = Timeout })).ShouldBe("linked");
        (await linkedRow.InnerTextAsync()).ShouldContain("已关联账号");
        (await linkedRow.InnerTextAsync()).ShouldContain("gridworker");
        var open = await fixture.Database.ScalarAsync<long>(
            "SELECT id FROM grid_staff WHERE grid_code = $1 AND role = 'grid_worker' AND account_id IS NULL ORDER BY id LIMIT 1", Grid1);
        var name = await fixture.Database.ScalarAsync<string>("SELECT name FROM grid_staff WHERE id = $1", open);
        var phone = await fixture.Database.ScalarAsync<string>("SELECT phone FROM grid_staff WHERE id = $1", open);
        var openRow = page.Locator($"tr[data-post='grid_staff:{open}']");
        (await openRow.InnerTextAsync()).ShouldContain("未开通账号");
        (await openRow.InnerTextAsync()).ShouldNotContain(phone); // masked
        await Screenshots.SaveAsync(page, "admin-links-1-grid-people");

        // 开通账号: the form comes filled in with the person's name, phone, role and grid.
        await page.ClickAsync($"[data-post-open='grid_staff:{open}']");
        (await page.Locator("#account-create-for").InnerTextAsync(new() { Timeout = Timeout })).ShouldContain($"网格员 {name}");
        (await page.InputValueAsync("#account-display-name")).ShouldBe(name);
        (await page.InputValueAsync("#account-username")).ShouldBe(phone);
        (await page.InputValueAsync("#account-role")).ShouldBe("grid_worker");
        // The scope picker fills its grid list after the village: wait for the pre-filled grid to be chosen.
        await Eventually.TrueAsync(async () => await page.InputValueAsync("#account-scope-grid") == Grid1, "开通账号的网格已预选");
        await Screenshots.SaveAsync(page, "admin-links-2-prefilled");
        await page.ClickAsync("#account-save");
        (await page.Locator("#otp-username").InnerTextAsync(new() { Timeout = Timeout })).ShouldBe(phone);
        await page.ClickAsync("#otp-close");

        // The row now shows the account, the database holds the link, and the accounts table names the post.
        await page.Locator($"tr[data-post='grid_staff:{open}'][data-post-state='linked']").WaitForAsync(new() { Timeout = Timeout });
        (await fixture.Database.ScalarAsync<string>(
            "SELECT a.username FROM grid_staff s JOIN staff_account a ON a.id = s.account_id WHERE s.id = $1", open)).ShouldBe(phone);
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'staff_link.link' AND subject_id = $1", open.ToString(CultureInfo.InvariantCulture))).ShouldBe(1);
        await page.FillAsync("#filter-name", phone);
        await page.ClickAsync("#filter-search");
        (await page.Locator($"[data-account-post='{phone}']").InnerTextAsync(new() { Timeout = Timeout })).ShouldBe($"网格员 {name} ✓");
        await Screenshots.SaveAsync(page, "admin-links-3-linked");

        // Its edit form shows the link and can end it.
        await page.ClickAsync($"[data-account-edit='{phone}']");
        (await page.Locator("#account-link-current").InnerTextAsync(new() { Timeout = Timeout })).ShouldContain($"网格员 {name}");
        (await page.Locator("#account-link-current").InnerTextAsync()).ShouldContain("✓ 已关联");
        await Screenshots.SaveAsync(page, "admin-links-4-edit-form");
        await page.ClickAsync("#account-unlink");
        (await page.Locator("#account-link-message").InnerTextAsync(new() { Timeout = Timeout })).ShouldContain("已解除关联");
        (await fixture.Database.ScalarAsync<bool>("SELECT account_id IS NULL FROM grid_staff WHERE id = $1", open)).ShouldBeTrue();

        // The free account has the person's mobile number: the grid's list suggests it, the select starts on it, and
        // 全部关联 (after a confirm) links it again.
        var accountId = await fixture.Database.ScalarAsync<long>("SELECT id FROM staff_account WHERE username = $1", phone);
        await page.ClickAsync("#account-cancel");
        var suggestion = page.Locator($"[data-post-suggestion='grid_staff:{open}']");
        (await suggestion.InnerTextAsync(new() { Timeout = Timeout })).ShouldContain($"网格员 {name}");
        (await suggestion.InnerTextAsync()).ShouldContain("手机号一致");
        (await page.InputValueAsync($"[data-post-candidates='grid_staff:{open}']")).ShouldBe(accountId.ToString(CultureInfo.InvariantCulture));
        await page.ClickAsync("#posts-suggestions-link");
        await page.Locator("#posts-suggestions-confirm").WaitForAsync(new() { Timeout = Timeout });
        await Screenshots.SaveAsync(page, "admin-links-5-suggestions");
        await page.ClickAsync("#posts-suggestions-confirm");
        await page.Locator($"tr[data-post='grid_staff:{open}'][data-post-state='linked']").WaitForAsync(new() { Timeout = Timeout });
        (await fixture.Database.ScalarAsync<long>("SELECT account_id FROM grid_staff WHERE id = $1", open)).ShouldBe(accountId);
        browser.ScriptErrors.ShouldBeEmpty();
    }
}
