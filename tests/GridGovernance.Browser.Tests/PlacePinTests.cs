using System.Globalization;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The report form's map pin on a 360 px phone: the phone's position puts the pin down, the resident drags it and reads the
/// place under the map (the server's place_description, the one author of that text), and the tracking page names the same
/// place. The resident's taps are counted and printed.
/// </summary>
public sealed class PlacePinTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;

    [Fact]
    public async Task A_resident_drags_the_pin_sees_the_place_text_and_the_tracking_page_names_the_same_place()
    {
        // Standing at a household's door in the demo's first grid: the place names its address.
        const string grid = "451027100001001";
        var household = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM household WHERE grid_code = $1 AND address IS NOT NULL ORDER BY code LIMIT 1", grid);
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(geom) FROM household WHERE code = $1", household);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(geom) FROM household WHERE code = $1", household);
        var address = await fixture.Database.ScalarAsync<string>("SELECT address FROM household WHERE code = $1", household);
        var gridName = await fixture.Database.ScalarAsync<string>("SELECT name FROM grid WHERE code = $1", grid);

        await using var context = await fixture.NewPhoneAsync(lng, lat, 8);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        var taps = 0;

        await page.GotoAsync($"/g/{grid}");
        await page.Locator("[data-place-pin][data-ready='true']").WaitForAsync(new() { Timeout = Timeout });

        await page.GetByRole(AriaRole.Radio, new() { Name = "投诉", Exact = true }).CheckAsync(); taps++;
        await page.Locator("#category").SelectOptionAsync("E0102"); taps += 2; // open the list, pick the line
        await page.Locator("#description").FillAsync("门口路灯不亮，晚上很黑，老人出门不方便。"); taps++;
        await page.Locator("[data-use-position]").ClickAsync(); taps++;

        var text = page.Locator("[data-place-text]");
        await text.Filter(new() { HasText = address }).WaitForAsync(new() { Timeout = Timeout });
        (await text.InnerTextAsync()).ShouldContain(gridName);
        await page.Locator("[data-place-pin]").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "place-pin-1-at-my-position");

        // Drag the pin 60 px east and 40 px south: the fields, the pin and the place follow.
        var before = await page.Locator("[data-position-lng]").InputValueAsync();
        var marker = page.Locator(".place-pin-marker");
        var box = (await marker.BoundingBoxAsync())!;
        var x = box.X + box.Width / 2;
        var y = box.Y + box.Height / 2;
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(x + 30, y + 20, new() { Steps = 4 });
        await page.Mouse.MoveAsync(x + 60, y + 40, new() { Steps = 4 });
        await page.Mouse.UpAsync();
        taps++;
        await page.WaitForFunctionAsync("before => document.querySelector('[data-position-lng]').value !== before", before,
            new() { Timeout = Timeout });
        var draggedLng = double.Parse(await page.Locator("[data-position-lng]").InputValueAsync(), CultureInfo.InvariantCulture);
        var draggedLat = double.Parse(await page.Locator("[data-position-lat]").InputValueAsync(), CultureInfo.InvariantCulture);
        draggedLng.ShouldBeGreaterThan(lng);
        draggedLat.ShouldBeLessThan(lat);

        // The text under the map is the server's description of the dragged point, word for word.
        var expected = await fixture.Database.ScalarAsync<string>(
            "SELECT place_description(ST_SetSRID(ST_MakePoint($1, $2), 4326))", draggedLng, draggedLat);
        await text.Filter(new() { HasText = expected }).WaitForAsync(new() { Timeout = Timeout });
        await Screenshots.SaveAsync(page, "place-pin-2-dragged");

        await page.Locator("[data-submit]").ClickAsync(); taps++;
        await page.Locator("[data-report-accepted]").WaitForAsync(new() { Timeout = Timeout });
        var number = await page.Locator("[data-case-number]").InnerTextAsync();
        (await fixture.Database.ScalarAsync<double>("SELECT ST_X(geom) FROM case_file WHERE number = $1", number)).ShouldBe(draggedLng, 1e-6);

        await page.Locator("[data-tracking-link]").ClickAsync();
        await page.Locator("[data-case-place]").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-case-place]").InnerTextAsync()).ShouldBe(expected);
        await Screenshots.SaveAsync(page, "place-pin-3-tracking");

        // 诉求类型 1, 问题类别 2, 描述 1, 使用我的当前位置 1, drag the pin 1, 提交 1 (no photo, no phone in this run).
        output.WriteLine($"Resident report taps (with the pin corrected, without photo and phone): {taps}");
        taps.ShouldBeLessThanOrEqualTo(8);
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_pin_far_outside_the_grid_asks_before_sending_and_the_case_is_flagged()
    {
        const string grid = "451027100001001";
        // 400 m east of the grid's eastern edge, still in the county.
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_XMax(geom) + 0.004 FROM grid WHERE code = $1", grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid);

        await using var context = await fixture.NewPhoneAsync(lng, lat, 8);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/g/{grid}");
        await page.Locator("[data-place-pin][data-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        await page.GetByRole(AriaRole.Radio, new() { Name = "求助", Exact = true }).CheckAsync();
        await page.Locator("#category").SelectOptionAsync("E0102");
        await page.Locator("#description").FillAsync("路边有一堆建筑垃圾，挡住了半条路。");
        await page.Locator("[data-use-position]").ClickAsync();
        await page.Locator("[data-place-pin][data-far-outside='true']").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-place-text]").InnerTextAsync()).ShouldContain("不在");

        string? asked = null;
        page.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.AcceptAsync(); };
        await page.Locator("[data-submit]").ClickAsync();
        await page.Locator("[data-report-accepted]").WaitForAsync(new() { Timeout = Timeout });
        asked.ShouldBe("位置不在本网格，是否继续提交？");
        var number = await page.Locator("[data-case-number]").InnerTextAsync();
        (await fixture.Database.ScalarAsync<bool>("SELECT position_outside_grid FROM case_file WHERE number = $1", number)).ShouldBeTrue();
        (await fixture.Database.ScalarAsync<string>("SELECT grid_code FROM case_file WHERE number = $1", number)).ShouldBe(grid);
    }
}
