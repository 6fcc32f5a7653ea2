using System.Globalization;
using System.Text;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Npgsql;

namespace GridGovernance.Web.Features.Map;

/// <summary>
/// GET /api/map/labels/{layer}?bbox=west,south,east,north: name labels as GeoJSON points. Vector tiles carry the shapes;
/// Leaflet cannot draw text from them, so the map places these as HTML labels (escaped text, never markup).
/// Each label sits at the centre of the shape's largest inscribed circle (label_point, migration 0002); larger shapes
/// come first, so they keep their label when space runs out.
/// </summary>
internal static class MapLabelsEndpoint
{
    /// <summary>More labels than this would cover the screen; the map asks only at zooms where they fit.</summary>
    public const int MaxLabels = 400;

    /// <summary>The tables that have names worth placing, by layer name (constants: never text from the request).</summary>
    // Retired grids (merged or given to a neighbour, kept for their cases) are not on the map.
    private static readonly Dictionary<string, string> SqlByLayer =
        new[] { ("townships", "township", ""), ("villages", "village", ""), ("grids", "grid", "retired_at IS NULL AND ") }
        .ToDictionary(p => p.Item1, p => GeoJsonSql.FeatureCollection($"""
            SELECT label_point AS geom, json_build_object('code', code, 'name', name) AS properties,
                   row_number() OVER (ORDER BY ST_Area(geom) DESC, code) AS ord
            FROM {p.Item2}
            WHERE {p.Item3}label_point && ST_MakeEnvelope(@west, @south, @east, @north, 4326)
            ORDER BY ord LIMIT @limit + 1
            """, limitParameter: "limit"), StringComparer.Ordinal);

    public static async Task<IResult> GetAsync(string layer, string? bbox, HttpContext http, NpgsqlDataSource dataSource,
        CancellationToken cancellationToken)
    {
        if (!SqlByLayer.TryGetValue(layer, out var sql))
            return ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, "只有乡镇（townships）、村（villages）和网格（grids）有名称标注。");
        if (ParseBbox(bbox) is not { } box)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest,
                "bbox 应为“西经度,南纬度,东经度,北纬度”四个数，西小于东、南小于北，且在经纬度范围内。");

        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("west", box[0]);
        command.Parameters.AddWithValue("south", box[1]);
        command.Parameters.AddWithValue("east", box[2]);
        command.Parameters.AddWithValue("north", box[3]);
        command.Parameters.AddWithValue("limit", MaxLabels);
        var json = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Text(json, "application/json", Encoding.UTF8);
    }

    private static double[]? ParseBbox(string? text)
    {
        var parts = (text ?? "").Split(',');
        if (parts.Length != 4) return null;
        var values = new double[4];
        for (var i = 0; i < 4; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                return null;
        var (west, south, east, north) = (values[0], values[1], values[2], values[3]);
        return west < east && south < north && west >= -180 && east <= 180 && south >= -90 && north <= 90 ? values : null;
    }
}
