using Microsoft.AspNetCore.Components;

namespace GridGovernance.Web.Components.Leaflet;

/// <summary>
/// A heatmap of points (Leaflet.heat, from npm): <see cref="Points"/> as [lat, lng] or [lat, lng, intensity]. Drawn on a canvas
/// of its own; takes no clicks.
/// </summary>
public sealed class HeatLayer : LeafletLayer
{
    [Parameter, EditorRequired] public IReadOnlyList<double[]> Points { get; set; } = [];

    /// <summary>Radius of a point in pixels.</summary>
    [Parameter] public int Radius { get; set; } = 18;

    [Parameter] public int Blur { get; set; } = 15;

    /// <summary>Zoom at which a point has full intensity (Leaflet.heat's maxZoom).</summary>
    [Parameter] public int? MaxZoom { get; set; }

    protected override string Kind => "heat";

    protected override object Spec() => new { points = Points, radius = Radius, blur = Blur, maxZoom = MaxZoom };
}
