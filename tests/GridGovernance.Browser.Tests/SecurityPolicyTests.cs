namespace GridGovernance.Browser.Tests;

/// <summary>The strict Content-Security-Policy breaks nothing: the pages load, their scripts run, the console shows no violation.</summary>
public sealed class SecurityPolicyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 60_000;

    [Fact]
    public async Task The_map_the_resident_form_a_placard_the_login_and_the_dispatch_console_load_without_a_CSP_violation()
    {
        var grid = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid ORDER BY code LIMIT 1");
        await using var browser = await fixture.NewPageAsync();
        var page = browser.Page;
        // Every violation, also one Chromium would not print: the page itself reports them to the console.
        await page.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation',
              e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));
            """);

        await page.GotoAsync("/map", new() { WaitUntil = Microsoft.Playwright.WaitUntilState.DOMContentLoaded, Timeout = Timeout });
        await page.Locator(".leaflet-container").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#map-search-input").WaitForAsync(new() { Timeout = Timeout });

        await page.GotoAsync($"/g/{grid}", new() { WaitUntil = Microsoft.Playwright.WaitUntilState.DOMContentLoaded, Timeout = Timeout });
        await page.Locator("form").First.WaitForAsync(new() { Timeout = Timeout });

        await page.GotoAsync($"/g/{grid}/placard", new() { WaitUntil = Microsoft.Playwright.WaitUntilState.DOMContentLoaded, Timeout = Timeout });
        await page.Locator("[data-print]").WaitForAsync(new() { Timeout = Timeout });

        await BrowserFixture.LoginAsync(page, "dispatcher", "**/dispatch**", Timeout);
        await page.Locator(".leaflet-container").WaitForAsync(new() { Timeout = Timeout });
        // The live connection (a WebSocket to this origin) comes up under the policy.
        await page.Locator("[data-live-state][data-state='online']").First.WaitForAsync(new() { Timeout = Timeout });

        await page.GotoAsync("/account/password", new() { WaitUntil = Microsoft.Playwright.WaitUntilState.DOMContentLoaded, Timeout = Timeout });
        await page.Locator("#password-form").WaitForAsync(new() { Timeout = Timeout });
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.account-card')).borderRadius")).ShouldBe("8px");

        browser.CspViolations.ShouldBeEmpty();
        browser.ScriptErrors.ShouldBeEmpty();
    }
}
