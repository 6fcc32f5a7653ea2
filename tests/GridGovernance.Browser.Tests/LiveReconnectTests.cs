using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Integration.Tests.Live;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The real browser client (wwwroot/js/live.js with @microsoft/signalr) behind a load balancer of two instances on one database:
/// the instance it is connected to dies, it reconnects to the other, catches up, and has applied every event once.
/// </summary>
public sealed class LiveReconnectTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Township = LiveInstancesFixture.Township;

    [Fact]
    public async Task The_browser_client_survives_its_instance_dying_and_applies_every_event_once()
    {
        await using var database = await TestDatabase.CreateWithDemoCountyAsync();
        await using var a = new KestrelAppFactory(database.ConnectionString);
        var addressA = a.StartAndGetAddress();
        a.ClientOptions.BaseAddress = new Uri(addressA + "/"); // reports go to A over real HTTP
        var b = new KestrelAppFactory(database.ConnectionString);
        var addressB = b.StartAndGetAddress();
        await LiveInstancesFixture.WaitUntilLiveAsync(a);
        await LiveInstancesFixture.WaitUntilLiveAsync(b);
        var grid = await database.ScalarAsync<string>("SELECT code FROM grid WHERE starts_with(code, $1) ORDER BY code LIMIT 1", Township);
        await using var proxy = new SwitchingProxy(addressB);

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = proxy.Address, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        await BrowserFixture.LoginAsync(page, "dispatcher", "**/dispatch");
        var start = await database.ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM outbox_event");
        await StartLiveAsync(page, Township, start);
        var badge = page.Locator("[data-live-state]");
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-state", "online", new() { Timeout = 15_000 });
        await Assertions.Expect(badge).ToHaveTextAsync("在线");

        async Task ReportAsync(int n) => await LiveInstancesFixture.ReportAsync(a, grid, $"第 {n} 条上报：路灯不亮");
        async Task HeardAsync(int count) =>
            await page.WaitForFunctionAsync("n => window.heard.length >= n", count, new() { Timeout = 20_000 });

        for (var n = 0; n < 3; n++) await ReportAsync(n);
        await HeardAsync(3);

        // Instance B dies; the balancer sends new connections to A. Reports go on meanwhile.
        proxy.SwitchTo(addressA);
        await b.DisposeAsync();
        for (var n = 3; n < 6; n++) await ReportAsync(n);
        await HeardAsync(6);
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-state", "online", new() { Timeout = 20_000 });
        for (var n = 6; n < 8; n++) await ReportAsync(n);
        await HeardAsync(8);

        var heard = await page.EvaluateAsync<long[]>("window.heard");
        var expected = await database.ScalarAsync<long[]>(
            "SELECT array_agg(id ORDER BY id) FROM outbox_event WHERE id > $1 AND scope_codes @> ARRAY[$2]", start, Township);
        heard.ShouldBe(expected, "every event once, in order, across the switch of instance");
        (await page.EvaluateAsync<int>("window.resyncs")).ShouldBe(0);
        // The badge told the user: connecting, online, then reconnecting while no instance answered, then online again.
        string.Join(",", (await page.EvaluateAsync<string[]>("window.states")).Distinct()).ShouldBe("connecting,online,reconnecting");
        (await page.EvaluateAsync<string>("window.states.at(-1)")).ShouldBe("online");
        scriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_join_the_server_refuses_leaves_the_badge_offline_and_stops_retrying()
    {
        await using var page = await browser.NewPageAsync();
        await LiveClock.InstallAsync(page.Page);
        await BrowserFixture.LoginAsync(page.Page, "gridworker", "**/field");
        await StartLiveAsync(page.Page, "451027101", 0); // another township
        var badge = page.Page.Locator("[data-live-state]");
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-state", "offline", new() { Timeout = 15_000 });
        await Assertions.Expect(badge).ToHaveTextAsync("离线");
        (await badge.GetAttributeAsync("title")).ShouldBe("无权接收该范围的实时更新");
        (await LiveClock.SocketsOpenedInTheNextMinuteAsync(page.Page)).ShouldBe(0, "a refused client stops retrying");
        string.Join(",", await page.Page.EvaluateAsync<string[]>("window.states")).ShouldBe("connecting,offline");
        page.ScriptErrors.ShouldBeEmpty();
    }

    /// <summary>
    /// On a page without a live client of its own (/healthz): a connection badge, live.js following <paramref name="scope"/>,
    /// and what the tests read back — window.states (the badge's states in turn), window.heard (event ids applied) and
    /// window.resyncs.
    /// </summary>
    private static async Task StartLiveAsync(IPage page, string scope, long after)
    {
        await page.GotoAsync("/healthz");
        await page.EvaluateAsync("""
            async ([scope, after]) => {
              const badge = document.createElement('span');
              badge.setAttribute('data-live-state', '');
              document.body.append(badge);
              window.states = [];
              new MutationObserver(() => window.states.push(badge.dataset.state)).observe(badge, { attributeFilter: ['data-state'] });
              window.heard = [];
              window.resyncs = 0;
              const { startLive } = await import('/js/live.js');
              startLive({ scopes: [scope], after, onEvent: (e) => window.heard.push(e.id), onResync: () => window.resyncs++ });
            }
            """, new object[] { scope, after });
    }
}
