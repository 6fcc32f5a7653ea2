using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Spatial;

/// <summary>
/// The numbering rule for grids (and 十联户 units): west→east, north→south, as in Beijing's grid code standard.
/// The northernmost remaining item (by centre; ties west first) opens a row; every remaining item whose centre lies
/// at or north of the opener's southern edge joins that row; the row is numbered west→east by centre longitude
/// (ties north first); repeat with what remains.
/// </summary>
public static class RowMajorOrder
{
    public readonly record struct Item(Coordinate Centre, double SouthEdge);

    /// <returns>Indices into <paramref name="items"/> in numbering order.</returns>
    public static IReadOnlyList<int> Order(IReadOnlyList<Item> items)
    {
        var remaining = Enumerable.Range(0, items.Count)
            .OrderByDescending(i => items[i].Centre.Y).ThenBy(i => items[i].Centre.X).ThenBy(i => i)
            .ToList();
        var order = new List<int>(items.Count);
        while (remaining.Count > 0)
        {
            var southEdge = items[remaining[0]].SouthEdge;
            var rowLength = remaining.TakeWhile(i => items[i].Centre.Y >= southEdge).Count();
            rowLength = Math.Max(rowLength, 1);
            order.AddRange(remaining.Take(rowLength)
                .OrderBy(i => items[i].Centre.X).ThenByDescending(i => items[i].Centre.Y).ThenBy(i => i));
            remaining.RemoveRange(0, rowLength);
        }

        return order;
    }

    public static Item Of(Geometry shape) => new(shape.Centroid.Coordinate, shape.EnvelopeInternal.MinY);
}
