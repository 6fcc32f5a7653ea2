using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>
/// Groups a grid's households into 十联户 units of about ten neighbours (5–20). Units stay within a hamlet: each
/// hamlet's part of the grid is split by recursive balanced bisection along its direction of greatest spread; a
/// fragment too small for a unit (a hamlet cut by the grid border) joins the nearest other part.
/// </summary>
public static class LinkUnitGrouping
{
    public const int TargetSize = 10;
    public const int MinSize = 5;
    private static readonly BalancedSplit.Rule Rule = new(MinPerGroup: MinSize, MaxPerGroup: 20, Window: 2, MinGap: 0);

    public static IReadOnlyList<int[]> Group(IReadOnlyList<Coordinate> houses, IReadOnlyList<int> members, Func<int, int> hamletOf)
    {
        var parts = members.GroupBy(hamletOf).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        if (parts.Count > 1)
        {
            foreach (var fragment in parts.Where(p => p.Count < MinSize).ToList())
            {
                parts.Remove(fragment);
                var centre = Centre(houses, fragment);
                var nearest = parts.Where(p => p.Count >= MinSize).DefaultIfEmpty(parts[0])
                    .MinBy(p => Centre(houses, p).Distance(centre))!;
                nearest.AddRange(fragment);
            }
        }

        var units = new List<int[]>();
        foreach (var part in parts)
        {
            Split(houses, part.ToArray(), Math.Max(1, (part.Count + TargetSize / 2) / TargetSize), units);
        }

        return units;
    }

    private static void Split(IReadOnlyList<Coordinate> houses, int[] members, int groups, List<int[]> units)
    {
        if (groups == 1)
        {
            units.Add(members);
            return;
        }

        var (leftGroups, rightGroups) = (groups / 2, groups - groups / 2);
        var axis = BalancedSplit.PrincipalAxis(houses, members);
        var split = BalancedSplit.TryFind(houses, members, axis, leftGroups, rightGroups, Rule)
            ?? throw new InvalidOperationException("Households could not be split into units.");
        Split(houses, split.Left, leftGroups, units);
        Split(houses, split.Right, rightGroups, units);
    }

    private static Coordinate Centre(IReadOnlyList<Coordinate> houses, List<int> members) =>
        new(members.Average(m => houses[m].X), members.Average(m => houses[m].Y));
}
