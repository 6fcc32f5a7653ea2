using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace GridGovernance.DemoCounty.Spatial;

/// <summary>
/// Tells whether a point lies inside an area and at least a margin away from its border. Houses keep such a margin
/// so that rounding the border to six decimals (≈ 0.1 m) can never put a house on the wrong side.
/// (A negative buffer would do the same but uses platform trigonometry.)
/// </summary>
public sealed class MarginLocator
{
    private readonly IndexedPointInAreaLocator _inside;
    private readonly STRtree<LineSegment> _border = new();

    public MarginLocator(Geometry area)
    {
        _inside = new IndexedPointInAreaLocator(area);
        foreach (var polygon in Arrangement.Polygons(area))
        {
            AddRing(polygon.ExteriorRing);
            foreach (var hole in polygon.InteriorRings)
            {
                AddRing(hole);
            }
        }

        _border.Build();
    }

    public bool IsInside(Coordinate point, double margin)
    {
        if (_inside.Locate(point) != Location.Interior)
        {
            return false;
        }

        var probe = new Envelope(point.X - margin, point.X + margin, point.Y - margin, point.Y + margin);
        foreach (var segment in _border.Query(probe))
        {
            if (segment.Distance(point) < margin)
            {
                return false;
            }
        }

        return true;
    }

    private void AddRing(LineString ring)
    {
        var coordinates = ring.Coordinates;
        for (var i = 1; i < coordinates.Length; i++)
        {
            var segment = new LineSegment(coordinates[i - 1], coordinates[i]);
            _border.Insert(new Envelope(segment.P0, segment.P1), segment);
        }
    }
}
