namespace GridGovernance.Web.Plumbing;

/// <summary>
/// The one way the app writes a GeoJSON FeatureCollection from database rows: PostGIS builds the whole document (bulk
/// geometry never passes through .NET objects), with 6 decimals (≈ 0.1 m) and features in the rows' order. Geometry that
/// .NET itself holds (NetTopologySuite) is written by NetTopologySuite.IO.GeoJSON4STJ's converter instead (Infrastructure/JsonSetup).
/// </summary>
internal static class GeoJsonSql
{
    /// <summary>
    /// Wraps <paramref name="featureRows"/>, a query whose rows have the columns <c>geom</c> (geometry, EPSG:4326),
    /// <c>properties</c> (json) and <c>ord</c> (sort key), into one query answering one text value:
    /// <c>{"type":"FeatureCollection","features":[…]}</c>. With <paramref name="limitParameter"/> (the name of an int parameter
    /// holding N) at most N features are written and a member <c>"truncated"</c> says whether rows were left out; the rows
    /// query should then return at most N + 1 rows.
    /// </summary>
    public static string FeatureCollection(string featureRows, string? limitParameter = null)
    {
        var features = "json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(f.geom, 6)::json, 'properties', f.properties)";
        return limitParameter is null
            ? $"""
              SELECT json_build_object('type', 'FeatureCollection',
                     'features', coalesce(json_agg({features} ORDER BY f.ord), '[]'::json))::text
              FROM ({featureRows}) f
              """
            : $"""
              SELECT json_build_object('type', 'FeatureCollection',
                     'features', coalesce(json_agg({features} ORDER BY f.ord) FILTER (WHERE f.position <= @{limitParameter}), '[]'::json),
                     'truncated', count(*) > @{limitParameter})::text
              FROM (SELECT r.*, row_number() OVER (ORDER BY r.ord) AS position FROM ({featureRows}) r) f
              """;
    }
}
