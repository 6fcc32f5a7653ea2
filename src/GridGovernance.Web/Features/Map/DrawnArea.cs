using System.Text.Json;
using GridGovernance.Web.Components.Leaflet;
using NetTopologySuite.Geometries;
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
/// Measures a shape drawn with the map's drawing tools, which arrives as NetTopologySuite geometry (<see cref="DrawnShape"/>):
/// .NET checks its kind and validity and refuses with a Chinese reason; PostGIS, where the grids are, measures it on the
/// spheroid and finds the grids it touches (and checks validity once more, as the database does for every shape it keeps).
/// </summary>
internal static class DrawnArea
{
    private const string Sql = """
        SELECT ST_IsValid(s.geom), ST_Area(s.geom::geography) / 1e6,
               coalesce((SELECT json_agg(json_build_object('code', g.code, 'name', g.name,
                                 'share', round((100 * ST_Area(ST_Intersection(g.geom, s.geom)::geography) / nullif(ST_Area(g.geom::geography), 0))::numeric, 1))
                                 ORDER BY g.code)
                         FROM grid g WHERE ST_IsValid(s.geom) AND ST_Intersects(g.geom, s.geom) AND g.retired_at IS NULL), '[]'::json)::text
        FROM (SELECT $1::geometry AS geom) s
        """;

    public static async Task<DrawnAreaFacts> MeasureAsync(NpgsqlDataSource dataSource, DrawnShape shape, CancellationToken ct)
    {
        if (shape.Problem is { } problem) return DrawnAreaFacts.Refused(problem);
        if (shape.Geometry is not (Polygon or MultiPolygon)) return DrawnAreaFacts.Refused("请画一个多边形或矩形。");
        var geometry = shape.Geometry;
        if (!geometry.IsValid) return DrawnAreaFacts.Refused("图形的边相互交叉，请重画。");

        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<Geometry> { TypedValue = geometry });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        if (!reader.GetBoolean(0)) return DrawnAreaFacts.Refused("图形的边相互交叉，请重画。");
        var grids = JsonSerializer.Deserialize<List<GridRow>>(reader.GetString(2), JsonSerializerOptions.Web)!
            .Select(g => new TouchedGrid(g.Code, g.Name, g.Share ?? 0)).ToList();
        return new DrawnAreaFacts(reader.GetDouble(1), grids, null);
    }

    private sealed record GridRow(string Code, string Name, double? Share);
}
