using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// Issue 14 on the interactive console (/dispatch/console, Blazor Server): a dispatcher takes a phone call, lands in the case
/// beside the map, merges its duplicate, 核实, 立案 and whistles two units with a note and a meeting point clicked on the map —
/// every click after the case opened is counted, and nothing reloads the page. Both units see the note and each other; the
/// time from the first unit's 报到 to the console showing it is measured. Then the same console on a 768 px tablet (keyboard:
/// j, Enter, ?) and the village cadre's on a 360 px phone, list first, neither scrolling sideways.
/// </summary>
public sealed class InteractiveConsoleTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 30_000;
    private const string Grid = "451027100001001";
    private const string Note = "城管带清运车，镇政府联系摊主，到地图上的集合点会合";

    [Fact]
    public async Task A_call_is_merged_and_whistled_in_place_and_both_units_report_in_live_on_desk_tablet_and_phone()
    {
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        using (var api = new HttpClient { BaseAddress = new Uri(fixture.BaseAddress) })
        {
            api.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            var posted = await api.PostAsJsonAsync("/api/cases", new
            {
                longitude = lng, latitude = lat, requestType = "complaint", category = "E0102", description = "交互调度台：菜市场垃圾没人清运。",
            });
            posted.IsSuccessStatusCode.ShouldBeTrue(await posted.Content.ReadAsStringAsync());
        }
        var earlier = await fixture.Database.ScalarAsync<string>("SELECT number FROM case_file WHERE description = '交互调度台：菜市场垃圾没人清运。'");

        await using var desk = await fixture.NewPageAsync(1440, 900);
        var page = desk.Page;
        await BrowserFixture.LoginAsync(page, "dispatcher", "**/dispatch", Timeout);
        await page.GotoAsync("/dispatch/console");
        await page.Locator("[data-console-ready='true']").WaitForAsync(new() { Timeout = Timeout });

        // The call, at the desk's form, opened from the console; filing it lands back in the console with the case open.
        await page.Locator("[data-intake-link]").ClickAsync();
        await page.WaitForURLAsync("**/dispatch/intake?then=console", new() { Timeout = Timeout });
        await page.Locator("#phone").FillAsync("13912345678");
        await page.Locator("#category").SelectOptionAsync("E0102");
        await page.Locator("[data-lng]").FillAsync(lng.ToString("F6", CultureInfo.InvariantCulture));
        await page.Locator("[data-lat]").FillAsync(lat.ToString("F6", CultureInfo.InvariantCulture));
        await page.Locator("#description").FillAsync("来电：菜市场门口垃圾堆积，影响通行。");
        await page.Locator($"[data-desk-duplicates] [data-duplicate-number='{earlier}']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-submit]").ClickAsync();
        await page.WaitForURLAsync("**/dispatch/console?case=*", new() { Timeout = Timeout });
        await page.Locator("[data-console-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-map-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        var panel = page.Locator("[data-case-panel]");
        var caseId = long.Parse(await panel.GetAttributeAsync("data-case-panel") ?? "0", CultureInfo.InvariantCulture);
        (await fixture.Database.ScalarAsync<string>("SELECT source FROM case_file WHERE id = $1", caseId)).ShouldBe("phone");
        await Screenshots.SaveAsync(page, "console-1-call-open-beside-map");

        // No page may load from here on: a marker on the window that a reload would wipe.
        await page.EvaluateAsync("() => { window.__noReload = true; }");
        var clicks = 0;
        page.Dialog += async (_, dialog) => { clicks++; await dialog.AcceptAsync(); };
        async Task Click(ILocator locator) { clicks++; await locator.ClickAsync(); }
        async Task State(string state) =>
            await page.Locator($"[data-case-panel] [data-case-state='{state}']").WaitForAsync(new() { Timeout = Timeout });

        await Click(page.Locator("[data-merge-submit]"));
        await page.Locator("[data-panel-notice]").Filter(new() { HasText = "已合并" }).WaitForAsync(new() { Timeout = Timeout });
        await Click(page.Locator("[data-case-panel] button[data-action='verify']"));
        await State("verified");
        await Click(page.Locator("[data-case-panel] button[data-action='accept']"));
        await State("accepted");
        await Click(page.Locator("[data-case-panel] button[data-action='whistle']"));
        var form = page.Locator("[data-action-form='whistle']");
        var units = await form.Locator("input[name='units']:checked").EvaluateAllAsync<string[]>("boxes => boxes.map(b => b.value)");
        units.Length.ShouldBe(2, "路由应为属主、属地各预选一个单位");
        await form.Locator("[data-reason]").FillAsync(Note);
        // The meeting point: a click on the map, away from the controls and the case's marker.
        var map = page.Locator("#console-map");
        var box = (await map.BoundingBoxAsync())!;
        clicks++;
        await map.ClickAsync(new() { Position = new Position { X = box.Width * 0.7f, Y = box.Height * 0.3f } });
        await form.Locator("[data-meeting-point]").WaitForAsync(new() { Timeout = Timeout });
        await Click(form.Locator("[data-submit-action='whistle']"));
        await page.Locator("[data-panel-notice]").Filter(new() { HasText = "已吹哨" }).WaitForAsync(new() { Timeout = Timeout });
        output.WriteLine($"Clicks from the opened case to the whistle (merge, 核实, 立案 and the meeting point included): {clicks}");
        clicks.ShouldBeLessThanOrEqualTo(8);
        (await page.EvaluateAsync<bool>("() => window.__noReload === true")).ShouldBeTrue("操作应在原页面完成，不应重新加载");
        (await page.Locator("[data-case-panel] [data-whistle-team] [data-whistle-note]").InnerTextAsync()).ShouldBe(Note);
        (await fixture.Database.ScalarAsync<bool>("SELECT meeting_geom IS NOT NULL FROM whistle WHERE case_id = $1", caseId)).ShouldBeTrue();
        (await fixture.Database.ScalarAsync<string>("SELECT closure_type FROM case_file WHERE number = $1", earlier)).ShouldBe("merged");
        await Screenshots.SaveAsync(page, "console-2-whistled-in-place");

        // Both units on phones: the note and the other unit.
        var accounts = new List<(string Unit, string Username, long Order)>();
        foreach (var unit in units)
        {
            var username = "ic" + unit.Replace("-", "", StringComparison.Ordinal)[^10..];
            await fixture.Database.AddStaffAsync(username, "值班员", "department_staff", unit, passwordOf: "dept-police");
            accounts.Add((unit, username, await fixture.Database.ScalarAsync<long>(
                "SELECT id FROM work_order WHERE case_id = $1 AND unit_code = $2", caseId, unit)));
        }
        var phones = new List<IPage>();
        var contexts = new List<IBrowserContext>();
        foreach (var (unit, username, order) in accounts)
        {
            var context = await fixture.NewPhoneAsync(lng, lat, 10);
            contexts.Add(context);
            var phone = await context.NewPageAsync();
            phone.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            await BrowserFixture.LoginAsync(phone, username, "**/inbox", Timeout);
            await phone.GotoAsync($"/inbox/orders/{order}");
            (await phone.Locator("[data-whistle-note]").InnerTextAsync()).ShouldBe(Note);
            (await phone.Locator($"[data-team-unit='{accounts.First(a => a.Unit != unit).Unit}']").CountAsync()).ShouldBe(1);
            await phone.Locator("[data-live-state][data-state='online']").WaitForAsync(new() { Timeout = Timeout });
            phones.Add(phone);
        }

        // The first unit signs and reports in; the console (through its circuit) and the other phone show it without a reload.
        var first = phones[0];
        await first.GetByRole(AriaRole.Button, new() { Name = "签收", Exact = true }).ClickAsync();
        await first.Locator("[data-inbox-notice]").Filter(new() { HasText = "已签收" }).WaitForAsync(new() { Timeout = Timeout });
        var clock = Stopwatch.StartNew();
        await first.Locator("[data-inbox-arrive] [data-submit]").ClickAsync();
        var arrived = $"[data-team-unit='{accounts[0].Unit}'][data-team-arrived='true']";
        await page.Locator($"[data-case-panel] {arrived}").WaitForAsync(new() { Timeout = Timeout });
        output.WriteLine($"From 报到 (the tap) to the interactive console showing it: {clock.ElapsedMilliseconds} ms");
        await phones[1].Locator(arrived).WaitForAsync(new() { Timeout = Timeout });
        output.WriteLine($"…and to the other unit's phone: {clock.ElapsedMilliseconds} ms");

        // The second unit reports in too; the first sees it live.
        await phones[1].GetByRole(AriaRole.Button, new() { Name = "签收", Exact = true }).ClickAsync();
        await phones[1].Locator("[data-inbox-notice]").Filter(new() { HasText = "已签收" }).WaitForAsync(new() { Timeout = Timeout });
        await phones[1].Locator("[data-inbox-arrive] [data-submit]").ClickAsync();
        var secondArrived = $"[data-team-unit='{accounts[1].Unit}'][data-team-arrived='true']";
        await first.Locator(secondArrived).WaitForAsync(new() { Timeout = Timeout });
        await page.Locator($"[data-case-panel] {secondArrived}").WaitForAsync(new() { Timeout = Timeout });
        (await page.EvaluateAsync<bool>("() => window.__noReload === true")).ShouldBeTrue();
        await Screenshots.SaveAsync(first, "console-3-unit-sees-note-and-both-arrivals");
        await page.Locator("[data-case-panel] [data-whistle-team]").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "console-4-desk-sees-both-arrivals");
        foreach (var context in contexts) await context.CloseAsync();
        desk.ScriptErrors.ShouldBeEmpty();

        // A 768 px tablet: no sideways scroll; the keyboard opens the first case and shows the help.
        await using var tablet = await fixture.NewPageAsync(768, 1024);
        await BrowserFixture.LoginAsync(tablet.Page, "dispatcher", "**/dispatch", Timeout);
        await tablet.Page.GotoAsync("/dispatch/console");
        await tablet.Page.Locator("[data-console-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        await tablet.Page.Locator("[data-map-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        await tablet.Page.Keyboard.PressAsync("j");
        await tablet.Page.Locator(".cx-row-cursor").WaitForAsync(new() { Timeout = Timeout });
        await tablet.Page.Keyboard.PressAsync("Enter");
        await tablet.Page.Locator("[data-case-panel]").WaitForAsync(new() { Timeout = Timeout });
        await tablet.Page.Keyboard.PressAsync("?");
        await tablet.Page.Locator("[data-help]").WaitForAsync(new() { Timeout = Timeout });
        (await tablet.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(768);
        await Screenshots.SaveAsync(tablet.Page, "console-5-tablet-768");
        tablet.ScriptErrors.ShouldBeEmpty();

        // The village cadre on a 360 px phone: the list first, the case below it, no sideways scroll.
        await using var cadre = await fixture.NewPageAsync(360, 740);
        await BrowserFixture.LoginAsync(cadre.Page, "cadre", "**/dispatch", Timeout);
        await cadre.Page.GotoAsync("/dispatch/console");
        await cadre.Page.Locator("[data-console-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        var listTop = (await cadre.Page.Locator("[data-case-list]").BoundingBoxAsync())!.Y;
        var mapTop = (await cadre.Page.Locator("#console-map").BoundingBoxAsync())!.Y;
        listTop.ShouldBeLessThan(mapTop, "手机上应先显示列表");
        (await cadre.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await Screenshots.SaveAsync(cadre.Page, "console-6-cadre-phone-360-list");
        await cadre.Page.Locator($"[data-case-row='{caseId}'] button").ClickAsync();
        await cadre.Page.Locator("[data-case-panel]").ScrollIntoViewIfNeededAsync();
        (await cadre.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await Screenshots.SaveAsync(cadre.Page, "console-7-cadre-phone-360-case");
        cadre.ScriptErrors.ShouldBeEmpty();
    }
}
