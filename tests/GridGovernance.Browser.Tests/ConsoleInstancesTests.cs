using System.Diagnostics;
using System.Globalization;
using GridGovernance.Domain.Cases;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Integration.Tests.Live;
using GridGovernance.Web.Features.Dispatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The interactive console (/dispatch/console, a Blazor Server circuit) behind a load balancer of two instances on one database,
/// as nginx runs them (README "Several instances behind nginx"): the circuit is one WebSocket straight to instance A (no negotiate
/// request, so no sticky session); A stops and the balancer sends new connections to B; a case changes meanwhile. Blazor's
/// reconnect reaches B, which does not know the circuit, so the page reloads itself and opens a new circuit on B — with the same
/// case open (?case= is kept in the address) and the change shown; later changes arrive live on B; the feed has every event of
/// the township once. The time from the stop to the console showing the change is measured.
/// </summary>
public sealed class ConsoleInstancesTests(ITestOutputHelper output)
{
    private const string Township = LiveInstancesFixture.Township;
    private const float Timeout = 60_000;

    [Fact]
    public async Task The_console_comes_back_on_the_other_instance_when_its_own_stops_and_shows_the_change_made_meanwhile_with_no_event_lost()
    {
        var chromium = await SharedChromium.GetAsync();
        await using var database = await TestDatabase.CreateWithDemoCountyAsync();
        await using var a = new KestrelAppFactory(database.ConnectionString);
        var addressA = a.StartAndGetAddress();
        await using var b = new KestrelAppFactory(database.ConnectionString);
        var addressB = b.StartAndGetAddress();
        await LiveInstancesFixture.WaitUntilLiveAsync(a);
        await LiveInstancesFixture.WaitUntilLiveAsync(b);
        await using var proxy = new SwitchingProxy(addressA);
        var (caseId, number) = await ResidentReports.ReportAsync(database, addressA, "451027100001001", "两实例测试：路口井盖缺失");

        await using var context = await chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = proxy.Address, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, DeviceScaleFactor = 1,
        });
        var page = await context.NewPageAsync();
        var scriptErrors = new List<string>();
        var sockets = new List<string>();
        var requests = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        page.WebSocket += (_, socket) => { lock (sockets) sockets.Add(socket.Url); };
        page.Request += (_, request) => { lock (requests) requests.Add(request.Url); };
        page.Console += (_, message) => output.WriteLine($"console {message.Type}: {message.Text}");
        await BrowserFixture.LoginAsync(page, "dispatcher", "**/dispatch");
        var start = await database.ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM outbox_event");
        await page.GotoAsync($"/dispatch/console?case={caseId}");
        await page.Locator("[data-console-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator($"[data-case-panel='{caseId}'] [data-case-state='reported']").WaitForAsync(new() { Timeout = Timeout });
        // A marker on the window: gone after a reload, kept by a circuit that resumes.
        await page.EvaluateAsync("() => { window.__firstLoad = true; }");
        sockets.Count(url => url.Contains("/_blazor", StringComparison.Ordinal)).ShouldBe(1);

        // A change live on A first: the console is connected.
        var dispatcher = await TestStaff.OfAsync(database, "dispatcher");
        var first = await ResidentReports.ReportAsync(database, addressA, "451027100001002", "两实例测试：在 A 上的上报");
        await page.Locator("[data-feed-item]").Filter(new() { HasText = first.Number }).WaitForAsync(new() { Timeout = Timeout });

        // A stops: the balancer sends every new connection to B and cuts the open ones; a change is made on B meanwhile.
        var clock = Stopwatch.StartNew();
        proxy.SwitchTo(addressB);
        var stopping = a.DisposeAsync().AsTask();
        var actions = b.Services.GetRequiredService<CaseActionService>();
        (await actions.ApplyAsync(dispatcher, caseId, new CaseCommand(CaseAction.Verify, Guid.NewGuid().ToString("N")), CancellationToken.None))
            .ShouldBeOfType<ActionOutcome.Done>();
        var changedAt = clock.ElapsedMilliseconds;

        await page.Locator($"[data-case-panel='{caseId}'] [data-case-state='verified']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-console-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        var recovered = clock.ElapsedMilliseconds;
        var reloaded = !await page.EvaluateAsync<bool>("() => window.__firstLoad === true");
        output.WriteLine($"Stop of A → change committed on B after {changedAt} ms; console showing it on B after {recovered} ms " +
                         $"({(reloaded ? "Blazor reloaded the page: a new circuit on B" : "the circuit resumed")})");
        reloaded.ShouldBeTrue("B 不认识 A 的电路：页面应自动重新加载并在 B 上新建电路");
        page.Url.ShouldEndWith($"/dispatch/console?case={caseId}");
        await stopping;

        // Live again, now through B's circuit: a new report and a 立案 of the open case show without another load.
        await page.EvaluateAsync("() => { window.__onB = true; }");
        var second = await ResidentReports.ReportAsync(database, addressB, "451027100001002", "两实例测试：在 B 上的上报");
        (await actions.ApplyAsync(dispatcher, caseId, new CaseCommand(CaseAction.Accept, Guid.NewGuid().ToString("N")), CancellationToken.None))
            .ShouldBeOfType<ActionOutcome.Done>();
        await page.Locator("[data-feed-item]").Filter(new() { HasText = second.Number }).WaitForAsync(new() { Timeout = Timeout });
        await page.Locator($"[data-case-panel='{caseId}'] [data-case-state='accepted']").WaitForAsync(new() { Timeout = Timeout });
        (await page.EvaluateAsync<bool>("() => window.__onB === true")).ShouldBeTrue("在 B 上的电路应实时更新，不再重新加载");

        // No event lost or doubled: the feed holds every event of the township since the page first opened, each once.
        var expected = await database.ScalarAsync<long[]>(
            "SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM outbox_event WHERE id > $1 AND scope_codes @> ARRAY[$2]", start, Township);
        expected.Length.ShouldBeGreaterThanOrEqualTo(4);
        await Eventually.TrueAsync(async () =>
        {
            var shown = await page.Locator("[data-feed-item]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.feedItem)");
            return expected.All(id => shown.Contains(id.ToString(CultureInfo.InvariantCulture)));
        }, "动态列表包含切换前后的每一条事件");
        var feed = await page.Locator("[data-feed-item]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.feedItem)");
        feed.Distinct().Count().ShouldBe(feed.Length, "每条事件只显示一次");

        // Two circuits, each one upgraded request straight to a WebSocket (A's, then B's); never a negotiate request.
        lock (sockets) sockets.Count(url => url.Contains("/_blazor", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(2);
        lock (requests) requests.ShouldNotContain(url => url.Contains("/_blazor/negotiate", StringComparison.Ordinal));
        await Screenshots.SaveAsync(page, "console-instances-after-switch-1440");
        output.WriteLine($"Measured recovery (stop of A → console on B showing the change): {recovered} ms; events checked: {expected.Length}; case {number}");
        scriptErrors.ShouldBeEmpty();
    }
}
