using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>A grid worker on a phone (360×740): logs in, sees their name in the user menu, logs out.</summary>
public sealed class LoginPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;

    [Fact]
    public async Task A_grid_worker_logs_in_on_a_phone_sees_the_name_in_the_user_menu_and_logs_out()
    {
        var name = await fixture.Database.ScalarAsync<string>("SELECT display_name FROM staff_account WHERE username = 'gridworker'");
        await using var browser = await fixture.NewPageAsync(360, 740);
        var page = browser.Page;

        // A staff page sends an anonymous visitor to the login page, which brings them back after login.
        await page.GotoAsync("/account");
        await page.WaitForURLAsync("**/login?returnUrl=%2Faccount", new() { Timeout = Timeout });
        (await page.TitleAsync()).ShouldContain("登录");

        await page.FillAsync("#login-username", "gridworker");
        await page.FillAsync("#login-password", "wrong-password");
        await page.ClickAsync("#login-submit");
        (await page.Locator("#login-error").InnerTextAsync(new() { Timeout = Timeout })).ShouldBe("用户名或密码错误。");
        await Screenshots.SaveAsync(page, "login-1-wrong-password-phone");

        await page.FillAsync("#login-username", "gridworker");
        await page.FillAsync("#login-password", "Demo@2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync("**/account", new() { Timeout = Timeout });
        (await page.Locator("#user-menu-name").InnerTextAsync()).ShouldBe(name);
        (await page.Locator("#account-role").InnerTextAsync()).ShouldBe("网格员");
        (await page.Locator("#account-scope").InnerTextAsync()).ShouldContain("解放社区第1网格");
        // Nothing overflows the phone's width.
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await Screenshots.SaveAsync(page, "login-2-account-with-user-menu-phone");

        await page.ClickAsync("#user-menu-logout");
        await page.WaitForURLAsync("**/login?loggedOut=1", new() { Timeout = Timeout });
        (await page.Locator("#login-status").InnerTextAsync()).ShouldBe("您已安全退出。");
        await Screenshots.SaveAsync(page, "login-3-logged-out-phone");

        var response = await page.GotoAsync("/account");
        page.Url.ShouldContain("/login?returnUrl=");
        response!.Ok.ShouldBeTrue();
        browser.ScriptErrors.ShouldBeEmpty();
    }
}
