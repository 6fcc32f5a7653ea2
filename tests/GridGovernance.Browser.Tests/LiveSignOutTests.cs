using GridGovernance.Integration.Tests.Live;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// What a person sees when their account is signed out while a page follows live updates: the server closes the connection,
/// live.js reconnects, the old cookie is refused, and the badge says 离线 with the reason, without retrying forever.
/// </summary>
public sealed class LiveSignOutTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_disabled_accounts_open_page_goes_offline_and_says_the_login_has_expired()
    {
        await using var page = await browser.NewPageAsync();
        await LiveClock.InstallAsync(page.Page);
        await BrowserFixture.LoginAsync(page.Page, "dispatcher", "**/dispatch");
        await page.Page.GotoAsync("/healthz");
        await page.Page.EvaluateAsync("""
            async (scope) => {
              const badge = document.createElement('span');
              badge.setAttribute('data-live-state', '');
              document.body.append(badge);
              window.states = [];
              new MutationObserver(() => window.states.push(badge.dataset.state)).observe(badge, { attributeFilter: ['data-state'] });
              const { startLive } = await import('/js/live.js');
              startLive({ scopes: [scope], after: 0, onResync: () => {} });
            }
            """, LiveInstancesFixture.Township);
        var badge = page.Page.Locator("[data-live-state]");
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-state", "online", new() { Timeout = 15_000 });

        await using (var command = browser.Database.DataSource.CreateCommand("UPDATE staff_account SET disabled = true WHERE username = 'dispatcher'"))
            await command.ExecuteNonQueryAsync();

        await Assertions.Expect(badge).ToHaveAttributeAsync("data-state", "offline", new() { Timeout = 15_000 });
        await Assertions.Expect(badge).ToHaveTextAsync("离线");
        (await badge.GetAttributeAsync("title")).ShouldBe("登录已失效，请重新登录后接收实时更新");
        (await LiveClock.SocketsOpenedInTheNextMinuteAsync(page.Page)).ShouldBe(0, "a refused client stops retrying");
        string.Join(",", await page.Page.EvaluateAsync<string[]>("window.states")).ShouldBe("connecting,online,reconnecting,offline");
        page.ScriptErrors.ShouldBeEmpty();
    }
}
