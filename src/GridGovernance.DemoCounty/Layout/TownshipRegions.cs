using GridGovernance.DemoCounty.Spatial;
using GridGovernance.DemoCounty.Randomness;
using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>
/// Groups village cells into townships of the real village counts, so a township's area follows its number of
/// villages. Each township has a centre; cells go to centres by a least-total-distance assignment that fills every
/// quota exactly (a discrete capacity-constrained Voronoi), and centres move to their cells' mean (Lloyd). The seat
/// township's centre stays on the county seat. A layout where a township falls apart is drawn again.
/// </summary>
public static class TownshipRegions
{
    private const int Attempts = 200;
    private const int LloydRounds = 12;

    /// <param name="TownshipOfCell">Township index of each cell.</param>
    /// <param name="SeatCellOfTownship">The cell holding each township's seat (its first village).</param>
    public sealed record Result(int[] TownshipOfCell, int[] SeatCellOfTownship);

    /// <param name="villageCounts">Villages per township; township 0 holds the county seat.</param>
    public static Result Grow(
        IReadOnlyList<Coordinate> sites,
        IReadOnlyList<SharedBorders.Border> borders,
        IReadOnlyList<int> villageCounts,
        Coordinate countySeat,
        double countyRadius,
        DemoRandom random)
    {
        if (villageCounts.Sum() != sites.Count)
        {
            throw new ArgumentException("Township village counts must add up to the number of cells.", nameof(villageCounts));
        }

        var neighbours = Enumerable.Range(0, sites.Count).Select(_ => new List<int>()).ToArray();
        foreach (var border in borders)
        {
            neighbours[border.A].Add(border.B);
            neighbours[border.B].Add(border.A);
        }

        var seatCell = VillageSites.Nearest(sites, countySeat);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var centres = InitialCentres(villageCounts, countySeat, countyRadius, random);
            int[] owners = [];
            for (var round = 0; round < LloydRounds; round++)
            {
                owners = Assign(sites, centres, villageCounts, seatCell);
                for (var t = 1; t < centres.Length; t++)
                {
                    var mine = Enumerable.Range(0, sites.Count).Where(c => owners[c] == t).ToList();
                    centres[t] = new Coordinate(mine.Average(c => sites[c].X), mine.Average(c => sites[c].Y));
                }
            }

            if (Enumerable.Range(0, villageCounts.Count).All(t => IsConnected(t, owners, neighbours)))
            {
                var seats = Enumerable.Range(0, villageCounts.Count)
                    .Select(t => t == 0 ? seatCell : NearestOwned(t, owners, sites, centres[t]))
                    .ToArray();
                return new Result(owners, seats);
            }
        }

        throw new InvalidOperationException($"No township layout with connected townships found in {Attempts} attempts.");
    }

    /// <summary>The seat township at the county seat; the others on a ring around it, each in an arc as wide as its share.</summary>
    private static Coordinate[] InitialCentres(IReadOnlyList<int> villageCounts, Coordinate countySeat, double countyRadius, DemoRandom random)
    {
        var centres = new Coordinate[villageCounts.Count];
        centres[0] = countySeat.Copy();
        var others = villageCounts.Skip(1).Sum();
        var angle = random.Uniform(0, PortableMath.TwoPi);
        for (var t = 1; t < villageCounts.Count; t++)
        {
            var span = PortableMath.TwoPi * villageCounts[t] / others;
            var middle = angle + span / 2;
            angle += span;
            var distance = countyRadius * random.Uniform(0.45, 0.75);
            centres[t] = new Coordinate(countySeat.X + distance * PortableMath.Sin(middle), countySeat.Y + distance * PortableMath.Cos(middle));
        }

        return centres;
    }

    /// <summary>Cells to townships, quotas filled exactly, least total squared distance; the seat cell is the seat township's.</summary>
    private static int[] Assign(IReadOnlyList<Coordinate> sites, Coordinate[] centres, IReadOnlyList<int> quotas, int seatCell)
    {
        var slotOwner = quotas.SelectMany((q, t) => Enumerable.Repeat(t, q)).ToArray();
        var cost = new double[sites.Count][];
        for (var c = 0; c < sites.Count; c++)
        {
            cost[c] = new double[slotOwner.Length];
            for (var s = 0; s < slotOwner.Length; s++)
            {
                var t = slotOwner[s];
                var dx = sites[c].X - centres[t].X;
                var dy = sites[c].Y - centres[t].Y;
                cost[c][s] = c == seatCell && t != 0 ? 1e15 : dx * dx + dy * dy;
            }
        }

        return MinCostAssignment.Solve(cost).Select(s => slotOwner[s]).ToArray();
    }

    private static bool IsConnected(int township, int[] owners, List<int>[] neighbours)
    {
        var cells = Enumerable.Range(0, owners.Length).Where(c => owners[c] == township).ToList();
        var reached = new bool[owners.Length];
        var queue = new Queue<int>();
        queue.Enqueue(cells[0]);
        reached[cells[0]] = true;
        var count = 0;
        while (queue.Count > 0)
        {
            var c = queue.Dequeue();
            count++;
            foreach (var n in neighbours[c].Where(n => owners[n] == township && !reached[n]))
            {
                reached[n] = true;
                queue.Enqueue(n);
            }
        }

        return count == cells.Count;
    }

    private static int NearestOwned(int township, int[] owners, IReadOnlyList<Coordinate> sites, Coordinate centre) =>
        Enumerable.Range(0, owners.Length).Where(c => owners[c] == township)
            .OrderBy(c => sites[c].Distance(centre)).ThenBy(c => c).First();
}
