using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The township dispatcher at the 调度台 on a 1280×800 screen with one case's drawer open, acting on it the way a person does:
/// press the action's button, accept the confirmation, wait for the drawer's notice. Shared by the tests that take a case
/// through the loop, so each says what the dispatcher does rather than how the page is driven.
/// </summary>
public sealed class DispatcherDesk : IAsyncDisposable
{
    private readonly BrowserPage _browser;
    private readonly float _timeout;

    private DispatcherDesk(BrowserPage browser, float timeout)
    {
        _browser = browser;
        _timeout = timeout;
    }

    public IPage Page => _browser.Page;

    /// <summary>Script errors the page raised: every test insists on none.</summary>
    public List<string> ScriptErrors => _browser.ScriptErrors;

    /// <summary>Logs in as the demo dispatcher and opens <paramref name="caseId"/>'s drawer; every confirmation is accepted.</summary>
    public static async Task<DispatcherDesk> OpenCaseAsync(BrowserFixture fixture, long caseId, float timeout)
    {
        var browser = await fixture.NewPageAsync(1280, 800);
        var page = browser.Page;
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await BrowserFixture.LoginAsync(page, "dispatcher", "**/dispatch", timeout);
        await page.GotoAsync($"/dispatch?case={caseId}");
        return new DispatcherDesk(browser, timeout);
    }

    /// <summary>核实: the reported case is confirmed on site.</summary>
    public Task VerifyAsync() => PressAsync("verify", "已核实");

    /// <summary>受理立案: the case is filed and its time limit starts.</summary>
    public Task AcceptAsync() => PressAsync("accept", "已受理立案");

    /// <summary>吹哨 of kind <paramref name="whistleKind"/> (routine, emergency…) to exactly <paramref name="units"/>.</summary>
    public async Task WhistleAsync(string whistleKind, params string[] units)
    {
        var whistle = Page.Locator("form[data-action-form='whistle']");
        await Page.Locator("summary[data-action='whistle']").ClickAsync();
        await whistle.Locator($"input[name='whistleKind'][value='{whistleKind}']").CheckAsync();
        // The form suggests units by the category; only the ones asked for are summoned.
        var checkedBoxes = whistle.Locator("input[name='units']:checked");
        while (await checkedBoxes.CountAsync() > 0) await checkedBoxes.First.UncheckAsync();
        foreach (var unit in units)
        {
            var box = whistle.Locator($"input[name='units'][value='{unit}']");
            if (!await box.IsVisibleAsync()) await whistle.Locator(".console-other-units summary").ClickAsync();
            await box.CheckAsync();
        }
        await whistle.Locator("[data-submit-action='whistle']").ClickAsync();
        await NoticeAsync("已吹哨");
    }

    private async Task PressAsync(string action, string notice)
    {
        await Page.Locator($"button[data-action='{action}']").ClickAsync();
        await NoticeAsync(notice);
    }

    private Task NoticeAsync(string text) =>
        Page.Locator("[data-drawer-notice]").Filter(new() { HasText = text }).WaitForAsync(new() { Timeout = _timeout });

    public ValueTask DisposeAsync() => _browser.DisposeAsync();
}
