using System.Globalization;
using GridGovernance.Web.Features.Admin;
using GridGovernance.Web.Features.Departments;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;

namespace GridGovernance.Integration.Tests.Admin;

/// <summary>
/// A unit's jurisdiction drawn or imported on /admin/departments (UnitJurisdictionService, JurisdictionShapes, migration
/// 0026) and the 派单预览 (UnitRouting's answer): saved, trimmed to the county, cleared back to 全县, each with its audit row
/// (areas, not coordinates); bad shapes and files refused in Chinese with nothing written; township units, other roles and
/// other counties refused; the database's own check.
/// </summary>
public sealed class UnitJurisdictionTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private const string Chengguan = "451027-chengguan";
    private const string Water = "451027-water";
    private const string Siceng = "451027100";

    private UnitJurisdictionService Areas => fixture.Service<UnitJurisdictionService>();

    private static readonly WKTReader Wkt = new();

    private static Geometry Shape(string wkt)
    {
        var geometry = Wkt.Read(wkt);
        geometry.SRID = 4326;
        return geometry;
    }

    private static Geometry Square(double lng, double lat, double half) => Shape(string.Create(CultureInfo.InvariantCulture,
        $"POLYGON(({lng - half} {lat - half}, {lng + half} {lat - half}, {lng + half} {lat + half}, {lng - half} {lat + half}, {lng - half} {lat - half}))"));

    /// <summary>A point inside the township (PostGIS's point on its surface).</summary>
    private async Task<(double Lng, double Lat)> PointIn(string township)
    {
        var text = await fixture.Database.ScalarAsync<string>(
            "SELECT ST_X(p)::text || ' ' || ST_Y(p)::text FROM (SELECT ST_PointOnSurface(geom) AS p FROM township WHERE code = $1) x", township);
        var parts = text.Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private Task<string> JurisdictionState(string unit) => fixture.Database.ScalarAsync<string>(
        "SELECT coalesce(round(ST_Area(jurisdiction::geography))::text, 'county') FROM department_unit WHERE code = $1", unit);

    private Task<long> AuditRows(string unit) =>
        fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'unit.jurisdiction' AND subject_id = $1", unit);

    [Fact]
    public async Task A_drawn_jurisdiction_is_saved_with_its_area_in_the_audit_and_the_preview_routes_by_it_until_cleared()
    {
        var admin = await fixture.StaffAsync("admin");
        var (lng, lat) = await PointIn(Siceng);
        var (farLng, farLat) = await PointIn(fixture.OtherTownship);

        // Before: the 城管 unit answers for the whole county.
        var before = await Areas.PreviewAsync(admin, "E0501", lng, lat, default);
        before.Problem.ShouldBeNull();
        before.Units.Single(u => u.UnitCode == Chengguan).MatchName.ShouldBe("全县");

        var saved = await Areas.SetAsync(admin, Chengguan, Square(lng, lat, 0.01), "draw", default);
        saved.Status.ShouldBe(AdminStatus.Ok, saved.Message);
        (await fixture.Database.ScalarAsync<bool>(
            "SELECT ST_Covers(jurisdiction, ST_SetSRID(ST_MakePoint($2, $3), 4326)) FROM department_unit WHERE code = $1", Chengguan, lng, lat)).ShouldBeTrue();
        var audit = await fixture.Database.ScalarAsync<string>(
            "SELECT summary || ' | ' || before::text || ' | ' || after::text FROM audit_log WHERE action = 'unit.jurisdiction' AND subject_id = $1 AND actor_id = $2 ORDER BY id DESC LIMIT 1",
            Chengguan, admin.Id);
        audit.ShouldContain("管辖区域改为所画的范围");
        audit.ShouldContain("\"jurisdiction\": \"全县\"");
        audit.ShouldContain("areaM2");
        audit.ShouldNotContain("coordinates");
        var area = await fixture.Database.ScalarAsync<double>("SELECT (after->'jurisdiction'->>'areaM2')::float8 FROM audit_log WHERE action = 'unit.jurisdiction' AND subject_id = $1 ORDER BY id DESC LIMIT 1", Chengguan);
        area.ShouldBe(await fixture.Database.ScalarAsync<double>("SELECT round(ST_Area(jurisdiction::geography)) FROM department_unit WHERE code = $1", Chengguan));
        (await Areas.AreaAsync(admin, Chengguan, default))!.GeoJson.ShouldNotBeNull().ShouldContain("MultiPolygon");

        // The preview is UnitRouting's answer: inside the area 辖区内, elsewhere in the county the nearest area (no county-wide unit left).
        var inside = await Areas.PreviewAsync(admin, "E0501", lng, lat, default);
        var routed = await UnitRouting.RouteAsync(fixture.Database.DataSource, "E0501", lng, lat, "451027");
        inside.Units.Select(u => u.UnitCode).ShouldBe(routed.Units.Select(u => u.UnitCode));
        inside.Units.Select(u => u.Rank).ShouldBe(routed.Units.Select(u => u.Rank));
        inside.Units.Single(u => u.UnitCode == Chengguan).MatchName.ShouldBe("辖区内");
        inside.Units[0].PartyName.ShouldBe("属地");
        inside.Order.ShouldBe("先属地后属主");
        (await Areas.PreviewAsync(admin, "E0501", farLng, farLat, default)).Units.Single(u => u.UnitCode == Chengguan).MatchName.ShouldBe("最近辖区");

        // Cleared back to 全县, with its own audit row; clearing again is refused.
        var cleared = await Areas.ClearAsync(admin, Chengguan, default);
        cleared.Status.ShouldBe(AdminStatus.Ok, cleared.Message);
        (await JurisdictionState(Chengguan)).ShouldBe("county");
        (await fixture.Database.ScalarAsync<string>(
            "SELECT summary || ' ' || (after->>'jurisdiction') FROM audit_log WHERE action = 'unit.jurisdiction' AND subject_id = $1 ORDER BY id DESC LIMIT 1", Chengguan))
            .ShouldBe($"{await fixture.Database.ScalarAsync<string>("SELECT name FROM department_unit WHERE code = $1", Chengguan)}的管辖区域恢复为全县 全县");
        (await Areas.ClearAsync(admin, Chengguan, default)).Errors["area"].ShouldContain("已是全县");
        (await Areas.PreviewAsync(admin, "E0501", farLng, farLat, default)).Units.Single(u => u.UnitCode == Chengguan).MatchName.ShouldBe("全县");
    }

    [Fact]
    public async Task A_shape_over_the_county_border_is_trimmed_to_the_county()
    {
        var admin = await fixture.StaffAsync("admin");
        // A square around a corner of the county's box: part of it lies outside the county.
        var corner = await fixture.Database.ScalarAsync<string>(
            "SELECT ST_X(p)::text || ' ' || ST_Y(p)::text FROM (SELECT ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1) AS p FROM county WHERE code = '451027') x");
        var parts = corner.Split(' ').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var outcome = await Areas.SetAsync(admin, Water, Square(parts[0], parts[1], 0.02), "import", default);
        outcome.Status.ShouldBe(AdminStatus.Ok, outcome.Message);
        outcome.Message!.ShouldContain("超出县界的部分");
        outcome.Message!.ShouldContain("导入的范围");
        (await fixture.Database.ScalarAsync<bool>(
            "SELECT ST_Area(ST_Difference(u.jurisdiction, c.geom)) <= 0.001 * ST_Area(u.jurisdiction) FROM department_unit u JOIN county c ON c.code = u.county_code WHERE u.code = $1",
            Water)).ShouldBeTrue();
    }

    [Fact]
    public async Task Bad_shapes_are_refused_in_chinese_and_nothing_is_written()
    {
        var admin = await fixture.StaffAsync("admin");
        var (lng, lat) = await PointIn(Siceng);
        var state = await JurisdictionState(Chengguan);
        var audits = await AuditRows(Chengguan);

        var bowtie = await Areas.SetAsync(admin, Chengguan, Shape(string.Create(CultureInfo.InvariantCulture,
            $"POLYGON(({lng - 0.01} {lat - 0.01}, {lng + 0.01} {lat + 0.01}, {lng + 0.01} {lat - 0.01}, {lng - 0.01} {lat + 0.01}, {lng - 0.01} {lat - 0.01}))")), "draw", default);
        bowtie.Status.ShouldBe(AdminStatus.Invalid);
        bowtie.Errors["area"].ShouldStartWith("图形无效：边线自相交");
        (await Areas.SetAsync(admin, Chengguan, Square(10, 10, 0.01), "draw", default)).Errors["area"].ShouldBe("所画的范围不在本县内。");
        (await Areas.SetAsync(admin, Chengguan, Shape(string.Create(CultureInfo.InvariantCulture, $"LINESTRING({lng} {lat}, {lng + 0.01} {lat})")), "draw", default))
            .Errors["area"].ShouldBe("管辖区域须是面（多边形），不能是线或点。");
        (await Areas.SetAsync(admin, Chengguan, null, "draw", default)).Errors["area"].ShouldContain("请先在地图上画出管辖区域");

        // Township units follow their township; other roles and other counties are refused.
        (await Areas.SetAsync(admin, "451027100-police", Square(lng, lat, 0.01), "draw", default)).Errors["area"].ShouldContain("的管辖区域随");
        var dispatcher = await fixture.StaffAsync("dispatcher");
        (await Areas.SetAsync(dispatcher, Chengguan, Square(lng, lat, 0.01), "draw", default)).Status.ShouldBe(AdminStatus.Forbidden);
        (await Areas.PreviewAsync(dispatcher, "E0501", lng, lat, default)).Problem.ShouldBe(UnitAdminService.NotCountyAdmin);
        (await Areas.AreaAsync(dispatcher, Chengguan, default)).ShouldBeNull();
        (await Areas.SetAsync(admin, "450000-chengguan", Square(lng, lat, 0.01), "draw", default)).Status.ShouldBe(AdminStatus.NotFound);

        (await JurisdictionState(Chengguan)).ShouldBe(state);
        (await AuditRows(Chengguan)).ShouldBe(audits);

        // The database refuses a jurisdiction outside the county whoever writes it.
        var e = await Should.ThrowAsync<PostgresException>(() => fixture.Database.ScalarAsync<int>("""
            WITH u AS (UPDATE department_unit SET jurisdiction = ST_Multi(ST_MakeEnvelope(10, 10, 10.1, 10.1, 4326)) WHERE code = $1 RETURNING 1)
            SELECT count(*)::int FROM u
            """, Chengguan));
        e.ConstraintName.ShouldBe("department_unit_jurisdiction_in_county");
    }

    [Fact]
    public void GeoJson_files_are_read_as_polygons_in_wgs84_or_refused_in_chinese()
    {
        var feature = """{"type":"Feature","properties":{"name":"景区"},"geometry":{"type":"Polygon","coordinates":[[[106.5,24.3],[106.6,24.3],[106.6,24.4],[106.5,24.3]]]}}""";
        var (shape, problem) = JurisdictionShapes.ReadGeoJson(feature);
        problem.ShouldBeNull();
        shape.ShouldBeOfType<MultiPolygon>().NumGeometries.ShouldBe(1);
        shape!.SRID.ShouldBe(4326);

        // Two neighbouring features are one jurisdiction: joined, the shared border gone.
        var two = """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[
              {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[106.5,24.3],[106.6,24.3],[106.6,24.4],[106.5,24.4],[106.5,24.3]]]}},
              {"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[106.6,24.3],[106.7,24.3],[106.7,24.4],[106.6,24.4],[106.6,24.3]]]]}}]}
            """;
        var (joined, joinProblem) = JurisdictionShapes.ReadGeoJson(two);
        joinProblem.ShouldBeNull();
        joined.ShouldBeOfType<Polygon>().IsValid.ShouldBeTrue();
        joined!.Area.ShouldBe(0.02, 1e-9);

        JurisdictionShapes.ReadGeoJson("{not json").Problem.ShouldBe("文件不是有效的 GeoJSON（JSON 格式错误）。");
        JurisdictionShapes.ReadGeoJson("""{"type":"LineString","coordinates":[[106.5,24.3],[106.6,24.3]]}""").Problem
            .ShouldBe("只能导入面（Polygon 或 MultiPolygon），文件中有 LineString。");
        JurisdictionShapes.ReadGeoJson("""{"type":"Polygon","coordinates":[[[500000,2690000],[510000,2690000],[510000,2700000],[500000,2690000]]]}""").Problem
            .ShouldStartWith("坐标超出经纬度范围");
        JurisdictionShapes.ReadGeoJson("""{"type":"Polygon","crs":{"type":"name","properties":{"name":"EPSG:3857"}},"coordinates":[[[106.5,24.3],[106.6,24.3],[106.6,24.4],[106.5,24.3]]]}""")
            .Problem.ShouldBe("坐标系须为 WGS-84 经纬度（EPSG:4326），文件声明的是 EPSG:3857。");
        JurisdictionShapes.ReadGeoJson("""{"type":"FeatureCollection","features":[]}""").Problem.ShouldBe("文件中没有图形。");
    }

    [Fact]
    public async Task An_imported_file_is_saved_like_a_drawn_shape()
    {
        var admin = await fixture.StaffAsync("admin");
        var (lng, lat) = await PointIn(Siceng);
        var text = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[{{{lng - 0.005}}},{{{lat - 0.005}}}],[{{{lng + 0.005}}},{{{lat - 0.005}}}],[{{{lng + 0.005}}},{{{lat + 0.005}}}],[{{{lng - 0.005}}},{{{lat + 0.005}}}],[{{{lng - 0.005}}},{{{lat - 0.005}}}]]]}}""");
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        var (shape, problem) = await UnitJurisdictionService.ReadFileAsync(stream, stream.Length, default);
        problem.ShouldBeNull();
        var outcome = await Areas.SetAsync(admin, "451027-zhujian", shape, "import", default);
        outcome.Status.ShouldBe(AdminStatus.Ok, outcome.Message);
        (await JurisdictionState("451027-zhujian")).ShouldNotBe("county");
        (await fixture.Database.ScalarAsync<string>(
            "SELECT after->>'source' FROM audit_log WHERE action = 'unit.jurisdiction' AND subject_id = '451027-zhujian' ORDER BY id DESC LIMIT 1")).ShouldBe("import");

        // The preview names what it cannot answer.
        (await Areas.PreviewAsync(admin, "E9999", lng, lat, default)).Problem.ShouldBe("没有编码为 E9999 的小类（或该小类已停用）。");
        (await Areas.PreviewAsync(admin, "E0501", 10, 10, default)).Problem.ShouldBe("该位置不在本县范围内，请在县界内选点。");
        (await Areas.PreviewAsync(admin, null, lng, lat, default)).Problem.ShouldBe("请先选择小类。");
    }
}
