using Npgsql;

namespace GridGovernance.Integration.Tests.Departments;

/// <summary>A point surely inside each township of the demo county (PostGIS's point on surface), by township code.</summary>
internal static class TownshipPoints
{
    public static async Task<List<(string Code, double Lng, double Lat)>> AllAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT code, ST_X(p), ST_Y(p) FROM (SELECT code, ST_PointOnSurface(geom) AS p FROM township WHERE county_code = '451027') t
            ORDER BY code
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var points = new List<(string, double, double)>();
        while (await reader.ReadAsync()) points.Add((reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2)));
        return points;
    }
}
