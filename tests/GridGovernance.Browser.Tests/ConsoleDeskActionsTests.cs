using System.Globalization;
using GridGovernance.Domain.Cases;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Features.Dispatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The interactive console's desk work (issue 14), in place and through the services the server-rendered /dispatch calls:
/// 转办 to another township with the service's refusal shown in the form, and that township's dispatcher receiving the notice
/// live, once, and marking all read; batch 核实/立案/派遣 over ticked rows with a line per case; and a whistle's meeting point
/// (集合点) staying on the map as its own labelled marker while the case is open, with the units' arrival in the panel.
/// </summary>
public sealed class ConsoleDeskActionsTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 30_000;
    private const string Township = "451027100";

    private async Task<BrowserPage> ConsoleAsync(string username, string path, int width = 1440, int height = 900)
    {
        var browser = await fixture.NewPageAsync(width, height);
        await BrowserFixture.LoginAsync(browser.Page, username, "**/dispatch", Timeout);
        await browser.Page.GotoAsync(path);
        await browser.Page.Locator("[data-console-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        // No page may load from here on: a marker on the window that a reload would wipe.
        await browser.Page.EvaluateAsync("() => { window.__noReload = true; }");
        return browser;
    }

    private static async Task NoReloadAsync(IPage page) =>
        (await page.EvaluateAsync<bool>("() => window.__noReload === true")).ShouldBeTrue("操作应在原页面完成，不应重新加载");

    private static async Task SearchAsync(IPage page, string text)
    {
        await page.Locator("[data-console-search]").FillAsync(text);
        await page.Locator(".cx-search button[type='submit']").ClickAsync();
    }

    [Fact]
    public async Task A_case_is_passed_to_another_township_in_place_and_their_dispatcher_gets_the_notice_live_once_and_marks_all_read()
    {
        var db = fixture.Database;
        var target = await db.ScalarAsync<string>("SELECT code FROM township WHERE county_code = '451027' AND code <> $1 ORDER BY code LIMIT 1", Township);
        var targetName = await db.ScalarAsync<string>("SELECT name FROM township WHERE code = $1", target);
        var theirs = "disp" + Guid.NewGuid().ToString("N")[..8];
        await db.AddStaffAsync(theirs, "邻镇调度员", "township_dispatcher", target, passwordOf: "dispatcher");
        var (caseId, number) = await ResidentReports.ReportAsync(db, fixture.BaseAddress, "451027100001001", "转办测试：镇界处垃圾堆放，实属邻镇辖区");

        // Their console is open first: the notice has to arrive live.
        await using var other = await ConsoleAsync(theirs, "/dispatch/console");

        await using var desk = await ConsoleAsync("dispatcher", $"/dispatch/console?case={caseId}");
        var page = desk.Page;
        await page.Locator($"[data-case-panel='{caseId}']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-case-panel] button[data-action='transfer']").ClickAsync();
        var form = page.Locator("[data-action-form='transfer']");
        await form.Locator("[data-transfer-township]").SelectOptionAsync(target);

        // Without a reason: asked first (it cannot be undone), then the service refuses, in the form, and nothing moves.
        await form.Locator("[data-submit-action='transfer']").ClickAsync();
        (await form.Locator("[data-confirm-bar]").InnerTextAsync()).ShouldContain($"转办至{targetName}");
        await form.Locator("[data-confirm-yes]").ClickAsync();
        await form.Locator("[data-transfer-problem]").Filter(new() { HasText = "转办须说明理由。" }).WaitForAsync(new() { Timeout = Timeout });
        (await db.ScalarAsync<string>("SELECT township_code FROM case_file WHERE id = $1", caseId)).ShouldBe(Township);
        await Screenshots.SaveAsync(page, "console-desk-1-transfer-refused-1440");

        await form.Locator("[data-transfer-reason]").FillAsync("经核实位于邻镇辖区");
        await form.Locator("[data-submit-action='transfer']").ClickAsync();
        await form.Locator("[data-confirm-yes]").ClickAsync();
        await page.Locator("[data-list-notice]").Filter(new() { HasText = $"案件 {number} 已转办至{targetName}" }).WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-case-panel]").CountAsync()).ShouldBe(0, "转办后案件不再属于本乡镇，面板关闭");
        (await page.Locator($"[data-case-row='{caseId}']").CountAsync()).ShouldBe(0);
        (await db.ScalarAsync<string>("SELECT township_code FROM case_file WHERE id = $1", caseId)).ShouldBe(target);
        await NoReloadAsync(page);
        desk.ScriptErrors.ShouldBeEmpty();

        // Their console: the notice arrives through the circuit, counted as unread, listed once.
        var theirPage = other.Page;
        await theirPage.Locator("[data-notices] [data-unread-count]").WaitForAsync(new() { Timeout = Timeout });
        await theirPage.Locator("[data-notices-toggle]").ClickAsync();
        var line = theirPage.Locator($"[data-notices-panel] [data-notice-case='{caseId}']");
        await line.WaitForAsync(new() { Timeout = Timeout });
        (await line.CountAsync()).ShouldBe(1);
        (await line.InnerTextAsync()).ShouldContain($"案件 {number} 由");
        await Screenshots.SaveAsync(theirPage, "console-desk-2-notices-open-1440");

        // 全部已读: the count goes, and so does every unread notice of their township in the database.
        await theirPage.Locator("[data-notices-all-read]").ClickAsync();
        await theirPage.Locator("[data-notices] [data-unread-count]").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = Timeout });
        (await db.ScalarAsync<long>(
            "SELECT count(*) FROM notification WHERE recipient_scope ~ '^[0-9]+$' AND starts_with(recipient_scope, $1) AND read_at IS NULL", target))
            .ShouldBe(0);

        // The notice opens its case; a live event (their own 核实) re-reads the notices, and the notice is still there once.
        await line.ClickAsync();
        await theirPage.Locator($"[data-case-panel='{caseId}']").WaitForAsync(new() { Timeout = Timeout });
        await theirPage.Locator("[data-case-panel] button[data-action='verify']").ClickAsync();
        await theirPage.Locator("[data-case-panel] [data-case-state='verified']").WaitForAsync(new() { Timeout = Timeout });
        // …and the 核实's event came through the circuit too (the transfer's was the first line of this case in their feed).
        await Eventually.TrueAsync(async () => await theirPage.Locator("[data-feed-item]").Filter(new() { HasText = number }).CountAsync() >= 2,
            "核实的动态经由电路到达");
        await theirPage.Locator("[data-notices-toggle]").ClickAsync();
        await theirPage.Locator("[data-notices-panel]").WaitForAsync(new() { Timeout = Timeout });
        var transferNotice = theirPage.Locator($"[data-notices-panel] [data-notice-case='{caseId}']").Filter(new() { HasText = "转办至本乡镇" });
        (await transferNotice.CountAsync()).ShouldBe(1, "同一通知只列一次");
        (await transferNotice.InnerTextAsync()).ShouldContain("经核实位于邻镇辖区");
        await NoReloadAsync(theirPage);
        other.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_batch_verifies_accepts_and_dispatches_the_ticked_cases_once_each_with_a_line_per_case_on_desk_and_tablet()
    {
        var db = fixture.Database;
        var tag = "批量测试" + Guid.NewGuid().ToString("N")[..4];
        var cases = new List<(long Id, string Number)>();
        for (var i = 0; i < 3; i++) cases.Add(await ResidentReports.ReportAsync(db, fixture.BaseAddress, "451027100001002", $"{tag}：第{i + 1}盏路灯不亮"));

        await using var desk = await ConsoleAsync("dispatcher", "/dispatch/console");
        var page = desk.Page;
        await SearchAsync(page, tag);
        await Eventually.TrueAsync(async () => await page.Locator("[data-case-row]").CountAsync() == 3, "搜索后列表只剩这三件");

        // 全选 ticks every row of the list, and again unticks them.
        await page.Locator("[data-batch-all]").ClickAsync();
        await page.Locator("[data-batch-count='3']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-batch-all]").ClickAsync();
        await page.Locator("[data-batch-count='0']").WaitForAsync(new() { Timeout = Timeout });

        // One of them is verified first, in its panel: the batch must refuse it, by its number and the domain's reason.
        await page.Locator($"[data-case-row='{cases[0].Id}'] .cx-row-button").ClickAsync();
        await page.Locator("[data-case-panel] button[data-action='verify']").ClickAsync();
        await page.Locator("[data-case-panel] [data-case-state='verified']").WaitForAsync(new() { Timeout = Timeout });
        foreach (var c in cases) await page.Locator($"[data-batch-case='{c.Id}']").CheckAsync();
        await page.Locator("[data-batch-count='3']").WaitForAsync(new() { Timeout = Timeout });

        await page.Locator("[data-batch-action='verify']").ClickAsync();
        var result = page.Locator("[data-batch-result='verify']");
        await result.WaitForAsync(new() { Timeout = Timeout });
        var refused = result.Locator($"[data-batch-line='{cases[0].Id}']");
        (await refused.GetAttributeAsync("data-batch-ok")).ShouldBe("false");
        (await refused.InnerTextAsync()).ShouldContain($"{cases[0].Number}：案件处于“已核实”状态");
        foreach (var c in cases.Skip(1))
        {
            var ok = result.Locator($"[data-batch-line='{c.Id}']");
            (await ok.GetAttributeAsync("data-batch-ok")).ShouldBe("true");
            (await ok.InnerTextAsync()).Trim().ShouldBe($"{c.Number}：成功");
        }
        (await result.InnerTextAsync()).ShouldContain("2 件成功，1 件未办理");
        foreach (var c in cases)
            (await db.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1 AND action = 'verify'", c.Id)).ShouldBe(1);
        await Screenshots.SaveAsync(page, "console-desk-3-batch-verify-1440");

        // The selection stays: 立案, then 派遣 to one unit, for all three.
        await page.Locator("[data-batch-action='accept']").ClickAsync();
        await page.Locator("[data-batch-result='accept'] [data-batch-ok='true']").Nth(2).WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-batch-result='accept'] [data-batch-ok='false']").CountAsync()).ShouldBe(0);
        await page.Locator("[data-batch-unit]").SelectOptionAsync("451027-chengguan");
        await page.Locator("[data-batch-action='dispatch']").ClickAsync();
        await page.Locator("[data-batch-result='dispatch'] [data-batch-ok='true']").Nth(2).WaitForAsync(new() { Timeout = Timeout });
        foreach (var c in cases)
        {
            (await db.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", c.Id)).ShouldBe("dispatched");
            (await db.ScalarAsync<long>("SELECT count(*) FROM work_order WHERE case_id = $1 AND unit_code = '451027-chengguan'", c.Id)).ShouldBe(1);
            (await db.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1 AND action = 'accept'", c.Id)).ShouldBe(1);
        }
        // The open case's panel followed the batch.
        await page.Locator("[data-case-panel] [data-case-state='dispatched']").WaitForAsync(new() { Timeout = Timeout });
        await NoReloadAsync(page);
        await Screenshots.SaveAsync(page, "console-desk-4-batch-dispatched-1440");
        desk.ScriptErrors.ShouldBeEmpty();

        // A 768 px tablet: the batch bar and the ticks fit, nothing scrolls sideways.
        await using var tablet = await ConsoleAsync("dispatcher", "/dispatch/console", 768, 1024);
        await SearchAsync(tablet.Page, tag);
        await Eventually.TrueAsync(async () => await tablet.Page.Locator("[data-case-row]").CountAsync() == 3, "平板上搜索后列表只剩这三件");
        await tablet.Page.Locator("[data-batch-all]").ClickAsync();
        await tablet.Page.Locator("[data-batch-count='3']").WaitForAsync(new() { Timeout = Timeout });
        await tablet.Page.Locator($"[data-case-row='{cases[1].Id}'] .cx-row-button").ClickAsync();
        await tablet.Page.Locator("[data-case-panel]").WaitForAsync(new() { Timeout = Timeout });
        (await tablet.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(768);
        await Screenshots.SaveAsync(tablet.Page, "console-desk-5-batch-tablet-768");
        tablet.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_whistles_meeting_point_stays_on_the_map_as_its_own_labelled_marker_while_the_case_is_open_with_the_units_arrival_in_the_panel()
    {
        var db = fixture.Database;
        var (caseId, number) = await ResidentReports.ReportAsync(db, fixture.BaseAddress, "451027100001003", "集合点测试：菜市场门口垃圾堆积");
        await using var desk = await ConsoleAsync("dispatcher", $"/dispatch/console?case={caseId}");
        var page = desk.Page;
        await page.Locator("[data-map-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        var meetingLabels = page.Locator("#console-map .leaflet-case-label").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^集合点$") });

        await page.Locator("[data-case-panel] button[data-action='verify']").ClickAsync();
        await page.Locator("[data-case-panel] [data-case-state='verified']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-case-panel] button[data-action='accept']").ClickAsync();
        await page.Locator("[data-case-panel] [data-case-state='accepted']").WaitForAsync(new() { Timeout = Timeout });
        (await meetingLabels.CountAsync()).ShouldBe(0);
        await page.Locator("[data-case-panel] button[data-action='whistle']").ClickAsync();
        var form = page.Locator("[data-action-form='whistle']");
        var units = await form.Locator("input[name='units']:checked").EvaluateAllAsync<string[]>("boxes => boxes.map(b => b.value)");
        units.Length.ShouldBeGreaterThan(0, "路由应预选单位");
        await form.Locator("[data-reason]").FillAsync("到集合点会合后分头清运");
        var map = page.Locator("#console-map");
        var box = (await map.BoundingBoxAsync())!;
        await map.ClickAsync(new() { Position = new Position { X = box.Width * 0.7f, Y = box.Height * 0.3f } });
        await form.Locator("[data-meeting-point]").WaitForAsync(new() { Timeout = Timeout });
        await form.Locator("[data-submit-action='whistle']").ClickAsync();
        await page.Locator("[data-panel-notice]").Filter(new() { HasText = "已吹哨" }).WaitForAsync(new() { Timeout = Timeout });

        // Sent: the meeting point stays on the map as one marker labelled 集合点, and the panel shows it with the summoned units.
        await meetingLabels.First.WaitForAsync(new() { Timeout = Timeout });
        (await meetingLabels.CountAsync()).ShouldBe(1);
        (await meetingLabels.First.IsVisibleAsync()).ShouldBeTrue();
        var whistleId = await db.ScalarAsync<long>("SELECT id FROM whistle WHERE case_id = $1", caseId);
        await page.Locator($"[data-case-panel] [data-meeting-on-map='{whistleId}']").WaitForAsync(new() { Timeout = Timeout });
        var team = page.Locator($"[data-case-panel] [data-whistle-team='{whistleId}']");
        // The meeting point reads as the panel's query reads it — place_description() (the author of every position's text), or
        // away from every grid place_beyond_grids() (nearest village, direction, distance) — with the coordinates as a hint;
        // only a point more than 20 km from any village shows its coordinates alone.
        var meetingPlace = await db.ScalarAsync<string>(
            "SELECT coalesce(place_description(meeting_geom), place_beyond_grids(meeting_geom), '') FROM whistle WHERE id = $1", whistleId);
        var meetingText = await team.Locator("[data-meeting-place]").InnerTextAsync();
        var coordinates = await team.Locator("[data-meeting-place] [data-meeting-coordinates]").InnerTextAsync();
        if (meetingPlace.Length > 0)
        {
            meetingText.ShouldStartWith("集合点 " + meetingPlace);
            coordinates.ShouldMatch(@"^（[0-9.]+, [0-9.]+）$");
        }
        else
        {
            meetingText.ShouldBe("集合点 " + coordinates);
            coordinates.ShouldMatch(@"^[0-9.]+, [0-9.]+$");
        }
        (await team.Locator("[data-team-unit]").CountAsync()).ShouldBe(units.Length);
        (await team.Locator("[data-team-arrived='true']").CountAsync()).ShouldBe(0);

        // The first unit signs and reports in at the meeting point (through the app, as its phone would): the panel shows the
        // arrival live, and the re-read keeps one meeting marker.
        var unitAccount = "mp" + Guid.NewGuid().ToString("N")[..8];
        await db.AddStaffAsync(unitAccount, "值班员", "department_staff", units[0], passwordOf: "dept-police");
        var unitStaff = await TestStaff.OfAsync(db, unitAccount);
        var order = await db.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1 AND unit_code = $2", caseId, units[0]);
        var meetLng = await db.ScalarAsync<double>("SELECT ST_X(meeting_geom) FROM whistle WHERE id = $1", whistleId);
        var meetLat = await db.ScalarAsync<double>("SELECT ST_Y(meeting_geom) FROM whistle WHERE id = $1", whistleId);
        var orders = fixture.Services.GetRequiredService<WorkOrderActionService>();
        (await orders.ApplyAsync(unitStaff, order, new OrderCommand(WorkOrderAction.Sign, Guid.NewGuid().ToString("N")), CancellationToken.None))
            .ShouldBeOfType<ActionOutcome.Done>();
        (await orders.ApplyAsync(unitStaff, order, new OrderCommand(WorkOrderAction.Arrive, Guid.NewGuid().ToString("N"), Longitude: meetLng,
            Latitude: meetLat), CancellationToken.None)).ShouldBeOfType<ActionOutcome.Done>();
        await team.Locator($"[data-team-unit='{units[0]}'][data-team-arrived='true']").WaitForAsync(new() { Timeout = Timeout });
        (await meetingLabels.CountAsync()).ShouldBe(1);
        await page.Locator("[data-meeting-locate]").ClickAsync();
        await meetingLabels.First.WaitForAsync(new() { Timeout = Timeout });
        await Screenshots.SaveAsync(page, "console-desk-6-meeting-point-1440");

        // Closing the case takes its meeting point off the map; opening it again brings it back.
        await page.Locator("[data-close-panel]").ClickAsync();
        await Eventually.TrueAsync(async () => await meetingLabels.CountAsync() == 0, "关闭案件后集合点标记应移除");
        await SearchAsync(page, number);
        await page.Locator($"[data-case-row='{caseId}'] .cx-row-button").ClickAsync();
        await page.Locator($"[data-case-panel='{caseId}']").WaitForAsync(new() { Timeout = Timeout });
        await Eventually.TrueAsync(async () => await meetingLabels.CountAsync() == 1, "重新打开案件后集合点标记应恢复");
        await NoReloadAsync(page);
        output.WriteLine($"Case {number}: meeting point {meetLng.ToString("F6", CultureInfo.InvariantCulture)}, {meetLat.ToString("F6", CultureInfo.InvariantCulture)}");
        desk.ScriptErrors.ShouldBeEmpty();
    }
}
