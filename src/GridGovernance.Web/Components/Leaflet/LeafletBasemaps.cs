using GridGovernance.Web.Features.Map;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Components.Leaflet;

/// <summary>
/// The configured basemaps (GridGov:Map: a Tianditu key or a plain XYZ template, see <see cref="MapSettings"/>), or the given
/// <see cref="Layers"/>. When no tile loads, the core removes them and the host gets data-basemap="failed"; the map's
/// <see cref="OnFailed"/> callback (interactive) or the page hook's basemapfailed event (static) is told.
/// </summary>
public sealed class LeafletBasemaps : LeafletLayer
{
    [Inject] private IOptions<MapSettings> Settings { get; set; } = null!;

    /// <summary>Layers other than the configured ones (bottom first); null: the configured ones.</summary>
    [Parameter] public IReadOnlyList<BasemapSpec>? Layers { get; set; }

    [Parameter] public EventCallback OnFailed { get; set; }

    protected override string Kind => "basemaps";

    protected override object Spec() => new
    {
        layers = Layers ?? Settings.Value.BasemapLayers().Select(b => new BasemapSpec(b.UrlTemplate, b.Attribution, b.Subdomains)).ToList(),
    };

    internal override Task OnEventAsync(string name, System.Text.Json.JsonElement payload) =>
        name == "basemapfailed" ? OnFailed.InvokeAsync() : Task.CompletedTask;
}
