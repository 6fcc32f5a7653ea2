using System.Text.Json;
using Microsoft.AspNetCore.Components;

namespace GridGovernance.Web.Components.Leaflet;

/// <summary>Cluster options of Leaflet.markercluster, as the core passes them on.</summary>
public sealed record ClusterOptions(int MaxClusterRadius = 80, int? DisableClusteringAtZoom = null, bool ShowCoverageOnHover = false);

/// <summary>
/// Point markers (circle markers in <see cref="PointStyle"/>), clustered when <see cref="Cluster"/> is given. The points come
/// from <see cref="Data"/> (GeoJSON points as text) or are added by a page module through the core (handle.layer(id)), as
/// the dispatcher's live map does with its cases.
/// </summary>
public sealed class MarkerLayer : LeafletLayer
{
    [Parameter] public string? Data { get; set; }
    [Parameter] public object? PointStyle { get; set; }
    [Parameter] public ClusterOptions? Cluster { get; set; }
    [Parameter] public EventCallback<FeatureClick> OnMarkerClick { get; set; }

    /// <summary>The pane the markers are drawn in (a higher pane keeps them over clusters: the console's 应急 cases).</summary>
    [Parameter] public string? Pane { get; set; }

    /// <summary>From this zoom on each feature's <c>label</c> property is shown beside its marker (as text); null: no labels.</summary>
    [Parameter] public double? LabelMinZoom { get; set; }

    protected override string Kind => "markers";

    protected override object Spec() => new { data = Data, pointStyle = PointStyle, cluster = Cluster, pane = Pane, labelMinZoom = LabelMinZoom };

    internal override Task OnEventAsync(string name, JsonElement payload) => name == "featureclick"
        ? OnMarkerClick.InvokeAsync(new FeatureClick(Id, payload.GetProperty("properties").Clone(), null, null))
        : Task.CompletedTask;
}
