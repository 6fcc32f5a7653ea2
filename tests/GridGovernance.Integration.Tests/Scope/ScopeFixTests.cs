using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Field;
using GridGovernance.Integration.Tests.Intake;
using GridGovernance.Integration.Tests.Tiles;

namespace GridGovernance.Integration.Tests.Scope;

/// <summary>The two scope leaks the sweep found: duplicate hints across grids, and household tiles for anyone.</summary>
public sealed class ScopeFixTests(ScopeWorld world) : IClassFixture<ScopeWorld>
{
    private StaffSession Session(string role) => world.Roles.Single(r => r.Role == role).Session!;

    [Fact]
    public async Task A_grid_worker_is_not_hinted_at_a_possible_duplicate_in_another_grid_while_the_dispatcher_is()
    {
        var worker = Session("grid_worker");
        var point = (await world.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", ScopeWorld.Grid1),
            await world.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", ScopeWorld.Grid1));
        var page = await FieldForms.OpenAsync(worker, "/field/report");
        var own = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(page, point, category: "C0101", description: "重复提示：本网格井盖缺失")));
        // A neighbour scanned the next grid's placard, standing 10 m away: the same 小类, the same days, another grid.
        using var resident = world.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var form = await ResidentForm.OpenAsync(resident, ScopeWorld.Grid2);
        (await resident.PostAsync($"/g/{ScopeWorld.Grid2}", ResidentForm.Content(form, "重复提示：隔壁网格的私密描述", category: "C0101",
            position: (point.Item1 + 0.0001, point.Item2)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var other = await world.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", form.IdempotencyKey);
        (await world.Database.ScalarAsync<string>("SELECT grid_code FROM case_file WHERE id = $1", other)).ShouldBe(ScopeWorld.Grid2);
        var otherNumber = await world.Database.ScalarAsync<string>("SELECT number FROM case_file WHERE id = $1", other);

        var workerPage = await (await worker.Client.GetAsync($"/field/cases/{own}")).Content.ReadAsStringAsync();
        workerPage.ShouldNotContain(otherNumber);
        workerPage.ShouldNotContain("隔壁网格的私密描述");

        // The township sees both grids, so the hint is there for the dispatcher: the hints themselves still work.
        var dispatcherPage = await (await Session("township_dispatcher").Client.GetAsync($"/field/cases/{own}")).Content.ReadAsStringAsync();
        dispatcherPage.ShouldContain(otherNumber);
        dispatcherPage.ShouldContain("隔壁网格的私密描述");
    }

    [Fact]
    public async Task Household_tiles_are_not_served_without_a_login_nor_to_department_staff()
    {
        var (z, x, y) = await BorderTileAsync();
        using var anonymous = world.Factory.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var zoom in new[] { 10, z })
        {
            var path = zoom == z ? $"/tiles/households/{z}/{x}/{y}.mvt" : "/tiles/households/10/800/440.mvt";
            var response = await anonymous.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, path);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        var department = await Session("department_staff").Client.GetAsync($"/tiles/households/{z}/{x}/{y}.mvt");
        department.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        department.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_household_tile_holds_only_the_callers_households_and_the_cache_keeps_each_scope_apart()
    {
        var (z, x, y) = await BorderTileAsync();
        var path = $"/tiles/households/{z}/{x}/{y}.mvt";
        using var worker2 = await StaffSession.Start(world.Factory).LoggedInAsync("gridworker2");

        var first = await world.Client(world.Roles.Single(r => r.Role == "grid_worker")).GetAsync(path);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Headers.CacheControl!.Private.ShouldBeTrue();
        first.Headers.Vary.ShouldContain("Cookie");
        (await CodesAsync(first)).ShouldAllBe(code => code.StartsWith(ScopeWorld.Grid1, StringComparison.Ordinal));

        // The same tile for the next grid's worker: cut anew for that scope, never the first worker's copy.
        var second = await worker2.Client.GetAsync(path);
        second.Headers.GetValues("X-Tile-Cache").Single().ShouldBe("miss");
        var codes2 = await CodesAsync(second);
        codes2.ShouldNotBeEmpty();
        codes2.ShouldAllBe(code => code.StartsWith(ScopeWorld.Grid2, StringComparison.Ordinal));

        // Asked again, each gets its own from the cache.
        var again = await world.Client(world.Roles.Single(r => r.Role == "grid_worker")).GetAsync(path);
        again.Headers.GetValues("X-Tile-Cache").Single().ShouldBe("hit");
        (await CodesAsync(again)).ShouldAllBe(code => code.StartsWith(ScopeWorld.Grid1, StringComparison.Ordinal));

        // The 联户长 sees the households of their unit only; the township both grids.
        var leader = await CodesAsync(await Session("link_leader").Client.GetAsync(path));
        leader.ShouldAllBe(code => code.StartsWith(ScopeWorld.Grid1, StringComparison.Ordinal));
        var leaderUnit = await world.Database.ScalarAsync<long>(
            "SELECT count(*) FROM household WHERE code = ANY($1) AND link_unit_code <> $2", leader.ToArray(), ScopeWorld.LeaderUnit);
        leaderUnit.ShouldBe(0);
        var township = await CodesAsync(await Session("township_dispatcher").Client.GetAsync(path));
        township.ShouldContain(code => code.StartsWith(ScopeWorld.Grid1, StringComparison.Ordinal));
        township.ShouldContain(code => code.StartsWith(ScopeWorld.Grid2, StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<string>> CodesAsync(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.NoContent) return [];
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var tile = await MvtDecoder.DecodeAsync(await response.Content.ReadAsByteArrayAsync());
        return tile.Layers.TryGetValue("households", out var layer) ? layer.Features.Select(f => f.Text("code")!).ToList() : [];
    }

    /// <summary>A zoom-15 tile holding households of both the first and the second grid (around the closest pair of them).</summary>
    private async Task<(int Z, int X, int Y)> BorderTileAsync()
    {
        const int zoom = 15;
        var pair = await world.Database.ScalarAsync<double[]>("""
            SELECT ARRAY[ST_X(a.geom), ST_Y(a.geom), ST_X(b.geom), ST_Y(b.geom)]
            FROM household a, household b
            WHERE a.grid_code = $1 AND b.grid_code = $2
            ORDER BY a.geom <-> b.geom LIMIT 1
            """, ScopeWorld.Grid1, ScopeWorld.Grid2);
        var admin = Session("county_admin");
        foreach (var (x, y) in new[] { TileMath.TileOf(pair[0], pair[1], zoom), TileMath.TileOf(pair[2], pair[3], zoom) })
        {
            var codes = await CodesAsync(await admin.Client.GetAsync($"/tiles/households/{zoom}/{x}/{y}.mvt"));
            if (codes.Any(c => c.StartsWith(ScopeWorld.Grid1, StringComparison.Ordinal)) && codes.Any(c => c.StartsWith(ScopeWorld.Grid2, StringComparison.Ordinal)))
                return (zoom, x, y);
        }
        throw new InvalidOperationException("no zoom-15 tile holds households of both grids");
    }
}
