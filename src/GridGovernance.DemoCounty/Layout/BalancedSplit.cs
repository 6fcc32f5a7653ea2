using GridGovernance.DemoCounty.Spatial;
using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>
/// Splits a set of points with a straight line into two sides that will hold a given number of groups each, every
/// group within size bounds. Near the balanced position it prefers the widest gap between consecutive points, so a
/// cut tends to run between hamlets rather than through one.
/// </summary>
public static class BalancedSplit
{
    /// <param name="Window">How far (in points) the cut may move from the balanced position to find a wide gap.</param>
    /// <param name="MinGap">Least distance between the last point on one side and the first on the other.</param>
    public readonly record struct Rule(int MinPerGroup, int MaxPerGroup, int Window, double MinGap);

    /// <summary>Left holds the points whose projection on <see cref="Direction"/> is below <see cref="Threshold"/>.</summary>
    public sealed record Split(int[] Left, int[] Right, Coordinate Direction, double Threshold);

    public static double Project(Coordinate point, Coordinate direction) => point.X * direction.X + point.Y * direction.Y;

    public static Split? TryFind(
        IReadOnlyList<Coordinate> points, IReadOnlyList<int> members, Coordinate direction, int leftGroups, int rightGroups, Rule rule)
    {
        var n = members.Count;
        var sorted = members
            .Select(m => (Index: m, Value: Project(points[m], direction)))
            .OrderBy(v => v.Value).ThenBy(v => v.Index)
            .ToArray();
        var groups = leftGroups + rightGroups;
        var lo = Math.Max(Math.Max(rule.MinPerGroup * leftGroups, n - rule.MaxPerGroup * rightGroups), 1);
        var hi = Math.Min(Math.Min(rule.MaxPerGroup * leftGroups, n - rule.MinPerGroup * rightGroups), n - 1);
        if (lo > hi)
        {
            return null;
        }

        var ideal = Math.Clamp((int)((2L * n * leftGroups + groups) / (2L * groups)), lo, hi);
        var best = -1;
        var bestGap = double.NegativeInfinity;
        for (var i = Math.Max(lo, ideal - rule.Window); i <= Math.Min(hi, ideal + rule.Window); i++)
        {
            var gap = sorted[i].Value - sorted[i - 1].Value;
            if (gap > bestGap || (gap == bestGap && Math.Abs(i - ideal) < Math.Abs(best - ideal)))
            {
                best = i;
                bestGap = gap;
            }
        }

        if (best < 0 || bestGap < rule.MinGap)
        {
            return null;
        }

        return new Split(
            sorted[..best].Select(v => v.Index).ToArray(),
            sorted[best..].Select(v => v.Index).ToArray(),
            direction,
            (sorted[best - 1].Value + sorted[best].Value) / 2);
    }

    /// <summary>Unit vector along which the points spread most (major eigenvector of their covariance).</summary>
    public static Coordinate PrincipalAxis(IReadOnlyList<Coordinate> points, IReadOnlyList<int> members)
    {
        double mx = 0, my = 0;
        foreach (var m in members)
        {
            mx += points[m].X;
            my += points[m].Y;
        }

        mx /= members.Count;
        my /= members.Count;
        double sxx = 0, syy = 0, sxy = 0;
        foreach (var m in members)
        {
            var (dx, dy) = (points[m].X - mx, points[m].Y - my);
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }

        var half = (sxx - syy) / 2;
        var lambda = (sxx + syy) / 2 + Math.Sqrt(half * half + sxy * sxy);
        var (x, y) = Math.Abs(sxy) > 1e-9 * (sxx + syy) ? (lambda - syy, sxy) : (sxx >= syy ? (1.0, 0.0) : (0.0, 1.0));
        var length = Math.Sqrt(x * x + y * y);
        return new Coordinate(x / length, y / length);
    }

    public static Coordinate Rotate(Coordinate direction, double degrees)
    {
        var radians = PortableMath.DegreesToRadians(degrees);
        var (cos, sin) = (PortableMath.Cos(radians), PortableMath.Sin(radians));
        return new Coordinate(direction.X * cos - direction.Y * sin, direction.X * sin + direction.Y * cos);
    }
}
