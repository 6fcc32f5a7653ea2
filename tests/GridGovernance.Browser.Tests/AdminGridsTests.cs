using System.Globalization;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Integration.Tests.Tiles;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// 网格编辑 (/admin/grids) in Chromium at 1440×900: the county administrator picks a grid, draws the split line with the mouse
/// (Leaflet-Geoman), splits it, and the grid tiles the map then loads — at the new territory revision — carry the new grid
/// where the old outline was; the placards of both grids are flagged for reprinting. A dispatcher's /dispatch map open
/// meanwhile re-reads its grids from the live territory event.
/// </summary>
public sealed class AdminGridsTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 30_000;

    /// <summary>The dispatcher's township: its /dispatch map shows the grids of this village.</summary>
    private const string Township = "451027100";

    [Fact]
    public async Task The_admin_splits_a_grid_with_a_line_drawn_on_the_map_and_the_tiles_and_an_open_dispatch_map_show_the_new_grids()
    {
        // A village of the dispatcher's township, and the grids of it that a west–east line cuts in two sizeable pieces (the
        // point inside the smaller piece is where the new grid will be); which one is drawn depends on where it is on screen.
        var village = await fixture.Database.ScalarAsync<string>("""
            SELECT village_code FROM grid WHERE starts_with(village_code, $1) AND retired_at IS NULL
            GROUP BY village_code HAVING count(*) >= 3 ORDER BY village_code DESC LIMIT 1
            """, Township);
        var candidates = (await fixture.Database.ScalarAsync<string>("""
            WITH cut AS (
                SELECT g.code, g.geom, y.lat,
                       ST_Split(ST_GeometryN(g.geom, 1), ST_SetSRID(ST_MakeLine(ST_MakePoint(ST_XMin(g.geom) - 0.001, y.lat),
                                                                              ST_MakePoint(ST_XMax(g.geom) + 0.001, y.lat)), 4326)) AS pieces
                FROM grid g
                CROSS JOIN LATERAL (SELECT ST_YMin(g.geom) + f::float8 * (ST_YMax(g.geom) - ST_YMin(g.geom)) AS lat
                                    FROM generate_series(0.3, 0.7, 0.05) f) y
                WHERE g.village_code = $1 AND g.retired_at IS NULL AND ST_NumGeometries(g.geom) = 1)
            SELECT string_agg(concat_ws(';', c.code, c.lat, ST_X(p.geom), ST_Y(p.geom), ST_XMin(c.geom), ST_XMax(c.geom)), '|'
                              ORDER BY ST_Area(c.geom) DESC, p.area DESC)
            FROM cut c
            CROSS JOIN LATERAL (SELECT ST_PointOnSurface(d.geom) AS geom, ST_Area(d.geom) AS area FROM ST_Dump(c.pieces) d
                                ORDER BY ST_Area(d.geom) LIMIT 1) p
            -- Clearly the smaller piece (a line drawn a few metres off must not make it the larger one, which keeps the code).
            WHERE ST_NumGeometries(c.pieces) = 2 AND p.area BETWEEN 0.15 * ST_Area(c.geom) AND 0.42 * ST_Area(c.geom)
            """, village)).Split('|').Select(Candidate.Parse).ToList();
        candidates.ShouldNotBeEmpty();
        var revisionBefore = await fixture.Database.ScalarAsync<long>("SELECT revision FROM territory_revision");

        // The dispatcher's map is open before the edit.
        await using var desk = await fixture.NewPageAsync(1440, 900);
        await BrowserFixture.LoginAsync(desk.Page, "dispatcher", "**/dispatch", Timeout);
        var deskMap = desk.Page.Locator("#dispatch-map");
        await desk.Page.Locator("#dispatch-map[data-loaded='true'][data-grids]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        var deskGrids = int.Parse((await deskMap.GetAttributeAsync("data-grids"))!, CultureInfo.InvariantCulture);
        deskGrids.ShouldBe((int)await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM grid WHERE starts_with(code, $1) AND retired_at IS NULL", Township));
        await desk.Page.Locator("[data-live-state][data-state='online']").WaitForAsync(new() { Timeout = Timeout });
        // And 圈选区域 (interactive: the circuit follows the outbox), its grid tiles asked for at the current revision.
        var area = await desk.Page.Context.NewPageAsync();
        await area.GotoAsync("/map/area");
        await area.Locator($"[data-area-ready='true'][data-territory-revision='{revisionBefore}']").WaitForAsync(new() { Timeout = Timeout });

        await using var browser = await fixture.NewPageAsync(1440, 900);
        var page = browser.Page;
        var tileRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/tiles/grids/", StringComparison.Ordinal)) lock (tileRequests) tileRequests.Add(request.Url);
        };
        await BrowserFixture.LoginAsync(page, "admin", "**/dispatch", Timeout);
        var (outlines, _) = await OpenVillageAsync(page, fixture.Database, village);

        // The map fitted the village (and asks for the grid tiles of that zoom): the outlines' box on screen is the village's
        // grids' box on the ground.
        await Eventually.TrueAsync(() => TileZoom(tileRequests, revisionBefore) is not null, "the map loads the grid tiles of its zoom");
        var box = await outlines.EvaluateAllAsync<double[]>("""
            paths => {
              const boxes = paths.map((p) => p.getBoundingClientRect());
              return [Math.min(...boxes.map((b) => b.left)), Math.min(...boxes.map((b) => b.top)),
                      Math.max(...boxes.map((b) => b.right)), Math.max(...boxes.map((b) => b.bottom))];
            }
            """);
        var extent = (await fixture.Database.ScalarAsync<string>("""
            SELECT concat_ws(';', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e))
            FROM (SELECT ST_Extent(geom) AS e FROM grid WHERE village_code = $1 AND retired_at IS NULL) x
            """, village)).Split(';').Select(Number).ToArray();
        var (west, south, east, north) = (extent[0], extent[1], extent[2], extent[3]);
        double X(double lng) => box[0] + (lng - west) / (east - west) * (box[2] - box[0]);
        double Y(double lat) => box[1] + (Mercator(north) - Mercator(lat)) / (Mercator(north) - Mercator(south)) * (box[3] - box[1]);
        // The line goes from 12 px left of the grid to 12 px right of it; both clicks must land on the map, clear of its controls
        // (zoom, drawing tools and the actions the line tool shows beside them, attribution).
        var mapBox = (await page.Locator("#grids-map").BoundingBoxAsync())!;
        var controls = await page.Locator("#grids-map .leaflet-control").EvaluateAllAsync<double[][]>(
            "items => items.map((c) => { const b = c.getBoundingClientRect(); return [b.left, b.top, b.right + 220, b.bottom]; })");
        bool Clear(double px, double py) => px > mapBox.X + 2 && px < mapBox.X + mapBox.Width - 2 && py > mapBox.Y + 2 && py < mapBox.Y + mapBox.Height - 2
            && !controls.Any(c => px >= c[0] && px <= c[2] && py >= c[1] && py <= c[3]);
        var chosen = candidates.First(c => Clear(X(c.West) - 12, Y(c.Lat)) && Clear(X(c.East) + 12, Y(c.Lat)));
        var (grid, pieceLng, pieceLat) = (chosen.Grid, chosen.PieceLng, chosen.PieceLat);
        var (x1, x2, y) = (X(chosen.West) - 12, X(chosen.East) + 12, Y(chosen.Lat));

        await page.Locator($"[data-grid-pick='{grid}']").ClickAsync(new() { Timeout = Timeout });
        await page.Locator($"#grid-list tr.grid-selected[data-grid='{grid}']").WaitForAsync(new() { Timeout = Timeout });
        await page.FillAsync("#grid-new-name", "浏览器分割网格");

        // The tile of the map's zoom that holds the future new grid, at the old revision: the old grid's outline is there.
        var zoom = TileZoom(tileRequests, revisionBefore)!.Value;
        var (tileX, tileY) = TileMath.TileOf(pieceLng, pieceLat, zoom);
        var tilePath = string.Create(CultureInfo.InvariantCulture, $"/tiles/grids/{zoom}/{tileX}/{tileY}.mvt");
        await Eventually.TrueAsync(() => Requested(tileRequests, tilePath, revisionBefore), "the map asks for the tile of the new grid's ground");
        var before = await DecodeAsync(page, $"{tilePath}?v={revisionBefore}");
        CodesAt(before, zoom, tileX, tileY, pieceLng, pieceLat).ShouldBe([grid]);

        // Draw the line with the mouse: the line tool, a click left of the village, one right of it, 完成. (Alt: no snapping
        // to the outlines, so the line stays where it is drawn.)
        await page.Locator(".leaflet-pm-icon-polyline").ClickAsync();
        await page.Keyboard.DownAsync("Alt");
        await page.Mouse.ClickAsync((float)x1, (float)y);
        await page.Mouse.MoveAsync((float)x2, (float)y, new() { Steps = 8 });
        await page.Mouse.ClickAsync((float)x2, (float)y);
        await page.Keyboard.UpAsync("Alt");
        // Each drawing tool has its 完成; the line tool's is the one shown.
        await page.Locator(".leaflet-pm-action.action-finish >> visible=true").ClickAsync(new() { Timeout = Timeout });
        await page.Locator("#grid-shape[data-shape-kind='line']").WaitForAsync(new() { Timeout = Timeout });
        await Screenshots.SaveAsync(page, "admin-grids-1-line-drawn");

        await page.ClickAsync("#grid-apply");
        var notice = await page.Locator("#grid-notice").InnerTextAsync(new() { Timeout = Timeout });
        notice.ShouldContain("已分割网格");
        var created = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid WHERE village_code = $1 AND name = '浏览器分割网格'", village);
        var revision = await fixture.Database.ScalarAsync<long>("SELECT revision FROM territory_revision");
        revision.ShouldBeGreaterThan(revisionBefore);
        (await fixture.Database.ScalarAsync<string>("SELECT grid_code FROM grid_at_point($1, $2)", pieceLng, pieceLat)).ShouldBe(created);

        // Both placards are flagged for reprinting, on the page and in the database.
        await page.Locator($"[data-reprint='{created}']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator($"[data-reprint='{grid}']").WaitForAsync(new() { Timeout = Timeout });
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM grid WHERE code = ANY($1) AND placard_reprint", (object)new[] { grid, created })).ShouldBe(2);

        // The map asks for its grid tiles again, at the new revision; the tile of that ground now has the new grid there, and
        // the old grid's outline no longer covers it.
        await Eventually.TrueAsync(() => Requested(tileRequests, tilePath, revision), "the map loads the grid tiles at the new revision");
        var after = await DecodeAsync(page, $"{tilePath}?v={revision}");
        CodesAt(after, zoom, tileX, tileY, pieceLng, pieceLat).ShouldBe([created]);
        after.Layers["grids"].Features.Single(f => f.Text("code") == created).Text("name").ShouldBe("浏览器分割网格");
        // The old grid (keeping its code for the larger piece) is still on the map: in the tiles the map loaded at the new revision.
        List<string> loaded;
        lock (tileRequests)
            loaded = tileRequests.Where(u => u.EndsWith($"?v={revision}", StringComparison.Ordinal)).Select(u => new Uri(u).PathAndQuery).Distinct().ToList();
        var shown = new List<DecodedTile>();
        foreach (var path in loaded)
        {
            var response = await page.APIRequest.GetAsync(path);
            if (response.Status == 200) shown.AddRange(await MvtDecoder.DecodeAsync([await response.BodyAsync()]));
        }
        shown.SelectMany(t => t.Layers.TryGetValue("grids", out var l) ? l.Features : []).Select(f => f.Text("code")).Distinct()
            .ShouldContain(grid);
        // No cached tile of the old territory is served any more, with or without the revision in the address.
        CodesAt(await DecodeAsync(page, tilePath), zoom, tileX, tileY, pieceLng, pieceLat).ShouldBe([created]);
        await Screenshots.SaveAsync(page, "admin-grids-2-split-done");

        // The dispatcher's open map heard the territory event and re-read its grids: one more.
        await desk.Page.Locator("#dispatch-map[data-territory-event]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        await Eventually.TrueAsync(async () => await deskMap.GetAttributeAsync("data-grids") == (deskGrids + 1).ToString(CultureInfo.InvariantCulture),
            "the dispatcher's map shows the new grid");
        (await desk.Page.Locator("[data-feed-list] li").AllInnerTextsAsync()).ShouldNotContain(t => t.Contains(created, StringComparison.Ordinal));
        await Screenshots.SaveAsync(desk.Page, "admin-grids-3-dispatch-map-followed");
        // 圈选区域 moved its grid layer on to the new revision without a reload: the layer's address names it.
        await area.Locator($"[data-territory-revision='{revision}']").WaitForAsync(new() { Timeout = Timeout });
        await Eventually.TrueAsync(async () => (await area.Locator("[data-leaflet-layers='area-map'] [data-leaflet-layer]").EvaluateAllAsync<string[]>(
            "items => items.map(i => i.dataset.leafletLayer)")).Any(spec => spec.Contains("tiles/grids/", StringComparison.Ordinal) && spec.Contains($".mvt?v={revision}", StringComparison.Ordinal)),
            "圈选区域's grid layer asks for the new revision");

        browser.ScriptErrors.ShouldBeEmpty();
        desk.ScriptErrors.ShouldBeEmpty();
    }

    /// <summary>
    /// /admin/grids (signed in) with <paramref name="village"/> picked and each of its live grids drawn on the map: the outlines
    /// and how many there are.
    /// </summary>
    internal static async Task<(ILocator Outlines, int LiveGrids)> OpenVillageAsync(IPage page, TestDatabase database, string village)
    {
        await page.GotoAsync("/admin/grids");
        await page.Locator("[data-admin-ready='true'][data-map-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        await page.SelectOptionAsync("#grid-village", village);
        var liveGrids = (int)await database.ScalarAsync<long>("SELECT count(*) FROM grid WHERE village_code = $1 AND retired_at IS NULL", village);
        var outlines = page.Locator("#grids-map .leaflet-overlay-pane path");
        await Eventually.TrueAsync(async () => await outlines.CountAsync() == liveGrids, "the village's grids are drawn on the map");
        return (outlines, liveGrids);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>A grid, the latitude of a line that splits it well, a point inside the smaller piece, and the grid's west and east.</summary>
    private sealed record Candidate(string Grid, double Lat, double PieceLng, double PieceLat, double West, double East)
    {
        public static Candidate Parse(string row)
        {
            var f = row.Split(';');
            return new(f[0], Number(f[1]), Number(f[2]), Number(f[3]), Number(f[4]), Number(f[5]));
        }
    }

    private static double Mercator(double latitude) => Math.Log(Math.Tan(Math.PI / 4 + latitude * Math.PI / 360));

    /// <summary>The zoom of the grid tiles the map has asked for at <paramref name="revision"/> (the highest, should it have zoomed).</summary>
    private static int? TileZoom(List<string> requests, long revision)
    {
        lock (requests)
        {
            var zooms = requests.Where(u => u.EndsWith($"?v={revision}", StringComparison.Ordinal))
                .Select(u => int.Parse(new Uri(u).AbsolutePath.Split('/')[3], CultureInfo.InvariantCulture)).ToList();
            return zooms.Count == 0 ? null : zooms.Max();
        }
    }

    private static bool Requested(List<string> requests, string path, long revision)
    {
        lock (requests) return requests.Any(u => u.EndsWith($"{path}?v={revision}", StringComparison.Ordinal));
    }

    /// <summary>A tile fetched as the page fetches it (its cookies, its address), decoded by the reference decoder.</summary>
    private static async Task<DecodedTile> DecodeAsync(IPage page, string path)
    {
        var response = await page.APIRequest.GetAsync(path);
        response.Status.ShouldBe(200, path);
        return await MvtDecoder.DecodeAsync(await response.BodyAsync());
    }

    /// <summary>The grid codes whose features in tile z/x/y contain the point (even–odd over all rings: holes and parts).</summary>
    private static List<string> CodesAt(DecodedTile tile, int z, int x, int y, double lng, double lat)
    {
        var n = 1 << z;
        var px = ((lng + 180) / 360 * n - x) * 4096;
        var py = ((1 - Math.Asinh(Math.Tan(lat * Math.PI / 180)) / Math.PI) / 2 * n - y) * 4096;
        var codes = new List<string>();
        foreach (var feature in tile.Layers["grids"].Features)
        {
            var inside = false;
            foreach (var ring in feature.Geometry)
                for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++)
                {
                    double xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
                    if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi) inside = !inside;
                }
            if (inside) codes.Add(feature.Text("code")!);
        }
        return codes;
    }
}
