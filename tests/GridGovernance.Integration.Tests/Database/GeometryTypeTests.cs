using GridGovernance.Integration.Tests.Infrastructure;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGovernance.Integration.Tests.Database;

/// <summary>The one data source maps PostGIS geometry to NetTopologySuite, so .NET code that reasons about a shape gets a typed one.</summary>
public class GeometryTypeTests
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    [Fact]
    public async Task A_polygon_written_to_a_freshly_migrated_database_reads_back_equal_with_SRID_4326()
    {
        // Migrated by this very data source: PostGIS's types appear after it first connected.
        await using var database = await TestDatabase.CreateMigratedAsync();
        var polygon = Wgs84.CreatePolygon([new(106.55, 24.34), new(106.56, 24.34), new(106.56, 24.35), new(106.55, 24.35), new(106.55, 24.34)]);

        await using var command = database.DataSource.CreateCommand("SELECT $1::geometry, ST_SRID($1::geometry), ST_GeometryType($1::geometry)");
        command.Parameters.Add(new NpgsqlParameter<Geometry> { TypedValue = polygon });
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();

        var back = reader.GetFieldValue<Polygon>(0);
        back.EqualsExact(polygon).ShouldBeTrue($"{back} ≠ {polygon}");
        back.SRID.ShouldBe(4326);
        reader.GetInt32(1).ShouldBe(4326, "PostGIS received the SRID too");
        reader.GetString(2).ShouldBe("ST_Polygon");
    }

    [Fact]
    public async Task A_grid_of_the_demo_county_reads_as_a_typed_multipolygon_inside_its_village()
    {
        await using var database = await TestDatabase.CreateWithDemoCountyAsync();

        await using var command = database.DataSource.CreateCommand(
            "SELECT g.geom, v.geom FROM grid g JOIN village v ON v.code = g.village_code ORDER BY g.code LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();

        var grid = reader.GetFieldValue<MultiPolygon>(0);
        var village = reader.GetFieldValue<MultiPolygon>(1);
        grid.SRID.ShouldBe(4326);
        grid.IsValid.ShouldBeTrue();
        // The same rule the database keeps (a child inside its parent, allowing for 6-decimal rounding), now reasoned about in .NET.
        (grid.Difference(village).Area / grid.Area).ShouldBeLessThan(0.001);
    }
}
