using System.Text.Json;
using GridGovernance.Web.Plumbing;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace GridGovernance.Web.Components.Leaflet;

/// <summary>
/// A shape drawn, edited or removed with <see cref="DrawTools"/>: its id on the map and its geometry as NetTopologySuite
/// geometry (WGS-84, SRID 4326), so .NET code reasons about a typed shape, not GeoJSON text; or, when the browser's GeoJSON
/// could not be read, no geometry and the reason in Chinese.
/// </summary>
public sealed record DrawnShape(string Id, Geometry? Geometry, string? Problem)
{
    /// <summary>A drawn polygon is a few hundred vertices at most; GeoJSON far longer than this is not a drawing.</summary>
    public const int MaxGeoJsonChars = 200_000;

    private static JsonSerializerOptions GeoJson => GeoJsonOptions.Web;

    /// <summary>Reads the GeoJSON Feature the JS core sends (Leaflet's <c>toGeoJSON()</c>).</summary>
    public static DrawnShape Read(string id, string featureGeoJson)
    {
        if (featureGeoJson.Length > MaxGeoJsonChars) return new(id, null, "图形过于复杂，请减少顶点后重画。");
        try
        {
            var geometry = JsonSerializer.Deserialize<IFeature>(featureGeoJson, GeoJson)?.Geometry;
            if (geometry is null) return new(id, null, "没有收到图形。");
            geometry.SRID = 4326;
            return new(id, geometry, null);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return new(id, null, "图形数据无法识别。");
        }
    }

    /// <summary>The geometry as GeoJSON (for a page that shows or hands it on); null without one.</summary>
    public string? GeoJsonText => Geometry is null ? null : JsonSerializer.Serialize(Geometry, GeoJson);
}
