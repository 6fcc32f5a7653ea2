using System.Globalization;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>What a person sees on /map, in Chromium, with screenshots to look at.</summary>
public sealed class MapPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;

    [Fact]
    public async Task The_county_opens_with_township_boundaries_and_names_and_the_demo_data_notice_even_without_a_basemap()
    {
        await using var browser = await fixture.NewPageAsync();
        var page = browser.Page;

        await page.GotoAsync("/map");
        await WaitFor(page, "#map[data-townships-loaded='true'][data-basemap='failed']");
        await WaitUntilLabelsAreDrawn(browser);

        (await page.TitleAsync()).ShouldContain("网格地图");
        (await page.Locator(".demo-badge").InnerTextAsync()).ShouldBe("示意数据");
        (await page.Locator(".demo-badge").IsVisibleAsync()).ShouldBeTrue();
        var townships = await Names("SELECT name FROM township");
        var labels = await page.Locator(".map-label-townships").AllInnerTextsAsync();
        labels.Count.ShouldBeGreaterThanOrEqualTo(townships.Count - 2, "乡镇名称应大多可见");
        labels.ShouldAllBe(label => townships.Contains(label));
        (await page.Locator("#map-basemap-status").InnerTextAsync()).ShouldContain("底图无法加载");
        await Screenshots.SaveAsync(page, "1-county");
        browser.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Searching_a_village_by_name_with_the_keyboard_flies_the_map_there_and_shows_its_grids()
    {
        var (code, name, lng, lat) = await Place("SELECT code, name, ST_X(label_point), ST_Y(label_point) FROM village ORDER BY code OFFSET 3 LIMIT 1");
        await using var browser = await fixture.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("/map");
        await WaitFor(page, "#map[data-ready='true']");

        await page.Locator("#map-search-input").FocusAsync();
        await page.Keyboard.TypeAsync(name);
        await page.Keyboard.PressAsync("Enter");
        var first = page.Locator(".map-search-result").First;
        await first.WaitForAsync(new() { Timeout = Timeout });
        (await first.Locator(".map-search-result-name").InnerTextAsync()).ShouldBe(name);
        (await first.GetAttributeAsync("data-code")).ShouldBe(code);
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");

        await WaitFor(page, $"#map[data-focus-code='{code}'][data-moving='false']");
        await WaitForGrids(page);
        (await page.EvaluateAsync<double>("() => gridGov.map.getZoom()")).ShouldBeGreaterThanOrEqualTo(13);
        (await page.EvaluateAsync<bool>($"() => gridGov.map.getBounds().contains([{Num(lat)}, {Num(lng)}])")).ShouldBeTrue();
        page.Url.ShouldEndWith($"/map?focus={code}");
        (await page.Locator("#map-search-status").InnerTextAsync()).ShouldContain(name);
        await WaitUntilLabelsAreDrawn(browser);
        await Screenshots.SaveAsync(page, "2-village-found-by-search");
        browser.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Clicking_a_grid_opens_its_card_with_names_masked_phones_and_counts_and_Escape_closes_it()
    {
        var (code, name, lng, lat) = await Place("""
            SELECT g.code, g.name, ST_X(g.label_point), ST_Y(g.label_point) FROM grid g
            WHERE EXISTS (SELECT 1 FROM grid_staff s WHERE s.grid_code = g.code AND s.role = 'grid_worker')
            ORDER BY g.code OFFSET 10 LIMIT 1
            """);
        var households = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE grid_code = $1", code);
        await using var browser = await fixture.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync($"/map?focus={code[..12]}");
        await WaitFor(page, "#map[data-ready='true']");
        await WaitForGrids(page);

        // Centre the map on a point inside the grid, then click the centre as a person would.
        await page.EvaluateAsync($"() => {{ document.getElementById('map').dataset.gridsLoaded = 'false'; gridGov.map.setView([{Num(lat)}, {Num(lng)}], 16, {{ animate: false }}); }}");
        await WaitForGrids(page);
        var box = (await page.Locator("#map").BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);

        await WaitFor(page, $"#grid-card[data-loaded='true'][data-code='{code}']");
        (await page.Locator("#grid-card-name").InnerTextAsync()).ShouldBe(name);
        (await page.Locator("#grid-card-code").InnerTextAsync()).ShouldBe(code);
        (await page.Locator("#grid-card-workers").InnerTextAsync()).ShouldMatch(@"1\d{2}\*{4}\d{4}");
        (await page.Locator("#grid-card").InnerTextAsync()).ShouldNotMatch(@"1[3-9]\d{9}");
        (await page.Locator("#grid-card-households").InnerTextAsync()).ShouldBe($"{households.ToString("N0", CultureInfo.GetCultureInfo("zh-CN"))} 户");
        (await page.Locator("#grid-card-area").InnerTextAsync()).ShouldMatch(@"^\d+\.\d{2} 平方千米$");
        (await page.Locator("#grid-card-village").InnerTextAsync()).ShouldBe(
            await fixture.Database.ScalarAsync<string>("SELECT name FROM village WHERE code = $1", code[..12]));
        page.Url.ShouldEndWith($"/map?focus={code}");
        await WaitUntilLabelsAreDrawn(browser);
        await Screenshots.SaveAsync(page, "3-grid-card");

        await page.Keyboard.PressAsync("Escape");
        (await page.Locator("#grid-card").IsHiddenAsync()).ShouldBeTrue();
        browser.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Choosing_a_grid_found_by_its_code_opens_its_card_and_zooming_in_shows_its_households_to_signed_in_staff()
    {
        var (code, name, lng, lat) = await Place("""
            SELECT g.code, g.name, ST_X(h.geom), ST_Y(h.geom) FROM grid g JOIN household h ON h.grid_code = g.code
            ORDER BY g.code DESC, h.code LIMIT 1
            """);
        await using var browser = await fixture.NewPageAsync();
        var page = browser.Page;
        // Households are personal data: their tiles are for signed-in staff (the county admin sees the whole county).
        await BrowserFixture.LoginAsync(page, "admin", "**/dispatch", Timeout);
        await page.GotoAsync("/map");
        await WaitFor(page, "#map[data-ready='true']");

        await page.Locator("#map-search-input").FillAsync(code);
        await page.Locator("#map-search-button").ClickAsync();
        await page.Locator($".map-search-result[data-code='{code}']").ClickAsync(new() { Timeout = Timeout });
        await WaitFor(page, $"#grid-card[data-loaded='true'][data-code='{code}']");
        await WaitFor(page, "#map[data-moving='false']");
        (await page.Locator("#grid-card-name").InnerTextAsync()).ShouldBe(name);
        (await page.EvaluateAsync<bool>($"() => gridGov.map.getBounds().contains([{Num(lat)}, {Num(lng)}])")).ShouldBeTrue();

        // Households show from zoom 15 on: zoom in on one of this grid's households.
        var householdTile = page.WaitForResponseAsync(r => r.Url.Contains("/tiles/households/", StringComparison.Ordinal) && r.Status == 200,
            new() { Timeout = Timeout });
        await page.EvaluateAsync($"() => {{ document.getElementById('map').dataset.gridsLoaded = 'false'; gridGov.map.setView([{Num(lat)}, {Num(lng)}], 17); }}");
        await householdTile;
        await WaitForGrids(page);
        (await page.Locator("#grid-card").IsVisibleAsync()).ShouldBeTrue();
        await WaitUntilLabelsAreDrawn(browser);
        await Screenshots.SaveAsync(page, "4-grid-found-by-code-zoomed-to-households");
        browser.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task On_a_phone_the_card_is_a_bottom_sheet_and_nothing_overflows_sideways()
    {
        var code = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid ORDER BY code LIMIT 1 OFFSET 5");
        await using var browser = await fixture.NewPageAsync(width: 390, height: 844);
        var page = browser.Page;

        await page.GotoAsync($"/map?focus={code}");
        await WaitFor(page, $"#grid-card[data-loaded='true'][data-code='{code}']");
        await WaitForGrids(page);

        var card = (await page.Locator("#grid-card").BoundingBoxAsync())!;
        (card.Y + card.Height).ShouldBe(844, 1.0);
        card.Width.ShouldBe(390, 1.0);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        var searchBox = (await page.Locator("#map-search-input").BoundingBoxAsync())!;
        searchBox.Height.ShouldBeGreaterThanOrEqualTo(44, "触控目标至少 44 像素高");
        await WaitUntilLabelsAreDrawn(browser);
        await Screenshots.SaveAsync(page, "5-phone-grid-card");
        browser.ScriptErrors.ShouldBeEmpty();
    }

    private static Task WaitFor(IPage page, string selector) =>
        page.WaitForSelectorAsync(selector, new() { State = WaitForSelectorState.Attached, Timeout = Timeout });

    private static Task WaitForGrids(IPage page) => WaitFor(page, "#map[data-grids-loaded='true']");

    /// <summary>
    /// Labels are fetched when the map stops moving and drawn when they arrive (the count then lands in data-labels): wait for
    /// a still map, a first drawing, and no fetch still out.
    /// </summary>
    private static async Task WaitUntilLabelsAreDrawn(BrowserPage browser)
    {
        // Labels are drawn from the answers of the page's fetches, in the same task that reads an answer: once the network
        // has been idle for Playwright's half second (tile fetches the map cancels count as ended here, unlike in
        // WaitForRequestsAnsweredAsync), the labels of the last answer are drawn. No extra beat is needed.
        await browser.Page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = Timeout });
    }

    private async Task<List<string>> Names(string sql)
    {
        await using var command = fixture.Database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    private async Task<(string Code, string Name, double Lng, double Lat)> Place(string sql)
    {
        await using var command = fixture.Database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        return (reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3));
    }

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
