using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The product's Blazor Leaflet components (Components/Leaflet) in Chromium: rendered statically (the public map boots from
/// the page's markup through the JS core, no Blazor script, no circuit) and interactively (圈选区域: a rectangle drawn with the
/// drawing tools reaches C# as GeoJSON, PostGIS measures it, and the answer is rendered on the page).
/// </summary>
public sealed class LeafletComponentTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;

    [Fact]
    public async Task The_public_map_is_a_static_leaflet_component_whose_layers_are_in_the_page_and_it_boots_without_a_blazor_circuit()
    {
        await using var browser = await fixture.NewPageAsync();
        var page = browser.Page;
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        var response = await page.GotoAsync("/map");
        var html = await response!.TextAsync();
        await page.Locator("#map[data-leaflet-ready='true'][data-townships-loaded='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });

        // The server rendered the map's options and every layer's spec; the JS core built the layers from them.
        html.ShouldContain("data-leaflet-mode=\"static\"");
        var specs = await page.Locator("[data-leaflet-layers='map'] [data-leaflet-layer]").EvaluateAllAsync<string[]>(
            "elements => elements.map(e => JSON.parse(e.dataset.leafletLayer).id)");
        specs.ShouldBe(["basemaps", "townships", "villages", "grids", "link-units", "households"]);
        (await page.EvaluateAsync<int>("() => document.querySelectorAll('#map canvas').length")).ShouldBeGreaterThan(0);
        requests.ShouldNotContain(url => url.Contains("_framework/blazor.web.js", StringComparison.Ordinal) || url.Contains("/_blazor", StringComparison.Ordinal));
        requests.ShouldContain(url => url.EndsWith("/js/leaflet-core.js", StringComparison.Ordinal));
        browser.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_rectangle_drawn_on_the_interactive_area_map_reaches_csharp_as_netTopologySuite_geometry_and_its_area_and_grids_come_back_over_a_direct_websocket()
    {
        await using var browser = await fixture.NewPageAsync(1280, 800);
        var page = browser.Page;
        var requests = new List<string>();
        var sockets = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        // Blazor reports a circuit that cannot start on the console only: keep it in the test's output.
        page.Console += (_, message) => output.WriteLine($"console {message.Type}: {message.Text}");
        await BrowserFixture.LoginAsync(page, "dispatcher", "**/dispatch", Timeout);

        await page.GotoAsync("/map/area");
        await page.Locator("[data-area-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#area-map[data-leaflet-mode='interactive'][data-leaflet-ready='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        (await page.Locator("[data-area-empty]").InnerTextAsync()).ShouldBe("尚未圈选区域。");

        // Draw a rectangle over the middle of the county with the drawing tools, as a person would: the tool, then two corners.
        await page.Locator(".leaflet-pm-icon-rectangle").ClickAsync();
        var box = (await page.Locator("#area-map").BoundingBoxAsync())!;
        var (cx, cy) = (box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.ClickAsync(cx - 90, cy - 70);
        await page.Mouse.MoveAsync(cx + 90, cy + 70, new() { Steps = 5 });
        await page.Mouse.ClickAsync(cx + 90, cy + 70);

        var shape = page.Locator("[data-area-shape]");
        await shape.Locator("[data-area-km2]").WaitForAsync(new() { Timeout = Timeout });
        var geoJson = (await shape.GetAttributeAsync("data-geojson"))!;

        // What C# received (NetTopologySuite geometry, shown back as GeoJSON) is the drawn rectangle; the page lists exactly the grids PostGIS finds under it, with its area.
        var expected = await fixture.Database.ScalarAsync<string[]>("""
            SELECT coalesce(array_agg(code ORDER BY code), '{}') FROM grid
            WHERE ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))
            """, geoJson);
        expected.Length.ShouldBeGreaterThan(0);
        (await shape.Locator("[data-area-grid]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.areaGrid)")).ShouldBe(expected);
        (await shape.Locator("[data-area-grid-count]").InnerTextAsync()).ShouldBe(expected.Length.ToString(CultureInfo.InvariantCulture));
        var km2 = await fixture.Database.ScalarAsync<double>(
            "SELECT ST_Area(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)::geography) / 1e6", geoJson);
        (await shape.Locator("[data-area-km2]").InnerTextAsync()).ShouldBe(km2.ToString("F3", CultureInfo.InvariantCulture));
        await Screenshots.SaveAsync(page, "leaflet-1-area-drawn");

        // The circuit went straight to a WebSocket: no negotiate request (README: several instances need no sticky session).
        sockets.ShouldContain(url => url.Contains("/_blazor", StringComparison.Ordinal));
        requests.ShouldNotContain(url => url.Contains("/_blazor/negotiate", StringComparison.Ordinal));

        // Removing the shape with the tools tells C# too.
        await page.Locator(".leaflet-pm-icon-delete").ClickAsync();
        await page.Locator("#area-map path.leaflet-interactive").Last.ClickAsync();
        await page.Locator("[data-area-empty]").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-area-shape]").CountAsync()).ShouldBe(0);
        browser.ScriptErrors.ShouldBeEmpty();
    }
}
