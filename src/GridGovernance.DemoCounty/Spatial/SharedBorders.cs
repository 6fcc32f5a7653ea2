using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Spatial;

/// <summary>
/// Length of border shared by each pair of shapes built from one arrangement. Shared edges there consist of
/// identical segments, so matching segment keys is exact and needs no overlay.
/// </summary>
public static class SharedBorders
{
    public readonly record struct Border(int A, int B, double Length);

    public static IReadOnlyList<Border> Between(IReadOnlyList<Geometry> shapes)
    {
        var owners = new Dictionary<(double, double, double, double), int>();
        var lengths = new Dictionary<(int, int), double>();
        for (var i = 0; i < shapes.Count; i++)
        {
            foreach (var polygon in Arrangement.Polygons(shapes[i]))
            {
                foreach (var ring in Rings(polygon))
                {
                    var coordinates = ring.Coordinates;
                    for (var k = 1; k < coordinates.Length; k++)
                    {
                        var a = coordinates[k - 1];
                        var b = coordinates[k];
                        var key = a.CompareTo(b) < 0 ? (a.X, a.Y, b.X, b.Y) : (b.X, b.Y, a.X, a.Y);
                        if (owners.TryGetValue(key, out var other) && other != i)
                        {
                            var pair = (Math.Min(i, other), Math.Max(i, other));
                            lengths[pair] = lengths.GetValueOrDefault(pair) + a.Distance(b);
                        }
                        else
                        {
                            owners[key] = i;
                        }
                    }
                }
            }
        }

        return lengths.Select(kv => new Border(kv.Key.Item1, kv.Key.Item2, kv.Value))
            .OrderBy(b => b.A).ThenBy(b => b.B).ToList();
    }

    private static IEnumerable<LineString> Rings(Polygon polygon)
    {
        yield return polygon.ExteriorRing;
        foreach (var hole in polygon.InteriorRings)
        {
            yield return hole;
        }
    }
}
