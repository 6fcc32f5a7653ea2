using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Field;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Locate;

/// <summary>
/// The demo county's grids meet exactly, so this fixture makes a sliver: a small disc on the border of the demo grid worker's
/// grid and a neighbour is cut out of both grids. Its points lie inside the county and inside no grid.
/// </summary>
public sealed class SliverFixture : IntakeFixture, IAsyncLifetime
{
    /// <summary>A point in the sliver, nearer to one of the two grids than to the other.</summary>
    public (double Lng, double Lat) Sliver { get; private set; }

    /// <summary>The grid nearest to <see cref="Sliver"/>, by plain distance (no index, no shared function).</summary>
    public string NearestGrid { get; private set; } = "";

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        const string grid = "451027100001001";
        // A point on the shared border, a disc of ≈ 40 m around it, and a point between the centre and the grid's inside.
        var centre = await Database.ScalarAsync<string>("""
            SELECT ST_AsText(ST_LineInterpolatePoint(ST_GeometryN(ST_LineMerge(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 2)), 1), 0.5))
            FROM grid a JOIN grid b ON b.code <> a.code AND ST_Touches(a.geom, b.geom)
            WHERE a.code = $1 AND GeometryType(ST_LineMerge(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 2))) IN ('LINESTRING', 'MULTILINESTRING')
            ORDER BY ST_Length(ST_Intersection(a.geom, b.geom)) DESC, b.code LIMIT 1
            """, grid);
        await Database.ScalarAsync<int>("""
            WITH disc AS (SELECT ST_Buffer(ST_GeomFromText($1, 4326), 0.0004) AS geom)
            UPDATE grid g SET geom = ST_Multi(ST_Difference(g.geom, disc.geom)) FROM disc WHERE ST_Intersects(g.geom, disc.geom)
            RETURNING 1
            """, centre);
        var sliver = await Database.ScalarAsync<string>("""
            SELECT ST_AsText(ST_LineInterpolatePoint(ST_MakeLine(ST_GeomFromText($1, 4326), ST_PointOnSurface(g.geom)),
                                                     0.0001 / ST_Distance(ST_GeomFromText($1, 4326), ST_PointOnSurface(g.geom))))
            FROM grid g WHERE g.code = $2
            """, centre, grid);
        var point = sliver["POINT(".Length..^1].Split(' ');
        Sliver = (double.Parse(point[0], CultureInfo.InvariantCulture), double.Parse(point[1], CultureInfo.InvariantCulture));
        (await Database.ScalarAsync<long>("SELECT count(*) FROM grid WHERE ST_Intersects(geom, ST_GeomFromText($1, 4326))", sliver))
            .ShouldBe(0, "夹具的点应在所有网格之外");
        (await Database.ScalarAsync<long>("SELECT count(*) FROM county WHERE ST_Intersects(geom, ST_GeomFromText($1, 4326))", sliver))
            .ShouldBe(1, "夹具的点应在县域之内");
        NearestGrid = await Database.ScalarAsync<string>(
            "SELECT code FROM grid ORDER BY ST_Distance(geom, ST_GeomFromText($1, 4326)), code LIMIT 1", sliver);
    }
}

public sealed class PointToGridTests(SliverFixture fixture) : IClassFixture<SliverFixture>
{
    private static readonly (double Lng, double Lat) OutsideTheCounty = (108.0, 30.0);

    [Fact]
    public async Task A_point_in_a_sliver_between_grids_goes_to_the_same_nearest_grid_through_locate_the_resident_api_and_the_field_report_and_is_flagged()
    {
        var located = await LocateAsync(fixture.Sliver);
        located.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await located.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("grid").GetProperty("code").GetString().ShouldBe(fixture.NearestGrid);
        body.GetProperty("insideGrid").GetBoolean().ShouldBeFalse();

        using var resident = fixture.NewClient();
        var reported = await resident.SendAsync(ApiReport(fixture.Sliver));
        reported.StatusCode.ShouldBe(HttpStatusCode.Created);
        var number = (await reported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
        (await fixture.Database.ScalarAsync<string>(
                "SELECT grid_code || '|' || grid_by_nearest || '|' || position_outside_grid FROM case_file WHERE number = $1", number!))
            .ShouldBe($"{fixture.NearestGrid}|true|true");

        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var response = await worker.Client.PostAsync("/field/report", FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), fixture.Sliver));
        var caseId = FieldForms.CaseIdFrom(response);
        (await fixture.Database.ScalarAsync<string>(
                "SELECT grid_code || '|' || grid_by_nearest || '|' || position_outside_grid FROM case_file WHERE id = $1", caseId))
            .ShouldBe($"{fixture.NearestGrid}|true|true");

        // The case page says why the position lies outside its grid.
        var casePage = await worker.Client.GetStringAsync($"/field/cases/{caseId}");
        casePage.ShouldContain("data-grid-by-nearest");
        casePage.ShouldContain("已按属地兜底归入最近的网格");
    }

    [Fact]
    public async Task A_point_inside_a_grid_is_not_flagged_by_any_of_the_three()
    {
        (await (await LocateAsync(fixture.Inside)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("insideGrid").GetBoolean().ShouldBeTrue();

        using var resident = fixture.NewClient();
        var reported = await resident.SendAsync(ApiReport(fixture.Inside));
        reported.StatusCode.ShouldBe(HttpStatusCode.Created);
        var number = (await reported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
        (await fixture.Database.ScalarAsync<string>("SELECT grid_code || '|' || grid_by_nearest FROM case_file WHERE number = $1", number!))
            .ShouldBe($"{fixture.GridCode}|false");
    }

    [Fact]
    public async Task A_point_outside_the_county_is_refused_by_locate_the_resident_api_and_the_field_report()
    {
        var before = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file");

        (await LocateAsync(OutsideTheCounty)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var resident = fixture.NewClient();
        var reported = await resident.SendAsync(ApiReport(OutsideTheCounty));
        reported.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await reported.Content.ReadAsStringAsync()).ShouldContain("不在本系统管辖的县域范围内");

        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var response = await worker.Client.PostAsync("/field/report", FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), OutsideTheCounty));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("不在本系统管辖的县域范围内");

        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file")).ShouldBe(before);
    }

    [Fact]
    public async Task Locate_keeps_its_one_statement_plan_with_the_shared_function_inlined_over_the_grid_index()
    {
        await using var command = fixture.Database.DataSource.CreateCommand("EXPLAIN (FORMAT TEXT) " + GridGovernance.Web.Features.Locate.LocateQuery.Sql);
        command.Parameters.Add(new Npgsql.NpgsqlParameter<double> { TypedValue = fixture.Inside.Lng });
        command.Parameters.Add(new Npgsql.NpgsqlParameter<double> { TypedValue = fixture.Inside.Lat });
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        var text = string.Join("\n", plan);

        // Inlined: no opaque call of grid_at_point, and the containing grid comes from the GiST index on grid.geom.
        text.ShouldNotContain("Function Scan", customMessage: text);
        text.ShouldContain("grid_geom_idx", customMessage: text);
    }

    private async Task<HttpResponseMessage> LocateAsync((double Lng, double Lat) point)
    {
        using var client = fixture.NewClient();
        return await client.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/locate?lng={point.Lng:R}&lat={point.Lat:R}"));
    }

    private static HttpRequestMessage ApiReport((double Lng, double Lat) point)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new
            {
                requestType = "help", category = "E0801", description = "路边有老人摔倒，需要帮忙", longitude = point.Lng, latitude = point.Lat,
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        return request;
    }
}
