using System.Text.Json;
using Microsoft.AspNetCore.Components;

namespace GridGovernance.Web.Components.Leaflet;

/// <summary>
/// GeoJSON drawn by Leaflet: inline (<see cref="Data"/>, a FeatureCollection as text — PostGIS writes it) or read from
/// <see cref="Url"/> by the browser. Points become circle markers in <see cref="PointStyle"/>. Styles as in
/// <see cref="VectorTileLayer"/>: an object, or the name of a page module's style function.
/// </summary>
public sealed class GeoJsonLayer : LeafletLayer
{
    [Parameter] public string? Data { get; set; }
    [Parameter] public string? Url { get; set; }

    /// <summary>"property=value": only the features of the document that match (several layers share one document, read once).</summary>
    [Parameter] public string? Where { get; set; }
    [Parameter] public object? Style { get; set; }
    [Parameter] public object? PointStyle { get; set; }
    [Parameter] public string? Pane { get; set; }

    /// <summary>Each feature is filled with the colour in this property (a choropleth coloured on the server).</summary>
    [Parameter] public string? FillProperty { get; set; }

    /// <summary>Each feature gets a plain-text tooltip from this property.</summary>
    [Parameter] public string? TooltipProperty { get; set; }

    /// <summary>Fit the map to the data once it is there.</summary>
    [Parameter] public bool Fit { get; set; }

    /// <summary>False: the features take no clicks (what lies under them does).</summary>
    [Parameter] public bool Interactive { get; set; } = true;

    [Parameter] public EventCallback<FeatureClick> OnFeatureClick { get; set; }

    protected override string Kind => "geojson";

    protected override object Spec() => new
    {
        data = Data, url = Url, where = Where, style = Style, pointStyle = PointStyle, pane = Pane, fillProperty = FillProperty, tooltipProperty = TooltipProperty, fit = Fit ? true : (bool?)null,
        interactive = Interactive,
        events = OnFeatureClick.HasDelegate ? new[] { "click" } : null,
    };

    internal override Task OnEventAsync(string name, JsonElement payload) => name == "featureclick"
        ? OnFeatureClick.InvokeAsync(new FeatureClick(Id, payload.GetProperty("properties").Clone(), null, null))
        : Task.CompletedTask;
}
