using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace GridGovernance.Web.Components.Leaflet;

/// <summary>The map component: options, view, panes, events, and the C# API of an interactive map.</summary>
public sealed partial class LeafletMap
{
    private readonly Dictionary<string, LeafletLayer> _layers = new(StringComparer.Ordinal);
    private ElementReference _host;
    private IJSObjectReference? _module;
    private IJSObjectReference? _handle;
    private DotNetObjectReference<LeafletMap>? _self;

    /// <summary>The host element's id (page scripts and tests find the map by it).</summary>
    [Parameter, EditorRequired] public string Id { get; set; } = "";

    [Parameter] public MapView? View { get; set; }
    [Parameter] public double? MinZoom { get; set; }
    [Parameter] public double MaxZoom { get; set; } = 19;
    [Parameter] public double ZoomSnap { get; set; } = 0.5;
    [Parameter] public int? WheelPxPerZoomLevel { get; set; }
    [Parameter] public bool Scale { get; set; } = true;
    [Parameter] public IReadOnlyList<MapPane> Panes { get; set; } = [];

    /// <summary>Shown inside the host until the map takes it over.</summary>
    [Parameter] public RenderFragment? Fallback { get; set; }

    /// <summary>The layers: <see cref="LeafletBasemaps"/>, <see cref="VectorTileLayer"/>, <see cref="GeoJsonLayer"/>, <see cref="MarkerLayer"/>, <see cref="DrawTools"/>.</summary>
    [Parameter] public RenderFragment? ChildContent { get; set; }

    /// <summary>class, role, aria-label and the page's own data-* attributes go on the host element.</summary>
    [Parameter(CaptureUnmatchedValues = true)] public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    [Parameter] public EventCallback<LatLng> OnClick { get; set; }
    [Parameter] public EventCallback<MapMoved> OnMoveEnd { get; set; }

    /// <summary>Interactive only: the JS core has built the map.</summary>
    [Parameter] public EventCallback OnReady { get; set; }

    internal bool IsMounted => _handle is not null;

    private string OptionsJson => LeafletJson.Write(new
    {
        view = View,
        scale = Scale,
        panes = Panes.Count > 0 ? Panes : null,
        options = new { minZoom = MinZoom, maxZoom = MaxZoom, zoomSnap = ZoomSnap, wheelPxPerZoomLevel = WheelPxPerZoomLevel, keyboard = true },
    });

    internal void Register(LeafletLayer layer)
    {
        if (!_layers.TryAdd(layer.Id, layer)) throw new InvalidOperationException($"The map {Id} has two layers named {layer.Id}.");
    }

    internal void Unregister(LeafletLayer layer)
    {
        if (_layers.TryGetValue(layer.Id, out var known) && ReferenceEquals(known, layer)) _layers.Remove(layer.Id);
        if (_handle is not null) _ = RemoveLayerAsync(layer.Id);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive) return;
        _self = DotNetObjectReference.Create(this);
        _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/leaflet-core.js");
        _handle = await _module.InvokeAsync<IJSObjectReference>("mountInteractive", _host, _self);
        await OnReady.InvokeAsync();
    }

    /// <summary>Moves the map (interactive only).</summary>
    public async Task SetViewAsync(LatLng center, double zoom)
    {
        if (_handle is not null) await _handle.InvokeVoidAsync("setView", center.Lat, center.Lng, zoom);
    }

    /// <summary>Fits a box (west, south, east, north) into the view (interactive only).</summary>
    public async Task FitBoundsAsync(double west, double south, double east, double north)
    {
        if (_handle is not null) await _handle.InvokeVoidAsync("fitBounds", west, south, east, north);
    }

    /// <summary>Reads a GeoJSON layer's Url again (interactive only).</summary>
    public async Task ReloadAsync(string layerId)
    {
        if (_handle is not null) await _handle.InvokeVoidAsync("reload", layerId);
    }

    internal async Task UpdateLayerAsync(string specJson)
    {
        if (_handle is not null) await _handle.InvokeVoidAsync("updateLayer", specJson);
    }

    private async Task RemoveLayerAsync(string id)
    {
        try
        {
            await _handle!.InvokeVoidAsync("removeLayer", id);
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone: so is the map.
        }
    }

    /// <summary>The JS core's events: map events (layerId empty) and layer events, dispatched to the EventCallbacks.</summary>
    [JSInvokable]
    public async Task OnLeafletEvent(string name, string layerId, string payloadJson)
    {
        using var document = JsonDocument.Parse(payloadJson);
        var payload = document.RootElement;
        if (layerId.Length > 0)
        {
            if (_layers.TryGetValue(layerId, out var layer)) await layer.OnEventAsync(name, payload);
            return;
        }
        switch (name)
        {
            case "click":
                await OnClick.InvokeAsync(new LatLng(payload.GetProperty("lat").GetDouble(), payload.GetProperty("lng").GetDouble()));
                break;
            case "moveend":
                await OnMoveEnd.InvokeAsync(new MapMoved(
                    payload.GetProperty("center").Deserialize<double[]>()!, payload.GetProperty("zoom").GetDouble(),
                    payload.GetProperty("bounds").Deserialize<double[]>()!));
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_handle is not null) await _handle.DisposeAsync();
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // Closing the tab ends the circuit first.
        }
        _self?.Dispose();
    }
}
