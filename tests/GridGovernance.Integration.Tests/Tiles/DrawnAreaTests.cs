using System.Globalization;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Components.Leaflet;
using GridGovernance.Web.Features.Map;

namespace GridGovernance.Integration.Tests.Tiles;

/// <summary>A shape drawn on the interactive map (圈选区域) as C# receives it (NetTopologySuite geometry): measured, or refused in Chinese.</summary>
public sealed class DrawnAreaTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    private static DrawnShape Feature(string geometry) => DrawnShape.Read("1", $$"""{"type":"Feature","properties":{},"geometry":{{geometry}}}""");

    [Fact]
    public async Task A_drawn_polygon_around_a_grid_gets_its_area_and_that_grid_wholly_inside()
    {
        var code = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid ORDER BY code OFFSET 3 LIMIT 1");
        var box = await fixture.Database.ScalarAsync<string>("SELECT ST_AsGeoJSON(ST_Expand(ST_Envelope(geom), 0.0001), 7) FROM grid WHERE code = $1", code);
        var km2 = await fixture.Database.ScalarAsync<double>("SELECT ST_Area(ST_GeomFromGeoJSON($1)::geography) / 1e6", box);

        var facts = await DrawnArea.MeasureAsync(fixture.DataSource, Feature(box), CancellationToken.None);

        facts.Problem.ShouldBeNull();
        facts.AreaKm2.ShouldBe(km2, 1e-9);
        facts.Grids.ShouldContain(g => g.Code == code && g.SharePercent == 100);
        facts.Grids.Select(g => g.Code).ShouldBe(facts.Grids.Select(g => g.Code).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"type":"Polygon","coordinates":[[[106.5,24.3],[106.6,24.4],[106.6,24.3],[106.5,24.4],[106.5,24.3]]]}""", "交叉")]
    [InlineData("""{"type":"LineString","coordinates":[[106.5,24.3],[106.6,24.4]]}""", "多边形")]
    [InlineData("""{"type":"Polygon","coordinates":"x"}""", "无法识别")]
    public async Task A_shape_that_is_not_a_simple_polygon_is_refused_with_a_Chinese_reason(string geometry, string reason)
    {
        var facts = await DrawnArea.MeasureAsync(fixture.DataSource, Feature(geometry), CancellationToken.None);

        facts.Problem.ShouldNotBeNull();
        facts.Problem!.ShouldContain(reason);
        facts.Grids.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"Feature"}""")]
    public async Task Text_that_is_not_a_GeoJSON_feature_is_refused(string text)
    {
        var facts = await DrawnArea.MeasureAsync(fixture.DataSource, DrawnShape.Read("1", text), CancellationToken.None);
        facts.Problem.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_shape_far_larger_than_a_drawing_is_refused()
    {
        var ring = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"[{(106 + i * 1e-6).ToString(CultureInfo.InvariantCulture)},24.3]"));
        var facts = await DrawnArea.MeasureAsync(fixture.DataSource, Feature($$"""{"type":"Polygon","coordinates":[[{{ring}}]]}"""), CancellationToken.None);
        facts.Problem.ShouldBe("图形过于复杂，请减少顶点后重画。");
    }

    [Fact]
    public async Task A_drawn_feature_arrives_as_NetTopologySuite_geometry_in_WGS84()
    {
        var shape = DrawnShape.Read("7", """{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[106.5,24.3],[106.6,24.3],[106.6,24.4],[106.5,24.3]]]}}""");
        shape.Problem.ShouldBeNull();
        shape.Geometry.ShouldBeOfType<NetTopologySuite.Geometries.Polygon>().SRID.ShouldBe(4326);
        shape.Geometry!.NumPoints.ShouldBe(4);
        (await fixture.Database.ScalarAsync<double>("SELECT ST_Area(ST_GeomFromGeoJSON($1)::geography) / 1e6", shape.GeoJsonText!))
            .ShouldBe((await DrawnArea.MeasureAsync(fixture.DataSource, shape, CancellationToken.None)).AreaKm2, 1e-9);
    }
}
