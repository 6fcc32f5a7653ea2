using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Spatial;

/// <summary>
/// Keeps points at least a minimum distance apart (a hash of square cells as wide as that distance), so no two
/// houses share a spot, even after rounding to six decimals.
/// </summary>
public sealed class SpacingIndex(double minimumDistance)
{
    private readonly Dictionary<(long, long), List<Coordinate>> _cells = new();

    /// <returns>False, and nothing added, when a point already lies closer than the minimum distance.</returns>
    public bool TryAdd(Coordinate point)
    {
        var (cx, cy) = Cell(point);
        for (var dx = -1; dx <= 1; dx++)
        {
            for (var dy = -1; dy <= 1; dy++)
            {
                if (_cells.TryGetValue((cx + dx, cy + dy), out var points) && points.Any(p => p.Distance(point) < minimumDistance))
                {
                    return false;
                }
            }
        }

        if (!_cells.TryGetValue((cx, cy), out var cell))
        {
            cell = new List<Coordinate>();
            _cells[(cx, cy)] = cell;
        }

        cell.Add(point);
        return true;
    }

    private (long, long) Cell(Coordinate p) => ((long)Math.Floor(p.X / minimumDistance), (long)Math.Floor(p.Y / minimumDistance));
}
