using System.Globalization;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Features.GridEditing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// Grid edits reach the maps that are open, without a reload: the public /map (anonymous: it polls GET
/// /api/territory/revision — the page's own clock is run past its interval), the grid worker's field map on a 360 px phone
/// (polled the same way; its service worker then keeps only the new map data, also offline), and /admin/grids open by a
/// second administrator (through the circuit). Each edit is a split made through the app's own GridEditService, as
/// /admin/grids makes it; a marker set on the window before the edit is still there after it (no reload). Also: the resident
/// form's pin map shows the whole outline of a grid larger than the view at zoom 17, with the pin inside.
/// </summary>
public sealed class TerritoryLiveTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 30_000;

    /// <summary>The demo grid worker's grid (the field map test splits it).</summary>
    private const string WorkerGrid = "451027100001001";

    private static readonly WKTReader Wkt = new(new NetTopologySuite.NtsGeometryServices(new PrecisionModel(), 4326));

    [Fact]
    public async Task The_public_map_shows_a_split_grid_after_its_next_revision_check_without_a_reload()
    {
        var grid = await SplittableGridAsync(villageOffset: 1);
        await using var browser = await fixture.NewPageAsync(1440, 900);
        var page = browser.Page;
        var tileRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/tiles/grids/", StringComparison.Ordinal)) lock (tileRequests) tileRequests.Add(request.Url);
        };
        await page.Clock.InstallAsync();
        await page.GotoAsync($"/map?focus={grid}");
        var before = await RevisionAsync();
        var map = page.Locator($"#map[data-ready='true'][data-grids-loaded='true'][data-territory-revision='{before}']");
        await map.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        (await GridCodesDrawnAsync(page)).ShouldContain(grid);
        await page.EvaluateAsync("() => { window.__firstLoad = true; }");

        var (created, after) = await SplitAsync("admin", grid, "公众地图跟随分割");
        (await GridCodesDrawnAsync(page)).ShouldNotContain(created, "not before the page asks");

        // The page's next check (its interval, run on the page's clock) hears the new revision; the grid tiles are asked for
        // at it and the new grid is drawn.
        await page.Clock.RunForAsync("01:05");
        await page.Locator($"#map[data-territory-followed='{after}']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        await Eventually.TrueAsync(() => { lock (tileRequests) return tileRequests.Any(u => u.EndsWith($".mvt?v={after}", StringComparison.Ordinal)); },
            "the grid tiles are asked for at the new revision");
        await Eventually.TrueAsync(async () => (await GridCodesDrawnAsync(page)).Contains(created), "the new grid is drawn");
        (await GridCodesDrawnAsync(page)).ShouldContain(grid);
        (await page.EvaluateAsync<bool>("() => window.__firstLoad === true")).ShouldBeTrue("no reload");
        await page.Clock.RunForAsync("00:02");
        await Screenshots.SaveAsync(page, "territory-live-1-public-map");
        browser.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_field_map_on_a_phone_follows_a_split_of_the_workers_grid_and_its_service_worker_keeps_only_the_new_data()
    {
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(geom) FROM household WHERE grid_code = $1 ORDER BY code LIMIT 1", WorkerGrid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(geom) FROM household WHERE grid_code = $1 ORDER BY code LIMIT 1", WorkerGrid);
        await using var context = await fixture.NewPhoneAsync(lng, lat, 8);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.Clock.InstallAsync();
        await BrowserFixture.LoginAsync(page, "gridworker", "**/field", Timeout);
        // The service worker is active and controls the page (its copy of the map data is the one kept).
        await page.EvaluateAsync("() => navigator.serviceWorker.ready");
        await page.ReloadAsync();
        (await page.EvaluateAsync<bool>("() => navigator.serviceWorker.controller !== null")).ShouldBeTrue();
        var before = await RevisionAsync();
        var host = page.Locator("#field-map");
        await page.Locator($"#field-map[data-loaded='true'][data-territory-revision='{before}']").WaitForAsync(new() { Timeout = Timeout });
        Bounds(await host.GetAttributeAsync("data-grid-bounds")).ShouldBe(await ExtentAsync(WorkerGrid), new Tolerance());
        await page.EvaluateAsync("() => { window.__firstLoad = true; }");

        var (created, after) = await SplitAsync("admin", WorkerGrid, "外勤地图跟随分割");
        var extent = await ExtentAsync(WorkerGrid);
        var households = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE grid_code = $1", WorkerGrid);
        var people = await fixture.Database.ScalarAsync<long>("SELECT coalesce(sum(members), 0) FROM household WHERE grid_code = $1", WorkerGrid);
        (await page.Locator("[data-count-households]").InnerTextAsync()).ShouldNotBe(households.ToString(CultureInfo.InvariantCulture), "the split moved households out");

        await page.Clock.RunForAsync("01:05");
        await page.Locator($"#field-map[data-territory-followed='{after}']").WaitForAsync(new() { Timeout = Timeout });
        Bounds(await host.GetAttributeAsync("data-grid-bounds")).ShouldBe(extent, new Tolerance());
        (await host.GetAttributeAsync("data-households")).ShouldBe(households.ToString(CultureInfo.InvariantCulture));
        // The page's counts follow too: households and people of the grid as it now is.
        (await page.Locator("[data-count-households]").InnerTextAsync()).ShouldBe(households.ToString(CultureInfo.InvariantCulture));
        (await page.Locator("[data-count-people]").InnerTextAsync()).ShouldBe(people.ToString(CultureInfo.InvariantCulture));
        (await page.EvaluateAsync<bool>("() => window.__firstLoad === true")).ShouldBeTrue("no reload");
        (await page.Locator("[data-field-map-status]").InnerTextAsync()).ShouldContain("网格范围已调整");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        // The service worker's one copy of the map data is now the one at the new revision.
        await Eventually.TrueAsync(async () => await KeptMapRevisionAsync(page) >= after, "the kept map data is at the new revision");
        await page.Clock.RunForAsync("00:02");
        await Screenshots.SaveAsync(page, "territory-live-2-field-map-360", fullPage: true);

        // Offline, the page opens from the kept copies and draws the new outline, not the old one.
        await context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await page.Locator("#field-map[data-loaded='true']").WaitForAsync(new() { Timeout = Timeout });
        Bounds(await host.GetAttributeAsync("data-grid-bounds")).ShouldBe(extent, new Tolerance());
        await context.SetOfflineAsync(false);
        errors.ShouldBeEmpty();
        created.ShouldNotBe(WorkerGrid);
    }

    [Fact]
    public async Task The_field_service_worker_reads_its_kept_map_data_again_when_it_hears_of_a_newer_territory_or_drops_it()
    {
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(geom) FROM household WHERE grid_code = $1 ORDER BY code LIMIT 1", WorkerGrid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(geom) FROM household WHERE grid_code = $1 ORDER BY code LIMIT 1", WorkerGrid);
        await using var context = await fixture.NewPhoneAsync(lng, lat, 8);
        var page = await context.NewPageAsync();
        await BrowserFixture.LoginAsync(page, "gridworker", "**/field", Timeout);
        await page.EvaluateAsync("() => navigator.serviceWorker.ready");
        await page.ReloadAsync();
        (await page.EvaluateAsync<bool>("() => navigator.serviceWorker.controller !== null")).ShouldBeTrue();
        await page.Locator("#field-map[data-loaded='true']").WaitForAsync(new() { Timeout = Timeout });
        var before = await RevisionAsync();
        await Eventually.TrueAsync(async () => await KeptMapRevisionAsync(page) >= before, "the map data is kept");

        // On a field page without the map: the revision passing through the worker (any page may ask it) is newer than the
        // kept map data, which is read again.
        await page.GotoAsync("/field/work");
        var (_, after) = await SplitAsync("admin", await SplittableGridAsync(villageOffset: 3), "服务线程刷新分割");
        (await KeptMapRevisionAsync(page)).ShouldBeLessThan(after);
        await AskRevisionAsync(page);
        await Eventually.TrueAsync(async () => await KeptMapRevisionAsync(page) >= after, "the kept map data is read again at the new revision");

        // Signed out meanwhile (the map data answers 401): the copy older than the next edit cannot be read again, so it goes.
        await context.ClearCookiesAsync();
        (await SplitAsync("admin", await SplittableGridAsync(villageOffset: 4), "服务线程丢弃分割")).Revision.ShouldBeGreaterThan(after);
        await AskRevisionAsync(page);
        await Eventually.TrueAsync(async () => await KeptMapRevisionAsync(page) == 0, "the outdated map data is dropped");

        // (Offline 我的网格 after the drop is not checked here: in CI the worker had no kept /field page to open from once the
        // cookies were cleared — ERR_INTERNET_DISCONNECTED — which is a different question from the dropped map data.)
    }

    /// <summary>What the field map's poll does: GET /api/territory/revision from the page (through its service worker).</summary>
    private static Task AskRevisionAsync(IPage page) =>
        page.EvaluateAsync("() => fetch('/api/territory/revision', { cache: 'no-cache' }).then((r) => r.json())");

    [Fact]
    public async Task Admin_grids_shows_another_administrators_split_of_the_village_on_screen_without_a_reload()
    {
        var grid = await SplittableGridAsync(villageOffset: 2);
        var village = grid[..12];
        var adminScope = await fixture.Database.ScalarAsync<string>("SELECT scope_code FROM staff_account WHERE username = 'admin'");
        await fixture.Database.AddStaffAsync("admin-live-b", "第二位县级管理员", "county_admin", adminScope, passwordOf: "admin");

        await using var browser = await fixture.NewPageAsync(1440, 900);
        var page = browser.Page;
        await BrowserFixture.LoginAsync(page, "admin", "**/dispatch", Timeout);
        var (outlines, liveGrids) = await AdminGridsTests.OpenVillageAsync(page, fixture.Database, village);
        await page.Locator($"[data-grid-pick='{grid}']").ClickAsync(new() { Timeout = Timeout });
        // The administrator zooms in one step: the other administrator's edit must not take their view away (the scale says).
        var scale = page.Locator("#grids-map .leaflet-control-scale-line");
        var fitted = await scale.InnerTextAsync();
        await page.Locator("#grids-map .leaflet-control-zoom-in").ClickAsync();
        await Eventually.TrueAsync(async () => await scale.InnerTextAsync() != fitted, "the map zoomed in");
        var zoomed = await scale.InnerTextAsync();
        await page.EvaluateAsync("() => { window.__firstLoad = true; }");

        // The second administrator splits a grid of that village (their own session: the app's service, as their page would).
        var (created, after) = await SplitAsync("admin-live-b", grid, "另一管理员分割");

        await page.Locator($"#grid-list tr[data-grid='{created}']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#grid-live-notice").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("#grid-live-notice").InnerTextAsync()).ShouldContain("其他管理员");
        await page.Locator($"[data-reprint='{created}']").WaitForAsync(new() { Timeout = Timeout });
        await Eventually.TrueAsync(async () => await outlines.CountAsync() == liveGrids + 1, "the new grid's outline is drawn");
        await page.Locator($"[data-territory-revision='{after}']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        await Eventually.TrueAsync(async () => (await page.Locator("[data-leaflet-layers='grids-map'] [data-leaflet-layer]").EvaluateAllAsync<string[]>(
            "items => items.map(i => i.dataset.leafletLayer)")).Any(spec => spec.Contains($".mvt?v={after}", StringComparison.Ordinal)),
            "the tile layer asks for the new revision");
        (await page.EvaluateAsync<bool>("() => window.__firstLoad === true")).ShouldBeTrue("no reload");
        (await scale.InnerTextAsync()).ShouldBe(zoomed, "the view stays where the administrator put it");
        // The grid picked before is still picked (it kept its code, as the larger piece).
        (await page.Locator($"#grid-list tr.grid-selected[data-grid='{grid}']").CountAsync()).ShouldBe(1);
        await Screenshots.SaveAsync(page, "territory-live-3-admin-grids-other-admin");
        browser.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_resident_pin_map_shows_the_whole_outline_of_a_grid_larger_than_the_view_with_the_pin_inside()
    {
        // The widest live grid: at zoom 17 on a phone (≈ 0.0037° across) only a small part of it would be in view.
        var grid = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM grid WHERE retired_at IS NULL ORDER BY ST_XMax(geom) - ST_XMin(geom) DESC, code LIMIT 1");
        var extent = await ExtentAsync(grid);
        (extent[2] - extent[0]).ShouldBeGreaterThan(0.011, "the grid must be wider than three phone views at zoom 17");
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid);

        await using var context = await fixture.NewPhoneAsync(lng, lat, 8);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync($"/g/{grid}");
        await page.Locator("[data-place-pin][data-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-use-position]").ClickAsync();
        var box = page.Locator("[data-place-pin][data-view][data-pin]");
        await box.WaitForAsync(new() { Timeout = Timeout });

        // The view holds the whole grid and the pin.
        var view = Bounds(await box.GetAttributeAsync("data-view"));
        view[0].ShouldBeLessThanOrEqualTo(extent[0] + 1e-6);
        view[1].ShouldBeLessThanOrEqualTo(extent[1] + 1e-6);
        view[2].ShouldBeGreaterThanOrEqualTo(extent[2] - 1e-6);
        view[3].ShouldBeGreaterThanOrEqualTo(extent[3] - 1e-6);
        lng.ShouldBeInRange(view[0], view[2]);
        lat.ShouldBeInRange(view[1], view[3]);
        (await page.Locator("[data-place-pin-hint]").InnerTextAsync()).ShouldContain("放大地图可以更精确地放置图钉");
        // On screen: the outline lies within the map's box, and the pin within the outline's.
        await page.Locator("[data-place-pin]").ScrollIntoViewIfNeededAsync();
        var mapBox = (await page.Locator("#place-pin-map").BoundingBoxAsync())!;
        var outline = (await page.Locator("#place-pin-map .leaflet-overlay-pane path").First.BoundingBoxAsync())!;
        outline.X.ShouldBeGreaterThanOrEqualTo(mapBox.X - 1);
        outline.Y.ShouldBeGreaterThanOrEqualTo(mapBox.Y - 1);
        (outline.X + outline.Width).ShouldBeLessThanOrEqualTo(mapBox.X + mapBox.Width + 1);
        (outline.Y + outline.Height).ShouldBeLessThanOrEqualTo(mapBox.Y + mapBox.Height + 1);
        var pin = (await page.Locator(".place-pin-marker").BoundingBoxAsync())!;
        (pin.X + pin.Width / 2).ShouldBeInRange(outline.X, outline.X + outline.Width);
        await Screenshots.SaveAsync(page, "place-pin-3-whole-grid-outline");
        errors.ShouldBeEmpty();
    }

    private Task<long> RevisionAsync() => fixture.Database.ScalarAsync<long>("SELECT revision FROM territory_revision");

    /// <summary>A single-part grid of the <paramref name="villageOffset"/>-th village (by code) with two grids or more, away from the worker's village.</summary>
    private Task<string> SplittableGridAsync(int villageOffset) => fixture.Database.ScalarAsync<string>("""
        SELECT min(code) FROM grid
        WHERE village_code = (SELECT village_code FROM grid WHERE retired_at IS NULL AND village_code <> left($1, 12)
                              GROUP BY village_code HAVING count(*) >= 2 ORDER BY village_code OFFSET $2 LIMIT 1)
          AND retired_at IS NULL AND ST_NumGeometries(geom) = 1
        """, WorkerGrid, villageOffset);

    /// <summary>
    /// Splits the grid as <paramref name="username"/> through the app's GridEditService (what /admin/grids calls) along a
    /// west–east line that leaves a clearly smaller piece (15–45 % of the grid); answers the new grid's code and the revision.
    /// </summary>
    private async Task<(string Created, long Revision)> SplitAsync(string username, string grid, string name)
    {
        var wkt = await fixture.Database.ScalarAsync<string>("""
            WITH g AS (SELECT geom FROM grid WHERE code = $1),
            cut AS (
                SELECT f, line, ST_Split(ST_GeometryN(g.geom, 1), line) AS pieces, ST_Area(g.geom) AS area
                FROM g CROSS JOIN LATERAL generate_series(0.25, 0.75, 0.05) f
                CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakeLine(
                    ST_MakePoint(ST_XMin(g.geom) - 0.001, ST_YMin(g.geom) + f * (ST_YMax(g.geom) - ST_YMin(g.geom))),
                    ST_MakePoint(ST_XMax(g.geom) + 0.001, ST_YMin(g.geom) + f * (ST_YMax(g.geom) - ST_YMin(g.geom)))), 4326) AS line) l)
            SELECT ST_AsText(line) FROM cut
            WHERE ST_NumGeometries(pieces) = 2
              AND (SELECT min(ST_Area(d.geom)) FROM ST_Dump(pieces) d) BETWEEN 0.15 * area AND 0.45 * area
            ORDER BY abs(f - 0.5) LIMIT 1
            """, grid);
        var line = Wkt.Read(wkt);
        line.SRID = 4326;
        var staff = await TestStaff.OfAsync(fixture.Database, username);
        var outcome = await fixture.Services.GetRequiredService<GridEditService>()
            .EditAsync(staff, new GridEditRequest(GridEditAction.Split, grid, null, null, line, name), CancellationToken.None);
        outcome.Ok.ShouldBeTrue(outcome.Message);
        var created = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid WHERE name = $1 AND retired_at IS NULL", name);
        return (created, await RevisionAsync());
    }

    private async Task<double[]> ExtentAsync(string grid) => Bounds(await fixture.Database.ScalarAsync<string>(
        "SELECT concat_ws(',', ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)) FROM grid WHERE code = $1", grid));

    /// <summary>west,south,east,north (Leaflet's toBBoxString, or the database's extent).</summary>
    private static double[] Bounds(string? text) =>
        (text ?? throw new InvalidOperationException("no bounds")).Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The grid codes in the grid tiles the public map has drawn (Leaflet.VectorGrid's tiles, keyed by feature id).</summary>
    private static Task<string[]> GridCodesDrawnAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => [...new Set(Object.values(window.gridGov.layers.grids._vectorTiles || {}).flatMap((tile) => Object.keys(tile._features || {})))]
        """);

    /// <summary>The revision of the field service worker's one kept copy of the map data (0 when none).</summary>
    private static Task<long> KeptMapRevisionAsync(IPage page) => page.EvaluateAsync<long>("""
        async () => {
          const cache = await caches.open('gridgov-field-v2');
          const kept = await cache.match('/api/staff/field/map');
          return kept ? Number(kept.headers.get('X-Territory-Revision')) || 0 : 0;
        }
        """);

    /// <summary>Bounds compared to a millionth of a degree (Leaflet prints them with that many digits).</summary>
    private sealed class Tolerance : IEqualityComparer<double[]>
    {
        public bool Equals(double[]? x, double[]? y) => x is not null && y is not null && x.Length == y.Length && x.Zip(y).All(p => Math.Abs(p.First - p.Second) < 2e-5);
        public int GetHashCode(double[] obj) => 0;
    }
}
