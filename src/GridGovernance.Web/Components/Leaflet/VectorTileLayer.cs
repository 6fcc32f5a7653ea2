using System.Text.Json;
using Microsoft.AspNetCore.Components;

namespace GridGovernance.Web.Components.Leaflet;

/// <summary>
/// A layer of the app's own vector tiles (Features/Tiles, drawn by Leaflet.VectorGrid on canvas). <see cref="Style"/> is a
/// Leaflet path style object, or the name of a style function a static page's module passes to the core (zoom- or
/// property-dependent styles cannot be JSON).
/// </summary>
public sealed class VectorTileLayer : LeafletLayer
{
    /// <summary>The tile URL template, e.g. tiles/grids/{z}/{x}/{y}.mvt (relative to the page's base).</summary>
    [Parameter, EditorRequired] public string Url { get; set; } = "";

    /// <summary>The layer's name inside the tiles (ST_AsMVT's name).</summary>
    [Parameter, EditorRequired] public string TileLayer { get; set; } = "";

    [Parameter] public object? Style { get; set; }
    [Parameter] public int? MinZoom { get; set; }
    [Parameter] public int? MaxZoom { get; set; }
    [Parameter] public string? Pane { get; set; }

    /// <summary>The property that identifies a feature (for highlighting one with setFeatureStyle).</summary>
    [Parameter] public string? FeatureId { get; set; }

    /// <summary>Clicks on features reach <see cref="OnFeatureClick"/> (and the static page's hook); set automatically when a callback is given.</summary>
    [Parameter] public bool Interactive { get; set; }

    [Parameter] public EventCallback<FeatureClick> OnFeatureClick { get; set; }

    protected override string Kind => "vectortiles";

    protected override object Spec() => new
    {
        url = Url, tileLayer = TileLayer, style = Style, minZoom = MinZoom, maxZoom = MaxZoom, pane = Pane, featureId = FeatureId,
        interactive = Interactive || OnFeatureClick.HasDelegate,
    };

    internal override Task OnEventAsync(string name, JsonElement payload) => name == "featureclick"
        ? OnFeatureClick.InvokeAsync(new FeatureClick(Id, payload.GetProperty("properties").Clone(),
            payload.TryGetProperty("lat", out var lat) ? lat.GetDouble() : null, payload.TryGetProperty("lng", out var lng) ? lng.GetDouble() : null))
        : Task.CompletedTask;
}
