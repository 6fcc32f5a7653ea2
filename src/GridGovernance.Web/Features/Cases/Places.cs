using System.Globalization;
using GridGovernance.Web.Plumbing;
using Npgsql;

namespace GridGovernance.Web.Features.Cases;

/// <summary>What the report forms' map pin is told about a point: the readable place and how it lies to the scanned grid.</summary>
/// <param name="Place">place_description()'s text, null outside the county or too far from the grid to describe.</param>
/// <param name="InsideGrid">the point lies in the scanned grid.</param>
/// <param name="MetresOutside">its distance from the grid (0 inside).</param>
/// <param name="FarOutside">far enough to ask "位置不在本网格，是否继续" (<see cref="Places.FarOutsideMetres"/>).</param>
public sealed record PlaceAnswer(string? Place, bool InsideGrid, double MetresOutside, bool FarOutside);

/// <summary>
/// Readable places. The text itself has one author, the SQL function place_description() (migration 0033), which case
/// queries select beside the case's position; here: the forms' pin (a grid's outline, a dragged point described) and the
/// staff's 导航 link.
/// </summary>
internal static class Places
{
    /// <summary>
    /// A position this far outside the scanned grid asks the reporter before sending: GPS indoors errs by tens of metres, a
    /// problem reported from the wrong placard is a street away.
    /// </summary>
    public const double FarOutsideMetres = 100;

    /// <summary>Beyond this distance from the grid the place is not described (the public form is no gazetteer of the county).</summary>
    private const double DescribeWithinMetres = 2000;

    /// <summary>The grid's outline as a GeoJSON FeatureCollection, inlined into the forms so the pin map needs no request.</summary>
    public static async Task<string?> GridOutlineAsync(NpgsqlDataSource dataSource, string gridCode, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(GeoJsonSql.FeatureCollection("""
            SELECT 0 AS ord, g.geom, json_build_object('code', g.code, 'name', g.name) AS properties FROM grid g WHERE g.code = @grid
            """));
        command.Parameters.Add(new NpgsqlParameter<string>("grid", gridCode));
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>The place of a WGS-84 point and where it lies against the grid; null when there is no such grid.</summary>
    public static async Task<PlaceAnswer?> DescribeAsync(NpgsqlDataSource dataSource, string gridCode, double lng, double lat, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            WITH pt AS (SELECT ST_SetSRID(ST_MakePoint(@lng, @lat), 4326) AS geom)
            SELECT ST_Intersects(g.geom, pt.geom), ST_Distance(g.geom::geography, pt.geom::geography),
                   CASE WHEN ST_DWithin(g.geom::geography, pt.geom::geography, @within) THEN place_description(pt.geom) END
            FROM grid g, pt WHERE g.code = @grid
            """);
        command.Parameters.Add(new NpgsqlParameter<double>("lng", lng));
        command.Parameters.Add(new NpgsqlParameter<double>("lat", lat));
        command.Parameters.Add(new NpgsqlParameter<double>("within", DescribeWithinMetres));
        command.Parameters.Add(new NpgsqlParameter<string>("grid", gridCode));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var inside = reader.GetBoolean(0);
        var metres = inside ? 0 : Math.Round(reader.GetDouble(1));
        return new PlaceAnswer(reader.IsDBNull(2) ? null : reader.GetString(2), inside, metres, metres > FarOutsideMetres);
    }

    /// <summary>
    /// A geo: URI (RFC 5870) that a phone hands to its map or navigation app; the label after q= names the pin. WGS-84 as
    /// stored: RFC 5870's default crs.
    /// </summary>
    public static string GeoUri(double lng, double lat, string? label)
    {
        var point = string.Create(CultureInfo.InvariantCulture, $"{lat:0.######},{lng:0.######}");
        return label is { Length: > 0 } ? $"geo:{point}?q={point}({Uri.EscapeDataString(label)})" : $"geo:{point}?q={point}";
    }
}
