using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Features.GridEditing;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGovernance.Integration.Tests.Tiles;

/// <summary>
/// GET /api/territory/revision (public): the one number the public map and the field map poll to follow grid edits. It answers
/// anyone with the territory revision and nothing else, revalidates by entity tag, and moves on with a grid edit at once; the
/// field map data names the revision it was read at (X-Territory-Revision), at least the one it was asked at.
/// </summary>
public sealed class TerritoryRevisionEndpointTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    private const string Grid = "451027100001001"; // the demo grid worker's grid

    private Task<long> RevisionAsync() => fixture.Database.ScalarAsync<long>("SELECT revision FROM territory_revision");

    [Fact]
    public async Task Anyone_gets_the_revision_alone_revalidated_by_entity_tag_and_a_grid_edit_moves_it_on_for_the_maps()
    {
        using var anonymous = fixture.Factory.CreateClient();
        var before = await RevisionAsync();

        using var first = await anonymous.GetAsync("/api/territory/revision");
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        first.Headers.CacheControl!.NoCache.ShouldBeTrue();
        var etag = first.Headers.ETag.ShouldNotBeNull();
        var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        // One number: no codes, no names, no case.
        body.EnumerateObject().Select(p => p.Name).ToArray().ShouldBe(new[] { "revision" });
        body.GetProperty("revision").GetInt64().ShouldBe(before);

        // Unchanged: a bodiless 304.
        using (var again = new HttpRequestMessage(HttpMethod.Get, "/api/territory/revision"))
        {
            again.Headers.IfNoneMatch.Add(etag);
            using var notModified = await anonymous.SendAsync(again);
            notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
            (await notModified.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        }

        // The grid worker's map data is at this revision.
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        using (var map = await worker.Client.GetAsync("/api/staff/field/map"))
        {
            map.StatusCode.ShouldBe(HttpStatusCode.OK);
            map.Headers.GetValues("X-Territory-Revision").Single().ShouldBe(before.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var outlineBefore = await OutlineAreaAsync(worker);

        // An administrator splits the worker's grid (the app's own service, as /admin/grids does).
        var admin = await TestStaff.OfAsync(fixture.Database, "admin");
        var line = await CuttingLineAsync(Grid);
        var outcome = await fixture.Factory.Services.GetRequiredService<GridEditService>()
            .EditAsync(admin, new GridEditRequest(GridEditAction.Split, Grid, null, null, line, "接口测试分割"), default);
        outcome.Ok.ShouldBeTrue(outcome.Message);
        var after = await RevisionAsync();
        after.ShouldBeGreaterThan(before);

        // The old entity tag no longer matches: the new revision, at once (this instance made the edit).
        using (var changed = new HttpRequestMessage(HttpMethod.Get, "/api/territory/revision"))
        {
            changed.Headers.IfNoneMatch.Add(etag);
            using var response = await anonymous.SendAsync(changed);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Headers.ETag.ShouldNotBe(etag);
            JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("revision").GetInt64().ShouldBe(after);
        }

        // The field map asked at the new revision (as field-map.js does after hearing it) names it and has the smaller grid.
        using (var map = await worker.Client.GetAsync($"/api/staff/field/map?v={after}"))
        {
            map.StatusCode.ShouldBe(HttpStatusCode.OK);
            long.Parse(map.Headers.GetValues("X-Territory-Revision").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(after);
        }
        var outlineAfter = await OutlineAreaAsync(worker);
        outlineAfter.ShouldBeLessThan(outlineBefore * 0.95);
        outlineAfter.ShouldBe(await fixture.Database.ScalarAsync<double>("SELECT ST_Area(geom) FROM grid WHERE code = $1", Grid), outlineAfter * 1e-3);
    }

    /// <summary>A west–east line through a point inside the grid, from outside it to outside it.</summary>
    private async Task<Geometry> CuttingLineAsync(string grid)
    {
        var wkt = await fixture.Database.ScalarAsync<string>("""
            SELECT ST_AsText(ST_MakeLine(ST_MakePoint(ST_XMin(geom) - 0.01, ST_Y(ST_PointOnSurface(geom))),
                                         ST_MakePoint(ST_XMax(geom) + 0.01, ST_Y(ST_PointOnSurface(geom)))))
            FROM grid WHERE code = $1
            """, grid);
        var line = new WKTReader(new NetTopologySuite.NtsGeometryServices(new PrecisionModel(), 4326)).Read(wkt);
        line.SRID = 4326;
        return line;
    }

    /// <summary>The area (square degrees, as PostGIS measures a geometry) of the grid outline in the worker's map data.</summary>
    private async Task<double> OutlineAreaAsync(StaffSession worker)
    {
        var json = await worker.Client.GetStringAsync("/api/staff/field/map");
        var grid = JsonDocument.Parse(json).RootElement.GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("properties").GetProperty("layer").GetString() == "grid");
        return await fixture.Database.ScalarAsync<double>("SELECT ST_Area(ST_GeomFromGeoJSON($1))", grid.GetProperty("geometry").GetRawText());
    }
}
