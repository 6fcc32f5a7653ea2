using Npgsql;

namespace GridGovernance.Web.Features.Map;

/// <summary>A longitude/latitude rectangle, west, south, east, north (the order of a GeoJSON bbox).</summary>
public sealed record Bounds(double West, double South, double East, double North)
{
    public double[] ToArray() => [West, South, East, North];
}

/// <summary>Where the map opens: the whole county, or one township, village or grid asked for by code.</summary>
internal sealed class TerritoryBounds(NpgsqlDataSource dataSource)
{
    /// <summary>The county (all counties, if several were imported) and its name; null while nothing is imported.</summary>
    public async Task<(string Name, Bounds Bounds)?> CountyAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT string_agg(name, '、' ORDER BY code),
                   ST_XMin(ST_Extent(geom)), ST_YMin(ST_Extent(geom)), ST_XMax(ST_Extent(geom)), ST_YMax(ST_Extent(geom))
            FROM county
            HAVING count(*) > 0
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return (reader.GetString(0), new Bounds(reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)));
    }

    /// <summary>The bounds of a township, village or grid by its code; null when there is no such code.</summary>
    public async Task<Bounds?> OfCodeAsync(string code, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)
            FROM (SELECT geom FROM township WHERE code = @code
                  UNION ALL SELECT geom FROM village WHERE code = @code
                  UNION ALL SELECT geom FROM grid WHERE code = @code) AS found
            LIMIT 1
            """);
        command.Parameters.AddWithValue("code", code);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new Bounds(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
    }
}
