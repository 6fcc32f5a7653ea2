using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>
/// Divides a village into grids of 150–300 households by recursive bisection: each cut is a straight line between
/// two groups of houses (at least 3 m from every house), clipped to the piece being cut. A house's grid is then a
/// matter of which side of each cut it lies on, so every house lies inside its grid by construction.
/// </summary>
public static class GridCutter
{
    public const int MinHouseholds = 150;
    public const int MaxHouseholds = 300;

    // Try the direction of greatest spread first; turn the cut when it would slice the piece into more than two parts.
    private static readonly double[] TurnsInDegrees = [0, 20, -20, 40, -40, 60, -60, 90];

    /// <summary>
    /// Ever looser: a wide gap near the balanced position (cuts between hamlets), then anywhere the sizes allow, then
    /// narrower gaps for dense town blocks. Even 0.5 m leaves every house three times the rounding (≤ 0.08 m) away from
    /// the cut, and the final coverage checks every house against its rounded grid anyway.
    /// </summary>
    private static IEnumerable<BalancedSplit.Rule> Rules(int households, int groups)
    {
        yield return new BalancedSplit.Rule(MinHouseholds, MaxHouseholds, Math.Max(3, households / (6 * groups)), MinGap: 6);
        yield return new BalancedSplit.Rule(MinHouseholds, MaxHouseholds, households, MinGap: 6);
        yield return new BalancedSplit.Rule(MinHouseholds, MaxHouseholds, households, MinGap: 2);
        yield return new BalancedSplit.Rule(MinHouseholds, MaxHouseholds, households, MinGap: 0.5);
    }

    public static int GridCountFor(int households) => Math.Max(1, (households + MaxHouseholds - 1) / MaxHouseholds);

    public static GridCutTree Cut(Geometry village, IReadOnlyList<Coordinate> houses, GeometryFactory factory)
    {
        var leaves = new List<int[]>();
        var chords = new List<LineString>();
        var members = Enumerable.Range(0, houses.Count).ToArray();
        var root = Cut(village, houses, members, GridCountFor(houses.Count), factory, leaves, chords);
        return new GridCutTree(root, leaves, chords);
    }

    private static GridCutTree.Node Cut(
        Geometry piece, IReadOnlyList<Coordinate> houses, int[] members, int groups, GeometryFactory factory, List<int[]> leaves, List<LineString> chords)
    {
        if (groups == 1)
        {
            // BalancedSplit kept every side within the bounds; only a village under 150 households makes a smaller grid.
            leaves.Add(members);
            return GridCutTree.Node.Leaf(leaves.Count - 1);
        }

        var (leftGroups, rightGroups) = (groups / 2, groups - groups / 2);
        var axis = BalancedSplit.PrincipalAxis(houses, members);
        (BalancedSplit.Split Split, Geometry Chord)? chosen = null, fallback = null;
        foreach (var rule in Rules(members.Length, groups))
        {
            foreach (var turn in TurnsInDegrees)
            {
                var split = BalancedSplit.TryFind(houses, members, BalancedSplit.Rotate(axis, turn), leftGroups, rightGroups, rule);
                if (split is null)
                {
                    continue;
                }

                var chord = OverlayNGRobust.Overlay(CutLine(split, factory), piece, SpatialFunction.Intersection);
                fallback ??= (split, chord);
                if (chord is LineString)
                {
                    chosen = (split, chord);
                    break;
                }
            }

            if (chosen is not null)
            {
                break;
            }
        }

        if ((chosen ?? fallback) is not { } cut)
        {
            throw new InvalidOperationException($"No straight cut divides {members.Length} households into {groups} grids with a clear gap.");
        }

        chords.AddRange(Enumerable.Range(0, cut.Chord.NumGeometries).Select(cut.Chord.GetGeometryN).OfType<LineString>());
        var halfPlane = LeftHalfPlane(cut.Split, factory);
        var left = Cut(OverlayNGRobust.Overlay(piece, halfPlane, SpatialFunction.Intersection), houses, cut.Split.Left, leftGroups, factory, leaves, chords);
        var right = Cut(OverlayNGRobust.Overlay(piece, halfPlane, SpatialFunction.Difference), houses, cut.Split.Right, rightGroups, factory, leaves, chords);
        return GridCutTree.Node.Branch(cut.Split.Direction, cut.Split.Threshold, left, right);
    }

    // Far beyond any county (metres), so the line crosses the whole piece.
    private const double Reach = 1_000_000;

    private static LineString CutLine(BalancedSplit.Split split, GeometryFactory factory)
    {
        var (_, c, e) = Frame(split);
        return factory.CreateLineString([new Coordinate(c.X - e.X * Reach, c.Y - e.Y * Reach), new Coordinate(c.X + e.X * Reach, c.Y + e.Y * Reach)]);
    }

    private static Polygon LeftHalfPlane(BalancedSplit.Split split, GeometryFactory factory)
    {
        var (d, c, e) = Frame(split);
        Coordinate At(double along, double across) => new(c.X + e.X * along + d.X * across, c.Y + e.Y * along + d.Y * across);
        return factory.CreatePolygon([At(-Reach, 0), At(Reach, 0), At(Reach, -Reach), At(-Reach, -Reach), At(-Reach, 0)]);
    }

    /// <returns>The cut's normal d, a point c on the cut, and the cut's direction e.</returns>
    private static (Coordinate D, Coordinate C, Coordinate E) Frame(BalancedSplit.Split split)
    {
        var d = split.Direction;
        return (d, new Coordinate(d.X * split.Threshold, d.Y * split.Threshold), new Coordinate(-d.Y, d.X));
    }
}
