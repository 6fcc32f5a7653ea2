using Npgsql;

namespace GridGovernance.Integration.Tests.Tiles;

/// <summary>The imported county's longitude/latitude box, which the tile tests cover with tiles.</summary>
public static class CountyBounds
{
    public static async Task<(double West, double South, double East, double North)> OfAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e FROM county) c");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
    }
}
