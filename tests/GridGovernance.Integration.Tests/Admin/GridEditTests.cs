using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Intake;
using GridGovernance.Integration.Tests.Tiles;
using GridGovernance.Web.Features.Admin;
using GridGovernance.Web.Features.GridEditing;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGovernance.Integration.Tests.Admin;

/// <summary>
/// Grid editing on PostGIS: split, merge, move a border, create and retire keep the village covered, re-assign households
/// and 十联户 units by position, flag placards, bump the tile revision and write an audit row; overlaps, shapes outside the
/// village and callers outside their role or territory are refused with nothing written. Each test edits its own village.
/// </summary>
public sealed class GridEditTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private GridEditService Grids => fixture.Service<GridEditService>();
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory() } };
    private static readonly WKTReader Wkt = new(new NetTopologySuite.NtsGeometryServices(new PrecisionModel(), 4326));

    private Task<Geometry> ShapeAsync(string sql, params object[] parameters) =>
        fixture.Database.ScalarAsync<string>(sql, parameters).ContinueWith(t => { var g = Wkt.Read(t.Result); g.SRID = 4326; return g; },
            TaskScheduler.Default);

    /// <summary>A west–east line through a point inside the grid, from outside it to outside it.</summary>
    private Task<Geometry> CuttingLineAsync(string grid) => ShapeAsync("""
        SELECT ST_AsText(ST_MakeLine(ST_MakePoint(ST_XMin(geom) - 0.01, ST_Y(ST_PointOnSurface(geom))),
                                     ST_MakePoint(ST_XMax(geom) + 0.01, ST_Y(ST_PointOnSurface(geom)))))
        FROM grid WHERE code = $1
        """, grid);

    private async Task<(string Grid, string Neighbour)> NeighboursAsync(string village) =>
        (await fixture.Database.ScalarAsync<string>("""
            SELECT a.code || ',' || b.code FROM grid a JOIN grid b ON b.village_code = a.village_code AND a.code < b.code
            WHERE a.village_code = $1 AND a.retired_at IS NULL AND b.retired_at IS NULL
              AND ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) > 0.0005
            ORDER BY a.code, b.code LIMIT 1
            """, village)).Split(',') switch { var p => (p[0], p[1]) };

    private Task<double> CoverageAsync(string village) => fixture.Database.ScalarAsync<double>("SELECT village_grid_coverage($1)", village);

    private Task<long> AuditCountAsync(string action) => fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action = $1", action);

    /// <summary>Every household and unit of the village sits in the grid that holds its position (the one rule).</summary>
    private async Task AllFollowTheirPositionAsync(string village)
    {
        (await fixture.CountAsync("""
            SELECT count(*) FROM household h CROSS JOIN LATERAL grid_at_point(ST_X(h.geom), ST_Y(h.geom)) p
            WHERE left(h.code, 12) = $1 AND p.grid_code <> h.grid_code AND left(p.grid_code, 12) = $1
            """, village)).ShouldBe(0);
        (await fixture.CountAsync("""
            SELECT count(*) FROM link_unit u CROSS JOIN LATERAL grid_at_point(ST_X(u.geom), ST_Y(u.geom)) p
            WHERE left(u.code, 12) = $1 AND p.grid_code <> u.grid_code AND left(p.grid_code, 12) = $1
            """, village)).ShouldBe(0);
    }

    [Fact]
    public async Task Splitting_a_grid_along_a_drawn_line_makes_two_grids_that_cover_the_village_and_moves_households_by_position()
    {
        const string village = "451027100002";
        var admin = await fixture.StaffAsync("admin");
        var grid = village + "001";
        var householdsBefore = await fixture.CountAsync("SELECT count(*) FROM household WHERE grid_code = $1", grid);
        var revision = await fixture.Database.ScalarAsync<long>("SELECT revision FROM territory_revision");

        var outcome = await Grids.EditAsync(admin, new GridEditRequest(GridEditAction.Split, grid, null, null, await CuttingLineAsync(grid), "北片网格"), default);

        outcome.Status.ShouldBe(AdminStatus.Ok, outcome.Message);
        var created = outcome.Grids[1];
        created.ShouldStartWith(village);
        (await fixture.Database.ScalarAsync<string>("SELECT name FROM grid WHERE code = $1", created)).ShouldBe("北片网格");
        (await CoverageAsync(village)).ShouldBeGreaterThanOrEqualTo(0.999);
        (await fixture.CountAsync("SELECT count(*) FROM grid WHERE code = ANY($1) AND placard_reprint", (object)outcome.Grids.ToArray())).ShouldBe(2);
        (await fixture.CountAsync("SELECT count(*) FROM grid_version WHERE grid_code = $1", grid)).ShouldBe(1);
        (await fixture.Database.ScalarAsync<long>("SELECT revision FROM territory_revision")).ShouldBeGreaterThan(revision);

        var moved = outcome.Moves.Count(m => m.Kind == "household");
        moved.ShouldBeGreaterThan(0);
        (await fixture.CountAsync("SELECT count(*) FROM household WHERE grid_code = ANY($1)", (object)outcome.Grids.ToArray())).ShouldBe(householdsBefore);
        (await fixture.CountAsync("SELECT count(*) FROM grid_reassignment WHERE village_code = $1 AND action = 'split'", village))
            .ShouldBe(outcome.Moves.Count);
        await AllFollowTheirPositionAsync(village);

        var (summary, after) = await AuditAsync("grid.split", grid);
        summary.ShouldContain("分割网格");
        after.GetProperty("grids").GetArrayLength().ShouldBe(2);
        after.GetProperty("householdsMoved").GetInt32().ShouldBe(moved);
        after.GetRawText().ShouldNotContain("head_name");
        // The page's view of the village lists the moves for review and both placards to reprint.
        var view = (await Grids.VillageAsync(admin, village, default))!;
        view.Grids.Where(g => g.PlacardReprint).Select(g => g.Code).ShouldBe(outcome.Grids, ignoreOrder: true);
        view.ToReview.Count.ShouldBe(outcome.Moves.Count);
    }

    [Fact]
    public async Task Merging_two_neighbours_retires_one_keeps_its_cases_grid_and_the_tiles_and_grid_at_point_forget_it()
    {
        const string village = "451027100003";
        var admin = await fixture.StaffAsync("admin");
        var (keep, gone) = await NeighboursAsync(village);
        var inside = await fixture.Database.ScalarAsync<string>("SELECT ST_X(ST_PointOnSurface(geom)) || ',' || ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", gone);
        var (lng, lat) = (double.Parse(inside.Split(',')[0], CultureInfo.InvariantCulture), double.Parse(inside.Split(',')[1], CultureInfo.InvariantCulture));
        var caseId = await ResidentReportAsync(gone);
        var tile = TilePath(lng, lat, 14);
        (await GridCodesInTileAsync(tile)).ShouldContain(gone);

        var outcome = await Grids.EditAsync(admin, new GridEditRequest(GridEditAction.Merge, keep, gone, null, null, null), default);

        outcome.Status.ShouldBe(AdminStatus.Ok, outcome.Message);
        (await fixture.Database.ScalarAsync<string>("SELECT successor_code FROM grid WHERE code = $1 AND retired_at IS NOT NULL", gone)).ShouldBe(keep);
        (await fixture.CountAsync("SELECT count(*) FROM household WHERE grid_code = $1", gone)).ShouldBe(0);
        (await fixture.CountAsync("SELECT count(*) FROM link_unit WHERE grid_code = $1", gone)).ShouldBe(0);
        (await CoverageAsync(village)).ShouldBeGreaterThanOrEqualTo(0.999);
        await AllFollowTheirPositionAsync(village);
        (await fixture.Database.ScalarAsync<string>("SELECT grid_code FROM grid_at_point($1, $2)", lng, lat)).ShouldBe(keep);
        // The case keeps the grid it was reported in, and that grid's shape at the time.
        (await fixture.Database.ScalarAsync<string>("SELECT grid_code FROM case_file WHERE id = $1", caseId)).ShouldBe(gone);
        (await fixture.Database.ScalarAsync<bool>(
            "SELECT ST_Equals(grid_geom_at(c.grid_code, c.created_at), g.geom) FROM case_file c JOIN grid g ON g.code = c.grid_code WHERE c.id = $1", caseId))
            .ShouldBeTrue();
        // The next tile is cut at the new revision: the retired grid is gone, the merged one drawn.
        var codes = await GridCodesInTileAsync(tile);
        codes.ShouldNotContain(gone);
        codes.ShouldContain(keep);
        (await AuditAsync("grid.merge", keep)).Summary.ShouldContain("合并网格");
    }

    [Fact]
    public async Task Moving_a_shared_border_gives_the_difference_to_the_neighbour_and_the_village_stays_covered()
    {
        const string village = "451027100004";
        var admin = await fixture.StaffAsync("admin");
        var (grid, neighbour) = await NeighboursAsync(village);
        var areaBefore = await fixture.Database.ScalarAsync<double>("SELECT ST_Area(geom) FROM grid WHERE code = $1", grid);
        var neighbourBefore = await fixture.Database.ScalarAsync<double>("SELECT ST_Area(geom) FROM grid WHERE code = $1", neighbour);
        // The grid's outline pushed ≈ 50 m outwards: it takes a strip of its neighbour (and nothing of the others).
        var outline = await ShapeAsync("SELECT ST_AsText(ST_Buffer(geom, 0.0005)) FROM grid WHERE code = $1", grid);

        var outcome = await Grids.EditAsync(admin, new GridEditRequest(GridEditAction.MoveBorder, grid, neighbour, null, outline, null), default);

        outcome.Status.ShouldBe(AdminStatus.Ok, outcome.Message);
        var areaAfter = await fixture.Database.ScalarAsync<double>("SELECT ST_Area(geom) FROM grid WHERE code = $1", grid);
        var neighbourAfter = await fixture.Database.ScalarAsync<double>("SELECT ST_Area(geom) FROM grid WHERE code = $1", neighbour);
        areaAfter.ShouldBeGreaterThan(areaBefore);
        (areaAfter + neighbourAfter).ShouldBe(areaBefore + neighbourBefore, 1e-6 * (areaBefore + neighbourBefore));
        (await CoverageAsync(village)).ShouldBeGreaterThanOrEqualTo(0.999);
        await AllFollowTheirPositionAsync(village);
        (await AuditCountAsync("grid.move_border")).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_grid_is_created_on_uncovered_ground_and_a_retired_grid_gives_its_ground_to_a_named_neighbour()
    {
        const string village = "451027100005";
        var admin = await fixture.StaffAsync("admin");
        var (grid, neighbour) = await NeighboursAsync(village);
        // Ground no grid covers (as after a village grew): a square cut out of a grid by hand.
        var hole = await ShapeAsync("""
            SELECT ST_AsText(ST_Buffer(ST_PointOnSurface(geom), 0.002, 'quad_segs=1')) FROM grid WHERE code = $1
            """, grid);
        await ExecuteAsync("UPDATE grid SET geom = ST_Multi(ST_Difference(geom, ST_GeomFromText($2, 4326))) WHERE code = $1",
            grid, hole.AsText());
        (await CoverageAsync(village)).ShouldBeLessThan(0.999);

        var drawn = hole.Buffer(0.0003); // drawn a little generously: only the uncovered part is taken
        var created = await Grids.EditAsync(admin, new GridEditRequest(GridEditAction.Create, null, null, village, drawn, "新建网格"), default);

        created.Status.ShouldBe(AdminStatus.Ok, created.Message);
        (await CoverageAsync(village)).ShouldBeGreaterThanOrEqualTo(0.999);
        await AllFollowTheirPositionAsync(village);
        (await AuditCountAsync("grid.create")).ShouldBeGreaterThan(0);

        var retired = await Grids.EditAsync(admin, new GridEditRequest(GridEditAction.Retire, grid, neighbour, null, null, null), default);
        retired.Status.ShouldBe(AdminStatus.Ok, retired.Message);
        (await fixture.Database.ScalarAsync<string>("SELECT successor_code FROM grid WHERE code = $1", grid)).ShouldBe(neighbour);
        (await fixture.CountAsync("SELECT count(*) FROM household WHERE grid_code = $1", grid)).ShouldBe(0);
        (await CoverageAsync(village)).ShouldBeGreaterThanOrEqualTo(0.999);
        await AllFollowTheirPositionAsync(village);
        (await AuditAsync("grid.retire", neighbour)).Summary.ShouldContain("撤销网格");
    }

    [Fact]
    public async Task Bad_shapes_are_refused_in_dotnet_with_chinese_reasons_and_nothing_is_written()
    {
        const string village = "451027100001"; // nothing is written: the demo accounts' village may serve
        var admin = await fixture.StaffAsync("admin");
        var grid = await fixture.Database.ScalarAsync<string>("SELECT min(code) FROM grid WHERE village_code = $1", village);
        var before = await StateAsync();

        // A line that stays inside the grid does not cut it.
        var stub = await ShapeAsync("SELECT ST_AsText(ST_MakeLine(ST_PointOnSurface(geom), ST_Translate(ST_PointOnSurface(geom), 0.00001, 0))) FROM grid WHERE code = $1", grid);
        var refused = await Grids.EditAsync(admin, new GridEditRequest(GridEditAction.Split, grid, null, null, stub, "甲"), default);
        refused.Status.ShouldBe(AdminStatus.Invalid);
        refused.Message.ShouldContain("分割线须从网格外开始");
        // A new grid drawn outside the village.
        var far = await ShapeAsync("SELECT ST_AsText(ST_Buffer(ST_MakePoint(100, 30), 0.01))");
        (await Grids.EditAsync(admin, new GridEditRequest(GridEditAction.Create, null, null, village, far, "外"), default)).Message
            .ShouldBe("所画的范围不在所选村（社区）内。");
        // Created on ground already covered: no room for a grid.
        var covered = await ShapeAsync("SELECT ST_AsText(ST_Buffer(ST_PointOnSurface(geom), 0.001)) FROM grid WHERE code = $1", grid);
        (await Grids.EditAsync(admin, new GridEditRequest(GridEditAction.Create, null, null, village, covered, "重叠"), default)).Message
            .ShouldContain("新网格只能建在未覆盖的区域");
        // Merging grids that are not neighbours; a split without a name.
        var far2 = await fixture.Database.ScalarAsync<string>("""
            SELECT b.code FROM grid a JOIN grid b ON b.village_code = a.village_code AND b.code <> a.code
            WHERE a.code = $1 AND NOT ST_Intersects(a.geom, b.geom) ORDER BY b.code LIMIT 1
            """, grid);
        if (far2 is not null)
            (await Grids.EditAsync(admin, new GridEditRequest(GridEditAction.Merge, grid, far2, null, null, null), default)).Message
                .ShouldBe("这两个网格没有公共边界，不能合并。");
        (await Grids.EditAsync(admin, new GridEditRequest(GridEditAction.Split, grid, null, null, await CuttingLineAsync(grid), " "), default)).Message
            .ShouldBe("请填写新网格的名称。");

        (await StateAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task The_database_refuses_an_overlap_a_grid_outside_its_village_and_a_village_left_uncovered()
    {
        // A village of two grids in another township (nothing is written).
        var village = await fixture.Database.ScalarAsync<string>(
            "SELECT village_code FROM grid WHERE left(code, 9) <> '451027100' GROUP BY village_code HAVING count(*) = 2 ORDER BY 1 LIMIT 1");
        var (grid, neighbour) = await NeighboursAsync(village);
        var overlap = await Should.ThrowAsync<Npgsql.PostgresException>(() => ExecuteAsync(
            "UPDATE grid SET geom = ST_Multi(ST_Union(geom, (SELECT ST_Buffer(ST_PointOnSurface(geom), 0.001) FROM grid WHERE code = $2))) WHERE code = $1",
            grid, neighbour));
        overlap.ConstraintName.ShouldBe("grid_no_overlap");
        overlap.MessageText.ShouldContain("重叠");

        var outside = await Should.ThrowAsync<Npgsql.PostgresException>(() => ExecuteAsync(
            "UPDATE grid SET geom = ST_Multi(ST_Union(geom, ST_Buffer(ST_Centroid(geom), 0.2))) WHERE code = $1", grid));
        outside.ConstraintName.ShouldBe("grid_inside_parent");

        var uncovered = await Should.ThrowAsync<Npgsql.PostgresException>(() => ExecuteAsync(
            "UPDATE grid SET geom = ST_Multi(ST_Difference(geom, ST_Buffer(ST_PointOnSurface(geom), 0.002))) WHERE code = $1", [grid],
            $"SELECT grid_edit_check_coverage('{village}', 1.0)"));
        uncovered.ConstraintName.ShouldBe("village_grid_coverage");
        (await CoverageAsync(village)).ShouldBeGreaterThanOrEqualTo(0.999);
    }

    [Fact]
    public async Task Only_the_county_admin_and_the_township_dispatcher_in_their_township_may_edit()
    {
        var grid = fixture.OtherTownshipGrid;
        var line = await CuttingLineAsync(grid);
        var before = await StateAsync();
        foreach (var username in new[] { "gridworker", "cadre", "dept-chengguan", "leader" })
            (await Grids.EditAsync(await fixture.StaffAsync(username), new GridEditRequest(GridEditAction.Split, grid, null, null, line, "甲"), default))
                .Status.ShouldBe(AdminStatus.Forbidden, username);
        var dispatcher = await fixture.StaffAsync("dispatcher");
        (await Grids.EditAsync(dispatcher, new GridEditRequest(GridEditAction.Split, grid, null, null, line, "甲"), default)).Status.ShouldBe(AdminStatus.NotFound);
        (await Grids.VillagesAsync(dispatcher, default)).ShouldAllBe(v => v.Code.StartsWith("451027100", StringComparison.Ordinal));
        (await Grids.VillageAsync(dispatcher, grid[..12], default)).ShouldBeNull();
        (await StateAsync()).ShouldBe(before);

        // The API answers the same refusals as problem details in Chinese.
        using var session = await StaffSession.Start(fixture.Demo.Factory).LoggedInAsync("dispatcher");
        var response = await PostEditAsync(session, new { action = "split", grid, name = "甲", geometry = JsonSerializer.SerializeToElement(line, GeoJson) });
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("不在您的管辖范围内");
        (await PostEditAsync(session, new { action = "explode", grid })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await session.Client.GetAsync($"/api/admin/grids?village={grid[..12]}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var own = await session.Client.GetAsync("/api/admin/grids?village=451027100001");
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await own.Content.ReadAsStringAsync()).ShouldContain("451027100001001");
        using var worker = await StaffSession.Start(fixture.Demo.Factory).LoggedInAsync("gridworker");
        (await PostEditAsync(worker, new { action = "split", grid })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await StateAsync()).ShouldBe(before);
    }

    /// <summary>Runs <paramref name="sql"/> (and then <paramref name="then"/>) in one transaction, committed only when all succeed.</summary>
    private async Task ExecuteAsync(string sql, object[] parameters, string? then = null)
    {
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new Npgsql.NpgsqlCommand(sql, connection, transaction))
        {
            foreach (var p in parameters) command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = p });
            await command.ExecuteNonQueryAsync();
        }
        if (then is not null)
        {
            await using var command = new Npgsql.NpgsqlCommand(then, connection, transaction);
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private Task ExecuteAsync(string sql, params object[] parameters) => ExecuteAsync(sql, parameters, null);

    private static async Task<HttpResponseMessage> PostEditAsync(StaffSession session, object body)
    {
        var tokens = await session.Client.GetFromJsonAsync<JsonElement>("/api/staff/antiforgery");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/grids/edits") { Content = JsonContent.Create(body) };
        request.Headers.Add(tokens.GetProperty("headerName").GetString()!, tokens.GetProperty("token").GetString());
        return await session.Client.SendAsync(request);
    }

    /// <summary>What an edit would change: grids, their shapes, households' grids, re-assignments, audit rows, the revision.</summary>
    private Task<string> StateAsync() => fixture.Database.ScalarAsync<string>("""
        SELECT (SELECT count(*) FROM grid) || '|' || (SELECT md5(string_agg(code || ST_AsText(geom) || coalesce(retired_at::text, ''), ',' ORDER BY code)) FROM grid)
            || '|' || (SELECT md5(string_agg(code || grid_code, ',' ORDER BY code)) FROM household)
            || '|' || (SELECT count(*) FROM grid_reassignment) || '|' || (SELECT count(*) FROM audit_log WHERE action LIKE 'grid.%')
            || '|' || (SELECT revision FROM territory_revision)
        """);

    private async Task<(string Summary, JsonElement After)> AuditAsync(string action, string subject)
    {
        var summary = await fixture.Database.ScalarAsync<string>(
            "SELECT summary FROM audit_log WHERE action = $1 AND subject_id = $2 ORDER BY id DESC LIMIT 1", action, subject);
        var after = await fixture.Database.ScalarAsync<string>(
            "SELECT after::text FROM audit_log WHERE action = $1 AND subject_id = $2 ORDER BY id DESC LIMIT 1", action, subject);
        summary.ShouldNotBeNull($"{action} 应写入操作日志");
        return (summary, JsonDocument.Parse(after).RootElement);
    }

    [Fact]
    public async Task A_grid_edit_is_a_live_territory_event_of_its_township_with_codes_and_the_revision_only()
    {
        const string village = "451027100201";
        var admin = await fixture.StaffAsync("admin");
        var (keep, gone) = await NeighboursAsync(village);
        var dispatcherCookie = await Live.LiveCookies.LoginAsync(fixture.Demo.Factory, "dispatcher");
        await using var dispatcher = await Live.LiveHubClient.ConnectAsync(fixture.Demo.Factory, dispatcherCookie);
        await dispatcher.InvokeAsync("JoinScope", "451027100");
        var lastBefore = await fixture.Database.ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM outbox_event");

        var outcome = await Grids.EditAsync(admin, new GridEditRequest(GridEditAction.Merge, keep, gone, null, null, null), default);
        outcome.Status.ShouldBe(AdminStatus.Ok, outcome.Message);
        var revision = await fixture.Database.ScalarAsync<long>("SELECT revision FROM territory_revision");

        // Written in the edit's transaction: one event, no case, scoped to the county, township, village and the grids touched.
        (await fixture.CountAsync("SELECT count(*) FROM outbox_event WHERE id > $1 AND type = 'territory.grids'", lastBefore)).ShouldBe(1);
        (await fixture.Database.ScalarAsync<string[]>("SELECT scope_codes FROM outbox_event WHERE id > $1 AND type = 'territory.grids'", lastBefore))
            .ShouldBe(["451027", "451027100", village, .. outcome.Grids]);
        (await fixture.CountAsync("SELECT count(*) FROM outbox_event WHERE id > $1 AND type = 'territory.grids' AND case_id IS NULL", lastBefore)).ShouldBe(1);

        // The township's dispatcher hears it live, with the codes and the revision the tiles are now keyed by, and nothing else.
        JsonElement? heard = null;
        for (var i = 0; i < 20 && heard is null; i++)
        {
            var next = await dispatcher.NextEventAsync(TimeSpan.FromSeconds(15));
            next.ShouldNotBeNull("调度员应实时收到网格调整事件");
            if (next.Value.GetProperty("type").GetString() == "territory.grids") heard = next;
        }
        var payload = heard!.Value.GetProperty("payload");
        heard.Value.GetProperty("caseId").ValueKind.ShouldBe(JsonValueKind.Null);
        payload.GetProperty("action").GetString().ShouldBe("merge");
        payload.GetProperty("retired").EnumerateArray().Select(g => g.GetString()).ShouldBe([gone]);
        payload.GetProperty("village").GetString().ShouldBe(village);
        payload.GetProperty("grids").EnumerateArray().Select(g => g.GetString()).ShouldBe(outcome.Grids);
        payload.GetProperty("revision").GetInt64().ShouldBe(revision);
        payload.EnumerateObject().Select(p => p.Name).ShouldBe(["action", "village", "grids", "retired", "revision"], ignoreOrder: true);

        // The catch-up API gives it to the township, not to a department (no unit is in its scope).
        using var township = await StaffSession.Start(fixture.Demo.Factory).LoggedInAsync("dispatcher");
        var page = JsonDocument.Parse(await township.Client.GetStringAsync($"/api/events?after={lastBefore}")).RootElement;
        page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ShouldContain("territory.grids");
        using var department = await StaffSession.Start(fixture.Demo.Factory).LoggedInAsync("dept-police");
        var unitPage = JsonDocument.Parse(await department.Client.GetStringAsync($"/api/events?after={lastBefore}")).RootElement;
        unitPage.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ShouldNotContain("territory.grids");

        // The dispatcher's 动态 line endpoint does not make a case line of it.
        var eventId = await fixture.Database.ScalarAsync<long>("SELECT id FROM outbox_event WHERE id > $1 AND type = 'territory.grids'", lastBefore);
        (await township.Client.GetAsync($"/dispatch/feed/{eventId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<long> ResidentReportAsync(string grid)
    {
        using var resident = fixture.Demo.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var form = await ResidentForm.OpenAsync(resident, grid);
        var response = await resident.PostAsync($"/g/{grid}", ResidentForm.Content(form, "网格调整前的案件：路灯不亮"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", form.IdempotencyKey);
    }

    private static string TilePath(double lng, double lat, int zoom)
    {
        var n = 1 << zoom;
        var x = (int)Math.Floor((lng + 180) / 360 * n);
        var latRad = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(latRad) + 1 / Math.Cos(latRad)) / Math.PI) / 2 * n);
        return string.Create(CultureInfo.InvariantCulture, $"/tiles/grids/{zoom}/{x}/{y}.mvt");
    }

    private async Task<List<string>> GridCodesInTileAsync(string path)
    {
        var bytes = await fixture.Demo.Client.GetByteArrayAsync(path);
        var tile = await MvtDecoder.DecodeAsync(bytes);
        return tile.Layers["grids"].Features.Select(f => f.Text("code")!).ToList();
    }
}
