using GridGovernance.DemoCounty.Randomness;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>The stretches of road inside one area, for picking evenly spread points along them.</summary>
public sealed class RoadPieces
{
    private readonly List<LineSegment> _segments = new();
    private readonly List<double> _cumulative = new();

    public RoadPieces(Geometry area, IEnumerable<LineString> roads)
    {
        var envelope = area.EnvelopeInternal;
        foreach (var road in roads.Where(r => r.EnvelopeInternal.Intersects(envelope)))
        {
            var inside = OverlayNGRobust.Overlay(road, area, SpatialFunction.Intersection);
            for (var g = 0; g < inside.NumGeometries; g++)
            {
                if (inside.GetGeometryN(g) is not LineString piece)
                {
                    continue;
                }

                var coordinates = piece.Coordinates;
                for (var i = 1; i < coordinates.Length; i++)
                {
                    var segment = new LineSegment(coordinates[i - 1], coordinates[i]);
                    if (segment.Length > 0)
                    {
                        _segments.Add(segment);
                        _cumulative.Add(TotalLength + segment.Length);
                    }
                }
            }
        }
    }

    public double TotalLength => _cumulative.Count == 0 ? 0 : _cumulative[^1];

    /// <summary>A point uniformly along the roads, with the road's unit direction there.</summary>
    public (Coordinate Point, Coordinate Direction) PickPoint(DemoRandom random)
    {
        var target = random.NextDouble() * TotalLength;
        var index = _cumulative.BinarySearch(target);
        index = index < 0 ? ~index : index;
        index = Math.Min(index, _segments.Count - 1);
        var segment = _segments[index];
        var start = index == 0 ? 0 : _cumulative[index - 1];
        var fraction = Math.Clamp((target - start) / segment.Length, 0, 1);
        return (segment.PointAlong(fraction), Direction(segment));
    }

    /// <summary>Direction of the road nearest to a point, if one passes within <paramref name="within"/> metres.</summary>
    public Coordinate? DirectionNear(Coordinate point, double within)
    {
        LineSegment? nearest = null;
        var best = within;
        foreach (var segment in _segments)
        {
            var d = segment.Distance(point);
            if (d < best)
            {
                best = d;
                nearest = segment;
            }
        }

        return nearest is null ? null : Direction(nearest);
    }

    private static Coordinate Direction(LineSegment segment) =>
        new((segment.P1.X - segment.P0.X) / segment.Length, (segment.P1.Y - segment.P0.Y) / segment.Length);
}
