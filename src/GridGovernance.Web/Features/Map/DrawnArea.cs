using System.Text.Json;
using Npgsql;

namespace GridGovernance.Web.Features.Map;

/// <summary>A grid a drawn area touches, and how much of the grid lies inside it.</summary>
public sealed record TouchedGrid(string Code, string Name, double SharePercent);

/// <summary>What PostGIS says about a shape drawn on the map: its area and the grids it touches, or why it was refused.</summary>
public sealed record DrawnAreaFacts(double AreaKm2, IReadOnlyList<TouchedGrid> Grids, string? Problem)
{
    public static DrawnAreaFacts Refused(string problem) => new(0, [], problem);
}

/// <summary>
/// Measures a shape drawn with the map's drawing tools (a GeoJSON Feature from the browser, WGS-84). PostGIS parses and
/// measures it: the geometry stays where the other geometry is, and a shape it cannot read is refused with a Chinese reason.
/// </summary>
internal static class DrawnArea
{
    /// <summary>A drawn polygon is a few hundred vertices at most; anything far larger is not a drawing.</summary>
    public const int MaxGeoJsonChars = 200_000;

    private const string Sql = """
        WITH shape AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS geom)
        SELECT ST_GeometryType(s.geom), ST_IsValid(s.geom), ST_Area(s.geom::geography) / 1e6,
               coalesce((SELECT json_agg(json_build_object('code', g.code, 'name', g.name,
                                 'share', round((100 * ST_Area(ST_Intersection(g.geom, s.geom)::geography) / nullif(ST_Area(g.geom::geography), 0))::numeric, 1))
                                 ORDER BY g.code)
                         FROM grid g WHERE ST_IsValid(s.geom) AND ST_Intersects(g.geom, s.geom)), '[]'::json)::text
        FROM shape s
        """;

    public static async Task<DrawnAreaFacts> MeasureAsync(NpgsqlDataSource dataSource, string featureGeoJson, CancellationToken ct)
    {
        if (featureGeoJson.Length > MaxGeoJsonChars) return DrawnAreaFacts.Refused("图形过于复杂，请减少顶点后重画。");
        string geometry;
        try
        {
            using var feature = JsonDocument.Parse(featureGeoJson);
            if (!feature.RootElement.TryGetProperty("geometry", out var element) || element.ValueKind != JsonValueKind.Object)
                return DrawnAreaFacts.Refused("没有收到图形。");
            geometry = element.GetRawText();
        }
        catch (JsonException)
        {
            return DrawnAreaFacts.Refused("图形数据无法识别。");
        }

        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = geometry });
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            if (reader.GetString(0) is not ("ST_Polygon" or "ST_MultiPolygon")) return DrawnAreaFacts.Refused("请画一个多边形或矩形。");
            if (!reader.GetBoolean(1)) return DrawnAreaFacts.Refused("图形的边相互交叉，请重画。");
            var grids = JsonSerializer.Deserialize<List<GridRow>>(reader.GetString(3), JsonSerializerOptions.Web)!
                .Select(g => new TouchedGrid(g.Code, g.Name, g.Share ?? 0)).ToList();
            return new DrawnAreaFacts(reader.GetDouble(2), grids, null);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InternalError or PostgresErrorCodes.InvalidParameterValue)
        {
            // ST_GeomFromGeoJSON raises XX000 for GeoJSON it cannot read.
            return DrawnAreaFacts.Refused("图形数据无法识别。");
        }
    }

    private sealed record GridRow(string Code, string Name, double? Share);
}
