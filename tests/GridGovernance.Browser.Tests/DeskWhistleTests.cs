using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// Issue 14 end to end: a dispatcher takes a phone call at the desk (a duplicate shows while typing), merges the duplicate and
/// whistles two units with a note and the case's place — the clicks after opening the case are counted. Both units, on phones,
/// see the note and each other; one reports in on the spot and the other sees it without reloading, as does the dispatcher
/// (the time is measured); the other reports in 4 km away and everyone sees 位置不符.
/// </summary>
public sealed class DeskWhistleTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;
    private const string Grid = "451027100001001";
    private const string Note = "请带围挡和扫帚，城管清运、镇政府联系商户，到菜市场北门集合";

    [Fact]
    public async Task A_phone_call_is_merged_with_its_duplicate_and_whistled_to_two_units_who_see_the_note_and_each_other_report_in()
    {
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);

        // A resident reported the same rubbish an hour ago through the public API, with a position.
        using (var api = new HttpClient { BaseAddress = new Uri(fixture.BaseAddress) })
        {
            api.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            var posted = await api.PostAsJsonAsync("/api/cases", new
            {
                longitude = lng, latitude = lat, requestType = "complaint", category = "E0102", description = "菜市场北门垃圾堆了两天，没人清运。",
            });
            posted.IsSuccessStatusCode.ShouldBeTrue(await posted.Content.ReadAsStringAsync());
        }
        var earlier = await fixture.Database.ScalarAsync<string>("SELECT number FROM case_file WHERE description = '菜市场北门垃圾堆了两天，没人清运。'");

        await using var desk = await fixture.NewPageAsync(1280, 800);
        var page = desk.Page;
        var clicks = 0;
        page.Dialog += async (_, dialog) => { clicks++; await dialog.AcceptAsync(); };
        async Task Click(ILocator locator) { clicks++; await locator.ClickAsync(); }

        // 电话受理: the form, with the duplicate shown while typing.
        await BrowserFixture.LoginAsync(page, "dispatcher", "**/dispatch", Timeout);
        await page.Locator("[data-intake-link]").ClickAsync();
        await page.WaitForURLAsync("**/dispatch/intake", new() { Timeout = Timeout });
        await page.Locator("#phone").FillAsync("13912345678");
        await page.Locator("#category").SelectOptionAsync("E0102");
        await page.Locator("[data-lng]").FillAsync(lng.ToString("F6", CultureInfo.InvariantCulture));
        await page.Locator("[data-lat]").FillAsync(lat.ToString("F6", CultureInfo.InvariantCulture));
        await page.Locator("#description").FillAsync("来电：菜市场北门垃圾堆积，影响通行，请尽快处理。");
        await page.Locator($"[data-desk-duplicates] [data-duplicate-number='{earlier}']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-desk-duplicates]").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "desk-1-phone-intake-with-duplicate");
        await page.Locator("[data-submit]").ClickAsync();
        await page.Locator("[data-drawer-notice]").Filter(new() { HasText = "已受理登记" }).WaitForAsync(new() { Timeout = Timeout });
        var caseId = long.Parse(await page.Locator("[data-drawer]").GetAttributeAsync("data-drawer") ?? "0", CultureInfo.InvariantCulture);
        (await fixture.Database.ScalarAsync<string>("SELECT source FROM case_file WHERE id = $1", caseId)).ShouldBe("phone");

        // From the open case: merge the duplicate, 核实, 立案, 吹哨 (the units routing pre-checks), with the note.
        await Click(page.Locator("[data-merge-submit]"));
        await page.Locator("[data-drawer-notice]").Filter(new() { HasText = "已合并" }).WaitForAsync(new() { Timeout = Timeout });
        await Click(page.Locator("button[data-action='verify']"));
        await page.Locator("[data-drawer-notice]").Filter(new() { HasText = "已核实" }).WaitForAsync(new() { Timeout = Timeout });
        await Click(page.Locator("button[data-action='accept']"));
        await page.Locator("[data-drawer-notice]").Filter(new() { HasText = "已受理立案" }).WaitForAsync(new() { Timeout = Timeout });
        await Click(page.Locator("summary[data-action='whistle']"));
        var whistle = page.Locator("form[data-action-form='whistle']");
        var units = await whistle.Locator("input[name='units']:checked").EvaluateAllAsync<string[]>("boxes => boxes.map(b => b.value)");
        units.Length.ShouldBe(2, "路由应为属主、属地各预选一个单位");
        await whistle.Locator("textarea[name='reason']").FillAsync(Note);
        await Click(whistle.Locator("[data-submit-action='whistle']"));
        await page.Locator("[data-drawer-notice]").Filter(new() { HasText = "已吹哨" }).WaitForAsync(new() { Timeout = Timeout });
        output.WriteLine($"Clicks from the opened case to the whistle (merge included): {clicks}");
        clicks.ShouldBeLessThanOrEqualTo(8);
        (await page.Locator("[data-whistle-team] [data-whistle-note]").InnerTextAsync()).ShouldBe(Note);
        await Screenshots.SaveAsync(page, "desk-2-whistled-with-team");

        // Both units on phones: each sees the note, the meeting place and the other unit with its contacts.
        var accounts = new List<(string Unit, string Username, long Order)>();
        foreach (var unit in units)
        {
            var username = "mx" + unit.Replace("-", "", StringComparison.Ordinal)[^10..];
            await fixture.Database.AddStaffAsync(username, unit.EndsWith("chengguan", StringComparison.Ordinal) ? "城管值班员" : "单位值班员",
                "department_staff", unit, passwordOf: "dept-police");
            accounts.Add((unit, username, await fixture.Database.ScalarAsync<long>(
                "SELECT id FROM work_order WHERE case_id = $1 AND unit_code = $2", caseId, unit)));
        }
        var phones = new List<IPage>();
        var contexts = new List<IBrowserContext>();
        foreach (var (unit, username, order) in accounts)
        {
            // The second unit reports in from about 4 km east.
            var context = await fixture.NewPhoneAsync(phones.Count == 0 ? lng : lng + 0.04, lat, 10);
            contexts.Add(context);
            var phone = await context.NewPageAsync();
            phone.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            await BrowserFixture.LoginAsync(phone, username, "**/inbox", Timeout);
            await phone.GotoAsync($"/inbox/orders/{order}");
            (await phone.Locator("[data-whistle-note]").InnerTextAsync()).ShouldBe(Note);
            var other = accounts.First(a => a.Unit != unit).Unit;
            (await phone.Locator($"[data-team-unit='{other}']").CountAsync()).ShouldBe(1);
            await phone.Locator("[data-live-state][data-state='online']").WaitForAsync(new() { Timeout = Timeout });
            (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
            phones.Add(phone);
        }
        await Screenshots.SaveAsync(phones[1], "desk-3-second-unit-sees-note-and-team");

        // The first unit signs and reports in on the spot; the second unit's page and the dispatcher's drawer show it live.
        await page.Locator("[data-live-state][data-state='online']").WaitForAsync(new() { Timeout = Timeout });
        var first = phones[0];
        await first.GetByRole(AriaRole.Button, new() { Name = "签收", Exact = true }).ClickAsync();
        await first.Locator("[data-inbox-notice]").Filter(new() { HasText = "已签收" }).WaitForAsync(new() { Timeout = Timeout });
        (await first.Locator("[data-action='start']").CountAsync()).ShouldBe(0, "报到前不应出现“开始处置”");
        var clock = Stopwatch.StartNew();
        await first.Locator("[data-inbox-arrive] [data-submit]").ClickAsync();
        var arrived = $"[data-team-unit='{accounts[0].Unit}'][data-team-arrived='true']";
        await page.Locator($"[data-drawer] {arrived}").WaitForAsync(new() { Timeout = Timeout });
        output.WriteLine($"From 报到 to the dispatcher's screen: {clock.ElapsedMilliseconds} ms");
        await phones[1].Locator(arrived).WaitForAsync(new() { Timeout = Timeout });
        output.WriteLine($"…and to the other unit's phone: {clock.ElapsedMilliseconds} ms");
        await first.Locator("[data-inbox-notice]").Filter(new() { HasText = "已报到" }).WaitForAsync(new() { Timeout = Timeout });
        (await first.Locator("[data-action='start']").CountAsync()).ShouldBe(1);

        // The second unit reports in 4 km away: recorded as 位置不符, and the first unit sees that too.
        var second = phones[1];
        await second.GetByRole(AriaRole.Button, new() { Name = "签收", Exact = true }).ClickAsync();
        await second.Locator("[data-inbox-notice]").Filter(new() { HasText = "已签收" }).WaitForAsync(new() { Timeout = Timeout });
        await second.Locator("[data-inbox-arrive] [data-submit]").ClickAsync();
        await second.Locator("[data-own-place-mismatch]").WaitForAsync(new() { Timeout = Timeout });
        await first.Locator($"[data-team-unit='{accounts[1].Unit}'] [data-place-mismatch]").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator($"[data-drawer] [data-team-unit='{accounts[1].Unit}'] [data-place-mismatch]").WaitForAsync(new() { Timeout = Timeout });
        await Screenshots.SaveAsync(second, "desk-4-unit-mismatch-on-phone");
        await Screenshots.SaveAsync(first, "desk-5-first-unit-sees-both-arrivals");
        await page.Locator("[data-whistle-team]").First.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "desk-6-dispatcher-sees-both-arrivals");
        foreach (var context in contexts) await context.CloseAsync();
    }
}
