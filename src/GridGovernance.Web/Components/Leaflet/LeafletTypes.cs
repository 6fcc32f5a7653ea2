using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridGovernance.Web.Components.Leaflet;

/// <summary>A point on the map (WGS-84).</summary>
public readonly record struct LatLng(double Lat, double Lng);

/// <summary>
/// Where a map opens: a box (west, south, east, north, as our APIs write bboxes) fitted into the view, or a centre and zoom.
/// </summary>
public sealed record MapView
{
    public double[]? Bounds { get; init; }
    public double[]? Center { get; init; }
    public double? Zoom { get; init; }
    /// <summary>Pixels kept free around fitted bounds.</summary>
    public int[]? Padding { get; init; }
    public double? MaxZoom { get; init; }

    public static MapView Fit(double west, double south, double east, double north) => new() { Bounds = [west, south, east, north] };

    public static MapView At(LatLng center, double zoom) => new() { Center = [center.Lat, center.Lng], Zoom = zoom };
}

/// <summary>A map pane: layers in a higher zIndex are drawn over lower ones; PassThrough lets clicks reach the panes below.</summary>
public sealed record MapPane(string Name, int ZIndex, bool PassThrough = false);

/// <summary>One raster basemap layer: URL template with {s}{z}{x}{y}, attribution (text) and the subdomains {s} stands for.</summary>
public sealed record BasemapSpec(string Url, string Attribution, string Subdomains);

/// <summary>A feature of a vector-tile or GeoJSON layer was clicked: its properties, and where (vector tiles only).</summary>
public sealed record FeatureClick(string LayerId, JsonElement Properties, double? Lat, double? Lng)
{
    public string? Property(string name) =>
        Properties.ValueKind == JsonValueKind.Object && Properties.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;
}


/// <summary>What the map looks at after a move: centre, zoom and the visible box (west, south, east, north).</summary>
public sealed record MapMoved(double[] Center, double Zoom, double[] Bounds);

/// <summary>JSON as the JS core reads it (camelCase, nulls left out).</summary>
internal static class LeafletJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);
}
