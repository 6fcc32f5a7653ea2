using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// Live pages (issue 5): the dispatcher's console stays open while residents, departments and grid workers act elsewhere, and
/// what they do shows up without a reload — the marker, the 动态 feed, the counts and the open drawer; the grid worker's list,
/// the department's inbox and the resident's tracking page follow too.
/// </summary>
public sealed class LiveMapTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;
    private const string Grid = "451027100001001"; // 泗城镇 解放社区第1网格
    private static readonly string PhotoPath = Path.Combine(RepoPaths.Root, "tests", "GridGovernance.Integration.Tests", "Intake", "Fixtures", "photo.jpg");

    /// <summary>A value the page's window keeps until it is reloaded or left: proof that what changed came without a reload.</summary>
    private static Task MarkWindowAsync(IPage page) => page.EvaluateAsync("() => { window.__notReloaded = true; }");

    private static async Task StillSameWindowAsync(IPage page) =>
        (await page.EvaluateAsync<bool>("() => window.__notReloaded === true")).ShouldBeTrue("the page must not have reloaded");

    /// <summary>
    /// Records in the page when each feed entry and each change of the drawer appeared (the page's clock, which on this one
    /// machine is the database's): commit-to-screen is then that instant minus the event's created_at.
    /// </summary>
    private static Task WatchAsync(IPage page) => page.EvaluateAsync("""
        () => {
          window.__feedSeen = {};
          window.__drawerChanged = [];
          const list = document.querySelector('[data-feed-list]');
          new MutationObserver(() => {
            for (const li of list.children) window.__feedSeen[li.dataset.feedEvent] ??= Date.now();
          }).observe(list, { childList: true });
          const drawer = document.querySelector('[data-drawer]');
          if (drawer) new MutationObserver(() => window.__drawerChanged.push(Date.now())).observe(drawer, { childList: true });
        }
        """);

    /// <summary>Milliseconds from the event's commit (its created_at) to <paramref name="shownAtMs"/> (Unix ms in the page).</summary>
    private async Task<long> SinceEventAsync(long eventId, long shownAtMs) =>
        shownAtMs - await fixture.Database.ScalarAsync<long>("SELECT (extract(epoch FROM created_at) * 1000)::bigint FROM outbox_event WHERE id = $1", eventId);

    private static Task OnlineAsync(IPage page) =>
        page.Locator("[data-live-state][data-state='online']").WaitForAsync(new() { Timeout = Timeout });

    [Fact]
    public async Task A_residents_report_at_a_placard_drops_onto_the_open_dispatch_map_and_feed_without_reload_and_an_emergency_pulses()
    {
        await using var desk = await fixture.NewPageAsync(1280, 800);
        var console = desk.Page;
        await BrowserFixture.LoginAsync(console, "dispatcher", "**/dispatch", Timeout);
        var map = console.Locator("#dispatch-map[data-loaded='true']");
        await map.WaitForAsync(new() { Timeout = Timeout });
        await OnlineAsync(console);
        (await console.Locator("[data-live-state]").InnerTextAsync()).ShouldBe("在线");
        await console.Locator("#dispatch-map[data-grids]").WaitForAsync(new() { Timeout = Timeout });
        var markersBefore = int.Parse((await map.GetAttributeAsync("data-markers"))!, CultureInfo.InvariantCulture);
        var openBefore = int.Parse((await map.GetAttributeAsync("data-grids-open"))!, CultureInfo.InvariantCulture);
        var seeded = await FeedIdsAsync(console);
        await MarkWindowAsync(console);
        await WatchAsync(console);

        // Somewhere in 泗城镇 a resident scans the placard and reports a burst pipe (突发事件: an 应急 category) with their position.
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        await using var phone = await fixture.NewPhoneAsync(lng, lat, 12);
        var resident = await phone.NewPageAsync();
        var residentErrors = new List<string>();
        resident.PageError += (_, e) => residentErrors.Add(e);
        await resident.GotoAsync($"/g/{Grid}");
        await resident.GetByRole(AriaRole.Radio, new() { Name = "投诉", Exact = true }).CheckAsync();
        await resident.Locator("#category").SelectOptionAsync("E0401");
        await resident.Locator("#description").FillAsync("解放路自来水管爆裂，水漫到路面上，车辆无法通行。");
        await resident.Locator("#photos").SetInputFilesAsync(PhotoPath);
        await resident.Locator("[data-photo-status]").Filter(new() { HasTextRegex = new Regex("已选择 1 张照片") }).WaitForAsync(new() { Timeout = Timeout });
        await resident.Locator("[data-use-position]").ClickAsync();
        await resident.Locator("[data-position-status]").Filter(new() { HasTextRegex = new Regex("已附上位置") }).WaitForAsync(new() { Timeout = Timeout });
        await resident.Locator("[data-submit]").ClickAsync();
        await resident.Locator("[data-report-accepted]").WaitForAsync(new() { Timeout = Timeout });
        var number = await resident.Locator("[data-case-number]").InnerTextAsync();
        var caseId = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE number = $1", number);

        // Without a reload the dispatcher's map has one more marker, the feed names the case, the list and counts have it, the
        // grid's open count went up, and the 应急 case sounded its alarm (the page is not muted).
        var expected = (markersBefore + 1).ToString(CultureInfo.InvariantCulture);
        await console.Locator($"#dispatch-map[data-markers='{expected}'][data-last-case='{caseId}']").WaitForAsync(new() { Timeout = Timeout });
        var feedEntry = console.Locator($"[data-feed-list] li[data-feed-case='{caseId}']");
        await feedEntry.WaitForAsync(new() { Timeout = Timeout });
        (await feedEntry.InnerTextAsync()).ShouldContain(number);
        (await feedEntry.InnerTextAsync()).ShouldContain("上报问题");
        (await console.Locator("[data-feed-list] li").First.GetAttributeAsync("data-feed-case")).ShouldBe(caseId.ToString(CultureInfo.InvariantCulture));
        (await FeedIdsAsync(console)).Skip(1).ShouldBe(seeded.Take(49), "the new entry goes on top of what the page opened with");
        await console.Locator($"[data-case-row='{caseId}']").WaitForAsync(new() { Timeout = Timeout });
        (await console.Locator($"[data-case-row='{caseId}'] [data-urgent]").InnerTextAsync()).ShouldBe("应急");
        await console.Locator("#dispatch-map[data-alarms='1']").WaitForAsync(new() { Timeout = Timeout });
        var openAfter = (openBefore + 1).ToString(CultureInfo.InvariantCulture);
        await console.Locator($"#dispatch-map[data-grids-open='{openAfter}']").WaitForAsync(new() { Timeout = Timeout });
        await StillSameWindowAsync(console);
        (await console.Locator("[data-live-state]").InnerTextAsync()).ShouldBe("在线");
        var reportEvent = await fixture.Database.ScalarAsync<long>("SELECT id FROM outbox_event WHERE case_id = $1 AND type = 'case.report'", caseId);
        var feedMs = await SinceEventAsync(reportEvent, await console.EvaluateAsync<long>($"() => window.__feedSeen['{reportEvent}']"));
        // Measured, not asserted (the machine is shared; the benchmark measures delivery under load).
        output.WriteLine($"new case: commit to the dispatcher's feed {feedMs} ms");

        await Screenshots.SaveAsync(console, "live-1-new-marker-and-feed");

        // The feed entry opens the case's drawer; close up (zoom 14+, unclustered) its marker pulses: a CSS animation.
        await feedEntry.Locator("a").ClickAsync();
        await console.WaitForURLAsync($"**/dispatch?case={caseId}", new() { Timeout = Timeout });
        var marker = console.Locator($"path.console-marker-{caseId}");
        await marker.WaitForAsync(new() { Timeout = Timeout });
        (await marker.GetAttributeAsync("class"))!.ShouldContain("console-marker-urgent");
        (await marker.EvaluateAsync<string>("m => getComputedStyle(m).animationName")).ShouldBe("console-pulse");
        await Screenshots.SaveAsync(console, "live-1b-urgent-case-drawer");

        // 静音 is a real button: from the keyboard it toggles, says so, and is remembered on reload.
        var mute = console.Locator("[data-mute]");
        await mute.FocusAsync();
        await console.Keyboard.PressAsync("Enter");
        (await mute.GetAttributeAsync("aria-pressed")).ShouldBe("true");
        await console.ReloadAsync();
        await OnlineAsync(console);
        (await console.Locator("[data-mute]").GetAttributeAsync("aria-pressed")).ShouldBe("true");
        (await console.Locator("[data-mute]").InnerTextAsync()).ShouldBe("已静音");

        desk.ScriptErrors.ShouldBeEmpty();
        residentErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_departments_arrival_reaches_the_dispatchers_open_drawer_and_the_grid_worker_inbox_and_resident_pages_follow_live()
    {
        // Pages open before anything happens: the grid worker's list, the police inbox.
        await using var workerPhone = await fixture.NewPageAsync(360, 740);
        var worker = workerPhone.Page;
        await BrowserFixture.LoginAsync(worker, "gridworker", "**/field", Timeout);
        await worker.GotoAsync("/field/cases");
        await OnlineAsync(worker);
        await MarkWindowAsync(worker);

        await using var officerPhone = await fixture.NewPageAsync(360, 740);
        var officer = officerPhone.Page;
        await BrowserFixture.LoginAsync(officer, "dept-police", "**/inbox", Timeout);
        await OnlineAsync(officer);
        await MarkWindowAsync(officer);

        // A resident reports through the public API; the grid worker's list shows the new case by itself.
        var (caseId, number, trackingUrl) = await ResidentReportAsync();
        await worker.Locator($"[data-field-cases] [data-case-number='{number}']").WaitForAsync(new() { Timeout = Timeout });
        await StillSameWindowAsync(worker);
        // The announcement follows the list 50 ms later (live-refresh.js clears the region first so it is spoken again).
        await worker.Locator("[data-live-announce]").Filter(new() { HasText = "案件列表已更新。" }).WaitForAsync(new() { Timeout = Timeout });
        await Screenshots.SaveAsync(worker, "live-2-grid-worker-list");

        // The resident follows the tracking page.
        await using var residentPhone = await fixture.NewPageAsync(360, 740);
        var resident = residentPhone.Page;
        await resident.GotoAsync(new Uri(trackingUrl).PathAndQuery);
        await OnlineAsync(resident);
        (await resident.Locator("[data-case-state]").InnerTextAsync()).ShouldBe("已上报");
        await MarkWindowAsync(resident);

        // The dispatcher verifies, files and whistles 派出所 (日常哨) from the console's drawer.
        await using var desk = await DispatcherDesk.OpenCaseAsync(fixture, caseId, Timeout);
        var console = desk.Page;
        await desk.VerifyAsync();
        // The resident's page heard it.
        await resident.Locator("[data-case-state]").Filter(new() { HasText = "已核实" }).WaitForAsync(new() { Timeout = Timeout });
        await StillSameWindowAsync(resident);
        (await resident.Locator("[data-timeline] li").Last.InnerTextAsync()).ShouldContain("核实");
        await Screenshots.SaveAsync(resident, "live-2b-tracking-verified");
        await desk.AcceptAsync();
        await desk.WhistleAsync("routine", "451027100-police");
        await OnlineAsync(console);
        var orderState = console.Locator("[data-order-unit='451027100-police'] [data-order-state]");
        (await orderState.InnerTextAsync()).ShouldBe("待签收");
        await MarkWindowAsync(console);
        await WatchAsync(console);

        // The police inbox, open all along, lists the new order.
        var order = officer.Locator($"[data-orders] [data-case-number='{number}']");
        await order.WaitForAsync(new() { Timeout = Timeout });
        await StillSameWindowAsync(officer);
        await Screenshots.SaveAsync(officer, "live-3-inbox-new-order");

        // The officer signs and reports in (报到) through the API; the dispatcher's open drawer shows both without a reload.
        var orderId = await fixture.Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1 AND unit_code = '451027100-police'", caseId);
        var (lng, lat) = (await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid),
            await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid));
        await OrderActionAsync(officer, orderId, ("action", "sign"));
        await console.Locator("[data-order-unit='451027100-police'] [data-order-state]").Filter(new() { HasText = "已签收" })
            .WaitForAsync(new() { Timeout = Timeout });
        var drawerChangesBefore = await console.EvaluateAsync<int>("() => window.__drawerChanged.length");
        await OrderActionAsync(officer, orderId, ("action", "arrive"), ("lng", lng.ToString("F6", CultureInfo.InvariantCulture)),
            ("lat", lat.ToString("F6", CultureInfo.InvariantCulture)));
        await console.Locator("[data-order-unit='451027100-police'] [data-order-state]").Filter(new() { HasText = "已报到" })
            .WaitForAsync(new() { Timeout = Timeout });
        await StillSameWindowAsync(console);
        var arriveEvent = await fixture.Database.ScalarAsync<long>("SELECT id FROM outbox_event WHERE case_id = $1 AND type = 'case.arrive'", caseId);
        var arriveFeedMs = await SinceEventAsync(arriveEvent, await console.EvaluateAsync<long>($"() => window.__feedSeen['{arriveEvent}']"));
        var arriveDrawerMs = await SinceEventAsync(arriveEvent, await console.EvaluateAsync<long>($"() => window.__drawerChanged[{drawerChangesBefore}]"));
        output.WriteLine($"报到: commit to the feed {arriveFeedMs} ms, to the re-read drawer {arriveDrawerMs} ms");
        (await console.Locator("[data-timeline] li").Last.InnerTextAsync()).ShouldContain("报到");
        var feed = console.Locator($"[data-feed-list] li[data-feed-case='{caseId}']").First;
        (await feed.InnerTextAsync()).ShouldContain("报到");
        await console.Locator("[data-drawer]").EvaluateAsync("d => d.scrollTop = d.querySelector('[data-orders]').offsetTop - 40");
        await Screenshots.SaveAsync(console, "live-4-drawer-arrived");
        // Measured above, not asserted: the drawer follows the event after the debounce and the re-read of the page (≈ 0.3 s
        // alone, ≈ 0.8 s with the other browser tests running at once on this machine).

        (await officer.Locator($"[data-orders] [data-case-number='{number}'] [data-order-state]").InnerTextAsync()).ShouldBe("已报到");
        desk.ScriptErrors.ShouldBeEmpty();
        workerPhone.ScriptErrors.ShouldBeEmpty();
        officerPhone.ScriptErrors.ShouldBeEmpty();
        residentPhone.ScriptErrors.ShouldBeEmpty();
    }

    /// <summary>The 动态 feed's event ids, top to bottom.</summary>
    private static async Task<long[]> FeedIdsAsync(IPage page) =>
        await page.EvaluateAsync<long[]>("() => [...document.querySelectorAll('[data-feed-list] li')].map((li) => Number(li.dataset.feedEvent))");

    /// <summary>A township's newest events (at most 20) up to <paramref name="upTo"/>, found through the cases' places.</summary>
    private Task<long[]> TownshipFeedAsync(string township, long upTo) => fixture.Database.ScalarAsync<long[]>("""
        SELECT coalesce(array_agg(id ORDER BY id DESC), '{}') FROM (
            SELECT e.id FROM outbox_event e JOIN case_file c ON c.id = e.case_id
            WHERE starts_with(c.grid_code, $1) AND e.id <= $2 ORDER BY e.id DESC LIMIT 20) newest
        """, township, upTo);

    [Fact]
    public async Task The_dispatchers_feed_opens_with_the_townships_latest_events_newest_first_and_a_live_event_goes_on_top_exactly_once()
    {
        // Cases in 泗城镇, then the newest of all in another township, before the dispatcher opens the console. (Few: the
        // intake allows 10 reports a minute from one address, and this class's other tests report from here too.)
        var own = new List<long>();
        for (var i = 0; i < 4; i++) own.Add((await ResidentReportAsync()).CaseId);
        var otherGrid = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid WHERE NOT starts_with(code, '451027100') ORDER BY code LIMIT 1");
        var (otherCase, _, _) = await ResidentReportAsync(otherGrid);

        await using var desk = await fixture.NewPageAsync(1280, 800);
        var console = desk.Page;
        await BrowserFixture.LoginAsync(console, "dispatcher", "**/dispatch", Timeout);
        await OnlineAsync(console);
        await MarkWindowAsync(console);
        var liveAfter = long.Parse((await console.Locator("#dispatch-map").GetAttributeAsync("data-live-after"))!, CultureInfo.InvariantCulture);

        // The page opened with the township's latest events up to where its live client starts, newest first.
        var seeded = await FeedIdsAsync(console);
        seeded.ShouldBe(await TownshipFeedAsync("451027100", liveAfter));
        seeded.Length.ShouldBeGreaterThanOrEqualTo(4);
        seeded.Zip(seeded.Skip(1)).ShouldAllBe(pair => pair.First > pair.Second);
        (await console.Locator($"[data-feed-list] li[data-feed-case='{otherCase}']").CountAsync()).ShouldBe(0);
        (await console.Locator("[data-feed-list] li").First.GetAttributeAsync("data-feed-case")).ShouldBe(own[^1].ToString(CultureInfo.InvariantCulture));
        (await console.Locator("[data-feed-empty]").IsVisibleAsync()).ShouldBeFalse();
        (await console.Locator("[data-feed-list] li").First.InnerTextAsync()).ShouldMatch(@"^\d\d:\d\d:\d\d \S+ 上报问题 → 已上报$");
        await Screenshots.SaveAsync(console, "live-0-seeded-feed");

        // A resident reports: the event is heard live and goes on top, once; nothing below it moved or repeated.
        var (newCase, number, _) = await ResidentReportAsync();
        var line = console.Locator($"[data-feed-list] li[data-feed-case='{newCase}']");
        await line.WaitForAsync(new() { Timeout = Timeout });
        var newEvent = await fixture.Database.ScalarAsync<long>("SELECT id FROM outbox_event WHERE case_id = $1", newCase);
        newEvent.ShouldBeGreaterThan(liveAfter);
        var after = await FeedIdsAsync(console);
        after.ShouldBe([newEvent, .. seeded]);
        after.Distinct().Count().ShouldBe(after.Length);
        await StillSameWindowAsync(console);
        (await line.InnerTextAsync()).ShouldContain(number);
        var liveHtml = await line.EvaluateAsync<string>("li => li.outerHTML");
        await Screenshots.SaveAsync(console, "live-0b-feed-live-on-top");

        // Read again, the same event is a seeded line: the very same markup as the live one.
        await console.ReloadAsync();
        await OnlineAsync(console);
        (await console.Locator($"[data-feed-list] li[data-feed-event='{newEvent}']").EvaluateAsync<string>("li => li.outerHTML")).ShouldBe(liveHtml);
        (await FeedIdsAsync(console)).ShouldBe([newEvent, .. seeded.Take(19)]);
        // On a wall screen the feed shows more of the history.
        await console.SetViewportSizeAsync(1920, 1080);
        await console.ReloadAsync();
        await console.Locator("#dispatch-map[data-loaded='true']").WaitForAsync(new() { Timeout = Timeout });
        await Screenshots.SaveAsync(console, "live-0c-seeded-feed-wall-screen");
        desk.ScriptErrors.ShouldBeEmpty();
    }

    /// <summary>A work-order action through the staff API (multipart, antiforgery header) with the officer's session cookies.</summary>
    private static async Task OrderActionAsync(IPage page, long orderId, params (string Name, string Value)[] fields)
    {
        var api = page.Context.APIRequest;
        using var tokens = JsonDocument.Parse(await (await api.GetAsync("/api/staff/antiforgery")).TextAsync());
        var form = api.CreateFormData();
        form.Set("requestKey", Guid.NewGuid().ToString("N"));
        foreach (var (name, value) in fields) form.Set(name, value);
        var response = await api.PostAsync($"/api/staff/orders/{orderId}/actions", new()
        {
            Headers = new Dictionary<string, string> { [tokens.RootElement.GetProperty("headerName").GetString()!] = tokens.RootElement.GetProperty("token").GetString()! },
            Multipart = form,
        });
        response.Status.ShouldBe(200, await response.TextAsync());
    }

    /// <summary>A resident's report through the public API; answers the case id, number and tracking link.</summary>
    private async Task<(long CaseId, string Number, string TrackingUrl)> ResidentReportAsync(string grid = Grid)
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress });
        var report = await context.APIRequest.PostAsync("/api/cases", new()
        {
            Headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString("N") },
            DataObject = new { gridCode = grid, requestType = "complaint", category = "E0102", description = "菜市场门口垃圾堆积，摊贩占道，路口堵塞" },
        });
        report.Status.ShouldBe(201, await report.TextAsync());
        using var json = JsonDocument.Parse(await report.TextAsync());
        var number = json.RootElement.GetProperty("number").GetString()!;
        var trackingUrl = json.RootElement.GetProperty("trackingUrl").GetString()!;
        return (await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE number = $1", number), number, trackingUrl);
    }
}
