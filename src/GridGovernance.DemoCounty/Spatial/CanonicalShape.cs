using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Spatial;

/// <summary>
/// One spelling for each shape: a MultiPolygon whose shells run counter-clockwise and holes clockwise (RFC 7946),
/// every ring starting at its lowest (x, then y) vertex, polygons ordered by that vertex. Output then depends on the
/// shape alone, not on the order in which NetTopologySuite happened to build its rings.
/// </summary>
public static class CanonicalShape
{
    public static MultiPolygon ToMultiPolygon(Geometry shape, GeometryFactory factory)
    {
        var polygons = Arrangement.Polygons(shape)
            .Select(p => Canonical(p, factory))
            .OrderBy(p => p.ExteriorRing.GetCoordinateN(0))
            .ToArray();
        return factory.CreateMultiPolygon(polygons);
    }

    private static Polygon Canonical(Polygon polygon, GeometryFactory factory)
    {
        var shell = Ring(polygon.ExteriorRing.Coordinates, counterClockwise: true, factory);
        var holes = polygon.InteriorRings
            .Select(h => Ring(h.Coordinates, counterClockwise: false, factory))
            .OrderBy(h => h.GetCoordinateN(0))
            .ToArray();
        return factory.CreatePolygon(shell, holes);
    }

    private static LinearRing Ring(Coordinate[] closed, bool counterClockwise, GeometryFactory factory)
    {
        var open = closed.Take(closed.Length - 1).ToList();
        if (Orientation.IsCCW(closed) != counterClockwise)
        {
            open.Reverse();
        }

        var start = 0;
        for (var i = 1; i < open.Count; i++)
        {
            if (open[i].CompareTo(open[start]) < 0)
            {
                start = i;
            }
        }

        var ring = new Coordinate[open.Count + 1];
        for (var i = 0; i < open.Count; i++)
        {
            ring[i] = open[(start + i) % open.Count].Copy();
        }

        ring[open.Count] = ring[0].Copy();
        return factory.CreateLinearRing(ring);
    }
}
