using NetTopologySuite.Geometries;
using Geometry = NetTopologySuite.Geometries.Geometry;

namespace GridGovernance.DemoCounty.Spatial;

/// <summary>
/// Area of a WGS-84 shape in km², through the sinusoidal projection (equal-area) about the shape's own longitude.
/// Accurate to well under 0.1% at county scale, which is all a summary needs.
/// </summary>
public static class EqualArea
{
    public static double SquareKilometres(Geometry degrees)
    {
        var centre = degrees.EnvelopeInternal.Centre.X;
        var sum = 0.0;
        foreach (var polygon in Arrangement.Polygons(degrees))
        {
            sum += Math.Abs(RingArea(polygon.ExteriorRing.Coordinates, centre));
            sum -= polygon.InteriorRings.Sum(h => Math.Abs(RingArea(h.Coordinates, centre)));
        }

        return sum / 1_000_000;
    }

    private static double RingArea(Coordinate[] ring, double centreLongitude)
    {
        var k = LocalProjection.MetresPerDegreeLatitude;
        double X(Coordinate c) => (c.X - centreLongitude) * k * PortableMath.Cos(PortableMath.DegreesToRadians(c.Y));
        var sum = 0.0;
        for (var i = 1; i < ring.Length; i++)
        {
            sum += X(ring[i - 1]) * ring[i].Y * k - X(ring[i]) * ring[i - 1].Y * k;
        }

        return sum / 2;
    }
}
