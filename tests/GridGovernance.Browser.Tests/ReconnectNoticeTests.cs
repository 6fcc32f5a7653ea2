using GridGovernance.Domain.Cases;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Integration.Tests.Live;
using GridGovernance.Web.Features.Dispatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The interactive console while its network goes away and comes back (the switching proxy drops every connection and refuses
/// new ones, then lets them through again): our own Chinese reconnect notice shows — not Blazor's English one, whose inline
/// &lt;style&gt; our CSP refuses — and closes when the connection is back; the circuit resumes (no reload) and the change made
/// meanwhile is on screen.
/// </summary>
public sealed class ReconnectNoticeTests(ITestOutputHelper output)
{
    private const float Timeout = 60_000;

    [Fact]
    public async Task A_dropped_connection_shows_a_chinese_notice_that_closes_when_the_circuit_resumes()
    {
        var chromium = await SharedChromium.GetAsync();
        await using var database = await TestDatabase.CreateWithDemoCountyAsync();
        await using var app = new KestrelAppFactory(database.ConnectionString);
        var address = app.StartAndGetAddress();
        await LiveInstancesFixture.WaitUntilLiveAsync(app);
        await using var proxy = new SwitchingProxy(address);
        var (caseId, _) = await ResidentReports.ReportAsync(database, address, "451027100001001", "断网测试：路灯不亮");

        await using var context = await chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = proxy.Address, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, DeviceScaleFactor = 1,
        });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        page.Console += (_, message) =>
        {
            output.WriteLine($"console {message.Type}: {message.Text}");
            if (message.Type == "error") lock (consoleErrors) consoleErrors.Add(message.Text);
        };
        await BrowserFixture.LoginAsync(page, "dispatcher", "**/dispatch");
        await page.GotoAsync($"/dispatch/console?case={caseId}");
        await page.Locator("[data-console-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        var notice = page.Locator("#components-reconnect-modal");
        (await notice.IsVisibleAsync()).ShouldBeFalse("连接正常时不显示断线提示");
        await page.EvaluateAsync("() => { window.__sameCircuit = true; }");

        proxy.Cut();
        await notice.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = Timeout });
        await page.Locator("#components-reconnect-modal p:visible").First.WaitForAsync(new() { Timeout = Timeout });
        var shown = await page.Locator("#components-reconnect-modal p:visible").AllInnerTextsAsync();
        output.WriteLine("notice: " + string.Join(" | ", shown));
        shown.ShouldContain(line => line.Contains("重新连接", StringComparison.Ordinal), "断线时显示中文提示");
        string.Join("", shown).ShouldNotContain("Rejoin");
        (await page.Locator("[data-circuit-state]").InnerTextAsync()).ShouldBe("重新连接中");
        await Screenshots.SaveAsync(page, "reconnect-1-notice-1440");

        // A change while the console is cut off: it shows once the circuit is back.
        var dispatcher = await TestStaff.OfAsync(database, "dispatcher");
        (await app.Services.GetRequiredService<CaseActionService>()
            .ApplyAsync(dispatcher, caseId, new CaseCommand(CaseAction.Verify, Guid.NewGuid().ToString("N")), CancellationToken.None))
            .ShouldBeOfType<ActionOutcome.Done>();

        proxy.Restore();
        await notice.WaitForAsync(new() { State = WaitForSelectorState.Hidden, Timeout = Timeout });
        await page.Locator($"[data-case-panel='{caseId}'] [data-case-state='verified']").WaitForAsync(new() { Timeout = Timeout });
        (await page.EvaluateAsync<bool>("() => window.__sameCircuit === true")).ShouldBeTrue("同一实例仍保有电路：恢复连接，不重新加载页面");
        (await page.Locator("[data-circuit-state]").InnerTextAsync()).ShouldBe("在线");
        await Screenshots.SaveAsync(page, "reconnect-2-back-1440");

        lock (consoleErrors) consoleErrors.ShouldNotContain(e => e.Contains("Content Security Policy", StringComparison.Ordinal), "断线提示不使用被 CSP 拒绝的内联样式");
        // While the network was cut, the map's tile layer failed to fetch tiles (Leaflet.VectorGrid reports that as an uncaught
        // rejection); any other script error fails the test.
        scriptErrors.Where(e => !(e.Contains("Failed to fetch", StringComparison.Ordinal) && e.Contains("VectorGrid", StringComparison.Ordinal)))
            .ShouldBeEmpty();
    }
}
