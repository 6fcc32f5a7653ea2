using System.Globalization;
using System.Net;
using System.Text.Json;
using GridGovernance.Domain.Geo;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Locate;

public sealed class LocateTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    [Fact]
    public async Task A_point_inside_each_of_the_110_villages_is_located_in_that_village_and_one_of_its_grids()
    {
        var villages = await Rows("""
            SELECT code, ST_X(p), ST_Y(p) FROM (SELECT code, ST_PointOnSurface(geom) AS p FROM village) v ORDER BY code
            """);
        villages.Count.ShouldBe(110);

        foreach (var (code, lng, lat) in villages)
        {
            var body = await LocateOk(lng, lat);
            body.GetProperty("village").GetProperty("code").GetString().ShouldBe(code);
            body.GetProperty("grid").GetProperty("code").GetString()!.ShouldStartWith(code);
            body.GetProperty("township").GetProperty("code").GetString().ShouldBe(code[..9]);
        }
    }

    [Fact]
    public async Task The_answer_names_the_grids_staff_with_masked_phones_and_the_nearest_link_unit_with_its_leader()
    {
        var (grid, lng, lat) = (await Rows("SELECT code, ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM grid ORDER BY code LIMIT 1"))[0];

        var body = await LocateOk(lng, lat);

        body.GetProperty("grid").GetProperty("code").GetString().ShouldBe(grid);
        body.GetProperty("insideGrid").GetBoolean().ShouldBeTrue();
        body.GetProperty("gridHead").GetProperty("phone").GetString()!.ShouldMatch(@"^1\d{2}\*{4}\d{4}$");
        var workers = body.GetProperty("gridWorkers");
        workers.GetArrayLength().ShouldBeGreaterThan(0);
        workers[0].GetProperty("phone").GetString()!.ShouldMatch(@"^1\d{2}\*{4}\d{4}$");
        var unit = body.GetProperty("linkUnit");
        unit.GetProperty("code").GetString()!.ShouldStartWith(grid);
        unit.GetProperty("leader").GetProperty("name").GetString().ShouldNotBeNullOrWhiteSpace();
        unit.GetProperty("leader").GetProperty("phone").GetString()!.ShouldMatch(@"^1\d{2}\*{4}\d{4}$");

        var nearest = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM link_unit WHERE grid_code = $1 ORDER BY geom <-> ST_SetSRID(ST_MakePoint($2, $3), 4326) LIMIT 1", grid, lng, lat);
        unit.GetProperty("code").GetString().ShouldBe(nearest);
    }

    [Fact]
    public async Task A_point_on_the_border_shared_by_two_grids_goes_to_the_lower_code_every_time()
    {
        var (pair, lng, lat) = (await Rows("""
            SELECT a.code || ',' || b.code, ST_X(p), ST_Y(p)
            FROM grid a JOIN grid b ON a.code < b.code AND ST_Touches(a.geom, b.geom),
                 LATERAL (SELECT ST_LineInterpolatePoint(ST_GeometryN(ST_LineMerge(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 2)), 1), 0.5) AS p) x
            WHERE GeometryType(ST_LineMerge(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 2))) IN ('LINESTRING', 'MULTILINESTRING')
              AND (SELECT count(*) FROM grid c WHERE ST_Intersects(c.geom, p)) = 2
            ORDER BY a.code LIMIT 1
            """))[0];
        var lower = pair.Split(',')[0];

        for (var i = 0; i < 3; i++)
        {
            var body = await LocateOk(lng, lat);
            body.GetProperty("grid").GetProperty("code").GetString().ShouldBe(lower);
        }
    }

    [Fact]
    public async Task Gcj02_input_from_AMap_or_WeChat_is_converted_before_locating()
    {
        var (grid, lng, lat) = (await Rows("SELECT code, ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM grid ORDER BY code DESC LIMIT 1"))[0];
        var gcj = ChinaCoordinates.Wgs84ToGcj02(new LngLat(lng, lat));

        var body = await LocateOk(gcj.Lng, gcj.Lat, "&crs=gcj02");

        body.GetProperty("grid").GetProperty("code").GetString().ShouldBe(grid);
        var point = body.GetProperty("point");
        ChinaCoordinates.DistanceMetres(new LngLat(point.GetProperty("lng").GetDouble(), point.GetProperty("lat").GetDouble()), new LngLat(lng, lat))
            .ShouldBeLessThan(1.0);
        body.GetProperty("input").GetProperty("crs").GetString().ShouldBe("gcj02");
    }

    [Fact]
    public async Task A_point_outside_the_county_is_a_404_problem_saying_so()
    {
        var response = await fixture.Client.GetAsync("/api/locate?lng=108.0&lat=30.0");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("detail").GetString()!.ShouldContain("不在本系统管辖的县域范围内");
    }

    [Theory]
    [InlineData("lat=24.3", "lng", "缺少参数")]
    [InlineData("lng=106.5", "lat", "缺少参数")]
    [InlineData("lng=abc&lat=24.3", "lng", "不是数字")]
    [InlineData("lng=106.5&lat=NaN", "lat", "有限")]
    [InlineData("lng=Infinity&lat=24.3", "lng", "有限")]
    [InlineData("lng=200&lat=24.3", "lng", "之间")]
    [InlineData("lng=106.5&lat=-91", "lat", "之间")]
    [InlineData("lng=106.5&lat=24.3&crs=bd09", "crs", "不受支持")]
    public async Task Bad_coordinates_are_a_400_problem_naming_the_parameter(string query, string parameter, string detail)
    {
        var response = await fixture.Client.GetAsync("/api/locate?" + query);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("parameter").GetString().ShouldBe(parameter);
        problem.GetProperty("detail").GetString()!.ShouldContain(detail);
        problem.GetProperty("title").GetString().ShouldBe("请求参数有误");
    }

    private async Task<JsonElement> LocateOk(double lng, double lat, string extra = "")
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"/api/locate?lng={lng:R}&lat={lat:R}{extra}");
        var response = await fixture.Client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<List<(string Code, double Lng, double Lat)>> Rows(string sql)
    {
        var rows = new List<(string, double, double)>();
        await using var command = fixture.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2)));
        return rows;
    }
}
