using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The township dispatcher at the console on a 1280×800 screen: a resident reports a problem, the dispatcher finds it on the
/// map, opens it, verifies and files it, blows an 应急哨 for 城管 and 派出所, and watches both orders' arrival countdowns tick.
/// </summary>
public sealed class DispatchConsoleTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;
    private const string Grid = "451027100001001";
    private static readonly string PhotoPath = Path.Combine(RepoPaths.Root, "tests", "GridGovernance.Integration.Tests", "Intake", "Fixtures", "photo.jpg");

    [Fact]
    public async Task All_read_in_the_notices_panel_marks_the_townships_notices_read_without_script_help_and_comes_back()
    {
        var db = fixture.Database;
        var (caseId, _) = await ResidentReports.ReportAsync(db, fixture.BaseAddress, Grid, "全部已读测试：楼道堆放杂物");
        Task<long> NoticeAsync(string message) => db.ScalarAsync<long>(
            "INSERT INTO notification (recipient_scope, case_id, kind, message) VALUES ('451027100', $1, 'supervise', $2) RETURNING id", caseId, message);
        await NoticeAsync("督办：楼道杂物请今日清理");
        await using var browser = await fixture.NewPageAsync(1280, 800);
        var page = browser.Page;
        await BrowserFixture.LoginAsync(page, "dispatcher", "**/dispatch", Timeout);
        // More arrive after the page was shown: showing did not mark them. The first of them stays beyond the 20 newest that the
        // page after 全部已读 lists (and so marks by showing): only 全部已读 itself can have marked it.
        var late = await NoticeAsync("督办：楼道杂物逾期未清理");
        for (var i = 1; i <= 20; i++) await NoticeAsync($"督办：第 {i} 次催办");
        await page.Locator("[data-notices] summary").ClickAsync();
        var allRead = page.Locator("[data-all-read-form] button");
        await allRead.WaitForAsync(new() { Timeout = Timeout });
        await Screenshots.SaveAsync(page, "dispatch-notices-all-read-1280");
        await allRead.ClickAsync();
        await page.Locator("[data-console-notice]").Filter(new() { HasText = "已将全部通知标为已读。" }).WaitForAsync(new() { Timeout = Timeout });
        (await db.ScalarAsync<bool>("SELECT read_at IS NOT NULL FROM notification WHERE id = $1", late)).ShouldBeTrue();
        (await page.Locator("[data-notices] [data-unread-count]").CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_dispatcher_opens_a_reported_case_from_the_map_files_it_and_whistles_two_units_with_live_arrival_countdowns()
    {
        await using var browser = await fixture.NewPageAsync(1280, 800);
        var page = browser.Page;
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        // A resident reports through the grid's placard page.
        await page.GotoAsync($"/g/{Grid}");
        await page.GetByRole(AriaRole.Radio, new() { Name = "投诉", Exact = true }).CheckAsync();
        await page.Locator("#category").SelectOptionAsync("E0102");
        await page.Locator("#description").FillAsync("解放路菜市场门口垃圾堆积，已经堵住半条路。");
        await page.Locator("#photos").SetInputFilesAsync(PhotoPath);
        await page.Locator("[data-photo-status]").Filter(new() { HasTextRegex = new Regex("已选择 1 张照片") }).WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-submit]").ClickAsync();
        await page.Locator("[data-report-accepted]").WaitForAsync(new() { Timeout = Timeout });
        var number = await page.Locator("[data-case-number]").InnerTextAsync();
        var caseId = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE number = $1", number);

        // The dispatcher logs in and lands on the console.
        await BrowserFixture.LoginAsync(page, "dispatcher", "**/dispatch", Timeout);
        await page.Locator("#dispatch-map[data-loaded='true']").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator($"[data-case-row='{caseId}']").InnerTextAsync()).ShouldContain("已上报");
        (await page.Locator("[data-count-state='reported'] strong").InnerTextAsync()).ShouldBe("1");
        await Screenshots.SaveAsync(page, "dispatch-1-list-and-map");

        // A click on the case's marker opens its drawer.
        await page.Locator($"path.console-marker-{caseId}").DispatchEventAsync("click");
        await page.WaitForURLAsync($"**/dispatch?case={caseId}", new() { Timeout = Timeout });
        var drawer = page.Locator($"[data-drawer='{caseId}']");
        await drawer.WaitForAsync(new() { Timeout = Timeout });
        (await drawer.Locator("[data-description]").InnerTextAsync()).ShouldContain("菜市场门口");
        var photo = drawer.Locator("[data-photos='report'] img").First;
        await photo.ScrollIntoViewIfNeededAsync();
        (await photo.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0")).ShouldBeGreaterThan(0);
        await drawer.EvaluateAsync("d => d.scrollTop = 0");
        await Screenshots.SaveAsync(page, "dispatch-2-drawer");

        // A resident's report is verified, then filed (each asks for confirmation, accepted above).
        await drawer.Locator("button[data-action='verify']").ClickAsync();
        await page.Locator("[data-drawer-notice]").Filter(new() { HasText = "已核实" }).WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("button[data-action='accept']").ClickAsync();
        await page.Locator("[data-drawer-notice]").Filter(new() { HasText = "已受理立案" }).WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-case-state]").GetAttributeAsync("data-case-state")).ShouldBe("accepted");
        (await page.Locator("[data-case-deadline] [data-light]").GetAttributeAsync("data-light")).ShouldNotBeNull();

        // 吹哨: 应急哨, calling exactly 城管 and 派出所.
        var whistle = page.Locator("form[data-action-form='whistle']");
        await page.Locator("summary[data-action='whistle']").ClickAsync();
        await whistle.Locator("input[name='whistleKind'][value='emergency']").CheckAsync();
        (await whistle.InnerTextAsync()).ShouldContain("应急哨（30 分钟内到场）");
        // Routing pre-checked its first unit of each party; this whistle calls exactly two units.
        var checkedBoxes = whistle.Locator("input[name='units']:checked");
        while (await checkedBoxes.CountAsync() > 0) await checkedBoxes.First.UncheckAsync();
        foreach (var unit in new[] { "451027-chengguan", "451027100-police" })
        {
            var box = whistle.Locator($"input[name='units'][value='{unit}']");
            if (!await box.IsVisibleAsync()) await whistle.Locator(".console-other-units summary").ClickAsync();
            await box.CheckAsync();
        }
        await whistle.Locator("[data-submit-action='whistle']").ClickAsync();
        await page.Locator("[data-drawer-notice]").Filter(new() { HasText = "已吹哨" }).WaitForAsync(new() { Timeout = Timeout });

        var orders = page.Locator("[data-order]");
        (await orders.CountAsync()).ShouldBe(2);
        (await page.Locator("[data-order-unit='451027-chengguan'] [data-order-state]").InnerTextAsync()).ShouldBe("待签收");
        (await page.Locator("[data-order-unit='451027100-police'] [data-order-state]").InnerTextAsync()).ShouldBe("待签收");
        var countdown = page.Locator("[data-order-unit='451027100-police'] [data-countdown][data-ticking='true']");
        await countdown.WaitForAsync(new() { Timeout = Timeout });
        var first = await countdown.InnerTextAsync();
        first.ShouldMatch("^须于 [0-9]{2}:[0-9]{2} 前到场，剩 (29|30) 分钟$");
        // Move the other unit's limit 15½ minutes into the past: the script's next tick says so in the words the page gave it.
        var other = page.Locator("[data-order-unit='451027-chengguan'] [data-countdown]");
        await other.EvaluateAsync("e => e.dataset.countdown = new Date(Date.now() - 930000).toISOString()");
        await page.Locator("[data-order-unit='451027-chengguan'] [data-countdown][data-overdue='true']").WaitForAsync(new() { Timeout = Timeout });
        (await other.InnerTextAsync()).ShouldMatch("^须于 [0-9]{2}:[0-9]{2} 前到场，超时 16 分钟$");
        // Each order counts down in the order list and in the whistle's team panel (吹哨协同).
        (await page.Locator("[data-countdown]").CountAsync()).ShouldBe(4);
        (await page.Locator("[data-whistle-team] [data-countdown]").CountAsync()).ShouldBe(2);
        (await page.Locator("[data-timeline] li").Last.InnerTextAsync()).ShouldContain("吹哨");
        await page.Locator("[data-orders]").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "dispatch-3-whistled");

        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM work_order WHERE case_id = $1 AND whistle_id IS NOT NULL", caseId)).ShouldBe(2);

        // On a tablet held upright the drawer joins the flow above the list; nothing runs off the side of the screen.
        await page.SetViewportSizeAsync(820, 1180);
        await page.ReloadAsync();
        await page.Locator("#dispatch-map[data-loaded='true']").WaitForAsync(new() { Timeout = Timeout });
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(820);
        await Screenshots.SaveAsync(page, "dispatch-4-tablet");
        browser.ScriptErrors.ShouldBeEmpty();
    }
}
