using NetTopologySuite.Geometries;
using NetTopologySuite.Noding;
using NetTopologySuite.Noding.Snapround;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Polygonize;

namespace GridGovernance.DemoCounty.Spatial;

/// <summary>
/// Turns a set of lines into the faces they enclose. All lines are noded together with snap-rounding on a fixed
/// precision grid first, so neighbouring faces are built from the very same vertices: they tile with no gap or
/// overlap, and stay valid once written at that precision. Clipping each piece separately would round shared
/// edges independently and leave slivers.
/// </summary>
public static class Arrangement
{
    public static IReadOnlyList<Polygon> Faces(IEnumerable<LineString> lines, PrecisionModel precision, GeometryFactory factory)
    {
        // The noder alone: a line union (UnaryUnionNG) nodes the same way but builds an overlay graph on top, ten times slower.
        var noder = new SnapRoundingNoder(precision);
        noder.ComputeNodes(UniqueRuns(lines.Select(l => l.Coordinates)).Select(r => (ISegmentString)new NodedSegmentString(r, null)).ToList());
        var polygonizer = new Polygonizer { IsCheckingRingsValid = false };
        foreach (var run in UniqueRuns(noder.GetNodedSubstrings().Select(s => s.Coordinates)))
        {
            polygonizer.Add(factory.CreateLineString(run));
        }

        return polygonizer.GetPolygons().Cast<Polygon>().ToList();
    }

    /// <summary>
    /// Cuts lines into runs of segments not met before (in either direction), skipping zero-length ones. A border
    /// shared by two rings then reaches the noder and the polygonizer once, and the polygonizer gets whole chains
    /// rather than thousands of two-point lines. Runs only end where segments repeat, never inside a noded edge.
    /// </summary>
    private static IEnumerable<Coordinate[]> UniqueRuns(IEnumerable<Coordinate[]> lines)
    {
        var seen = new HashSet<(double, double, double, double)>();
        var run = new List<Coordinate>();
        foreach (var line in lines)
        {
            run.Clear();
            for (var i = 1; i < line.Length; i++)
            {
                var (a, b) = (line[i - 1], line[i]);
                var order = a.CompareTo(b);
                if (order == 0)
                {
                    continue;
                }

                if (seen.Add(order < 0 ? (a.X, a.Y, b.X, b.Y) : (b.X, b.Y, a.X, a.Y)))
                {
                    if (run.Count == 0)
                    {
                        run.Add(a.Copy());
                    }

                    run.Add(b.Copy());
                }
                else if (run.Count > 0)
                {
                    yield return run.ToArray();
                    run.Clear();
                }
            }

            if (run.Count > 0)
            {
                yield return run.ToArray();
            }
        }
    }

    /// <summary>Dissolves faces of one arrangement (shared edges match exactly) into one shape.</summary>
    public static Geometry Dissolve(IEnumerable<Geometry> faces, GeometryFactory factory)
    {
        var polygons = faces.SelectMany(Polygons).ToArray();
        return polygons.Length == 1 ? polygons[0] : CoverageUnion.Union(factory.CreateMultiPolygon(polygons));
    }

    public static IEnumerable<Polygon> Polygons(Geometry geometry)
    {
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            if (geometry.GetGeometryN(i) is Polygon polygon && !polygon.IsEmpty)
            {
                yield return polygon;
            }
        }
    }
}
