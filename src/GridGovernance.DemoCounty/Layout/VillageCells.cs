using GridGovernance.DemoCounty.Spatial;
using GridGovernance.DemoCounty.Randomness;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Triangulate;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>
/// Village cells: the Voronoi diagram of the village seats, its edges bent into natural borders, cut by the county
/// outline. Everything is noded in one arrangement (1 cm grid), so neighbouring villages share identical borders.
/// </summary>
public static class VillageCells
{
    private static readonly PrecisionModel Centimetres = new(100);
    private static readonly ulong BorderSalt = StableHash.Of("village-border");

    public sealed record Result(IReadOnlyList<Geometry> Cells, IReadOnlyList<SharedBorders.Border> Borders);

    /// <returns>Cells in the order of <paramref name="sites"/>, and the borders between them.</returns>
    public static Result Build(Polygon county, IReadOnlyList<Coordinate> sites, GeometryFactory factory)
    {
        var lines = BentVoronoiEdges(county, sites, factory);
        lines.Add(county.ExteriorRing);
        var countyLocator = new IndexedPointInAreaLocator(county);
        var faces = Arrangement.Faces(lines, Centimetres, factory)
            .Where(f => countyLocator.Locate(f.InteriorPoint.Coordinate) == Location.Interior)
            .ToList<Geometry>();

        var labels = LabelFaces(faces, sites);
        var cells = Enumerable.Range(0, sites.Count)
            .Select(i => Arrangement.Dissolve(faces.Where((_, f) => labels[f] == i), factory))
            .ToList();

        var borders = new Dictionary<(int, int), double>();
        foreach (var border in SharedBorders.Between(faces))
        {
            var (a, b) = (labels[border.A], labels[border.B]);
            if (a != b)
            {
                var pair = (Math.Min(a, b), Math.Max(a, b));
                borders[pair] = borders.GetValueOrDefault(pair) + border.Length;
            }
        }

        return new Result(
            cells,
            borders.Select(kv => new SharedBorders.Border(kv.Key.Item1, kv.Key.Item2, kv.Value)).OrderBy(b => b.A).ThenBy(b => b.B).ToList());
    }

    private static List<LineString> BentVoronoiEdges(Polygon county, IReadOnlyList<Coordinate> sites, GeometryFactory factory)
    {
        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(sites.Select(s => s.Copy()).ToList());
        var clip = county.EnvelopeInternal.Copy();
        clip.ExpandBy(5000);
        builder.ClipEnvelope = clip;
        var diagram = builder.GetDiagram(factory);

        var seen = new HashSet<(double, double, double, double)>();
        var lines = new List<LineString>();
        for (var c = 0; c < diagram.NumGeometries; c++)
        {
            var ring = ((Polygon)diagram.GetGeometryN(c)).ExteriorRing.Coordinates;
            for (var i = 1; i < ring.Length; i++)
            {
                var (a, b) = ring[i - 1].CompareTo(ring[i]) < 0 ? (ring[i - 1], ring[i]) : (ring[i], ring[i - 1]);
                if (seen.Add((a.X, a.Y, b.X, b.Y)))
                {
                    lines.Add(factory.CreateLineString(Meander.Path(a, b, amplitude: 0.12, shortestPiece: 200, BorderSalt)));
                }
            }
        }

        return lines;
    }

    /// <summary>
    /// A face takes the seat it contains. A face without one (a piece cut off by a bend of the county border, or by a
    /// bent edge) joins the neighbour it shares the longest border with, so every village stays in one piece.
    /// </summary>
    private static int[] LabelFaces(List<Geometry> faces, IReadOnlyList<Coordinate> sites)
    {
        var labels = Enumerable.Repeat(-1, faces.Count).ToArray();
        for (var s = 0; s < sites.Count; s++)
        {
            var point = faces[0].Factory.CreatePoint(sites[s]);
            var face = faces.FindIndex(f => f.EnvelopeInternal.Contains(sites[s]) && f.Contains(point));
            if (face < 0 || labels[face] >= 0)
            {
                throw new InvalidOperationException($"Village seat {s} is outside the county or shares a cell.");
            }

            labels[face] = s;
        }

        var borders = SharedBorders.Between(faces);
        bool changed;
        do
        {
            changed = false;
            for (var f = 0; f < faces.Count; f++)
            {
                if (labels[f] >= 0)
                {
                    continue;
                }

                var best = borders.Where(b => (b.A == f && labels[b.B] >= 0) || (b.B == f && labels[b.A] >= 0))
                    .OrderByDescending(b => b.Length).ThenBy(b => b.A).ThenBy(b => b.B)
                    .FirstOrDefault();
                if (best.Length > 0)
                {
                    labels[f] = labels[best.A == f ? best.B : best.A];
                    changed = true;
                }
            }
        }
        while (changed);

        if (labels.Any(l => l < 0))
        {
            throw new InvalidOperationException("A piece of the county touches no village.");
        }

        return labels;
    }
}
