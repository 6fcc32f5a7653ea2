using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace GridGovernance.Web.Components.Leaflet;

/// <summary>
/// A layer of a <see cref="LeafletMap"/>: renders its spec (JSON) as one hidden element that the JS core reads when the map
/// boots, statically or interactively. In an interactive map a changed spec is sent to the core again after render, and the
/// core's events for this layer arrive in <see cref="OnEventAsync"/>.
/// </summary>
public abstract class LeafletLayer : ComponentBase, IDisposable
{
    private string? _sentSpec;

    [CascadingParameter] public LeafletMap Map { get; set; } = null!;

    /// <summary>The layer's name on its map (a page script finds it by this: handle.layer(id)).</summary>
    [Parameter, EditorRequired] public string Id { get; set; } = "";

    /// <summary>The spec the JS core builds the layer from; kind and id are added.</summary>
    protected abstract string Kind { get; }

    protected abstract object Spec();

    internal string SpecJson()
    {
        var spec = JsonSerializer.SerializeToNode(Spec(), LeafletJson.Options)!.AsObject();
        spec.Insert(0, "kind", Kind);
        spec.Insert(0, "id", Id);
        return spec.ToJsonString(LeafletJson.Options);
    }

    protected override void OnInitialized()
    {
        if (Map is null) throw new InvalidOperationException($"{GetType().Name} must be placed inside a LeafletMap.");
        Map.Register(this);
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "data-leaflet-layer", SpecJson());
        builder.CloseElement();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The map's first mount reads every layer from the DOM; later changes of an interactive map are sent as they happen,
        // and so is a layer that a page adds to a map already mounted (its first render comes after the mount read the DOM).
        var spec = SpecJson();
        if (!Map.IsMounted) { _sentSpec = spec; return; }
        if (spec == _sentSpec) return;
        _sentSpec = spec;
        await Map.UpdateLayerAsync(spec);
    }

    /// <summary>An event of the JS core for this layer (featureclick, shapecreated…), payload as JSON.</summary>
    internal virtual Task OnEventAsync(string name, JsonElement payload) => Task.CompletedTask;

    public void Dispose()
    {
        Map?.Unregister(this);
        GC.SuppressFinalize(this);
    }
}
