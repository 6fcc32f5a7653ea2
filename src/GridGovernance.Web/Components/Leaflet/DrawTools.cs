using System.Text.Json;
using Microsoft.AspNetCore.Components;

namespace GridGovernance.Web.Components.Leaflet;

/// <summary>
/// Drawing and editing tools (Leaflet-Geoman, in Chinese): every shape drawn, edited or removed arrives as NetTopologySuite
/// geometry (<see cref="DrawnShape"/>) with its id on the map. Shapes: Polygon, Rectangle, Line, Marker.
/// </summary>
public sealed class DrawTools : LeafletLayer
{
    [Parameter] public IReadOnlyList<string> Shapes { get; set; } = ["Polygon", "Rectangle"];
    [Parameter] public bool Edit { get; set; } = true;
    [Parameter] public bool Remove { get; set; } = true;
    /// <summary>Change it to clear the map of the shapes drawn so far (the tools are built again, empty): after a page used them.</summary>
    [Parameter] public int Generation { get; set; }

    [Parameter] public EventCallback<DrawnShape> OnShapeDrawn { get; set; }
    [Parameter] public EventCallback<DrawnShape> OnShapeEdited { get; set; }
    [Parameter] public EventCallback<DrawnShape> OnShapeRemoved { get; set; }

    protected override string Kind => "draw";

    protected override object Spec() => new { shapes = Shapes, edit = Edit, remove = Remove, generation = Generation };

    internal override Task OnEventAsync(string name, JsonElement payload)
    {
        var callback = name switch
        {
            "shapecreated" => OnShapeDrawn,
            "shapeedited" => OnShapeEdited,
            "shaperemoved" => OnShapeRemoved,
            _ => default,
        };
        return callback.HasDelegate
            ? callback.InvokeAsync(DrawnShape.Read(payload.GetProperty("id").GetString()!, payload.GetProperty("geoJson").GetString()!))
            : Task.CompletedTask;
    }
}
