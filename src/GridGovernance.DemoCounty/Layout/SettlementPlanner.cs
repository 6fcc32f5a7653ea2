using GridGovernance.DemoCounty.Spatial;
using GridGovernance.DemoCounty.Randomness;
using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>
/// Puts a village's households into hamlets strung along its roads (some off-road, as mountain hamlets are), or a
/// town community's households along its streets. The first hamlet sits at the village seat.
/// </summary>
public static class SettlementPlanner
{
    /// <summary>Houses keep this distance (m) from the village border, far above the ≈ 0.1 m of coordinate rounding.</summary>
    public const double BorderMargin = 12;

    private sealed record Style(
        double MinPerHamlet, double MaxPerHamlet, int MinHamlets, int MaxHamlets,
        double HamletSpacing, double OnRoadShare, double HouseSpacing, Func<int, (double Along, double Across)> Spread);

    private static readonly Style Rural = new(26, 50, 3, 14, 420, 0.75, 7, n => (11 * Math.Sqrt(n) + 25, 0.35 * (11 * Math.Sqrt(n) + 25) + 8));
    private static readonly Style Urban = new(110, 170, 4, 10, 250, 0.9, 5, n => (9 * Math.Sqrt(n) + 40, 0.6 * (9 * Math.Sqrt(n) + 40)));

    public static Settlement Plan(
        Geometry village, Coordinate seat, bool urban, int householdCount, RoadPieces roads, Func<string> nextName, DemoRandom random)
    {
        var style = urban ? Urban : Rural;
        var inside = new MarginLocator(village);
        var hamletCount = Math.Clamp(
            (int)Math.Round(householdCount / random.Uniform(style.MinPerHamlet, style.MaxPerHamlet)), style.MinHamlets, style.MaxHamlets);
        var sizes = SplitCount(householdCount, hamletCount, random);
        var centres = PlaceCentres(village, seat, hamletCount, style, roads, inside, random);

        var hamletNames = centres.Select(_ => nextName()).ToList();
        var houses = new List<House>(householdCount);
        var spacing = new SpacingIndex(style.HouseSpacing);
        for (var h = 0; h < hamletCount; h++)
        {
            var (centre, along) = centres[h];
            var across = new Coordinate(-along.Y, along.X);
            var (spreadAlong, spreadAcross) = style.Spread(sizes[h]);
            var positions = new List<Coordinate>(sizes[h]);
            for (var n = 0; n < sizes[h]; n++)
            {
                positions.Add(PlaceHouse(centre, along, across, spreadAlong, spreadAcross, inside, spacing, random));
            }

            // Door numbers run along the road.
            var numbered = positions
                .Select((p, i) => (Position: p, Index: i, Along: (p.X - centre.X) * along.X + (p.Y - centre.Y) * along.Y))
                .OrderBy(x => x.Along).ThenBy(x => x.Index)
                .Select((x, rank) => new House(x.Position, h, rank + 1));
            houses.AddRange(numbered);
        }

        return new Settlement(hamletNames, houses);
    }

    private static List<(Coordinate Centre, Coordinate Direction)> PlaceCentres(
        Geometry village, Coordinate seat, int count, Style style, RoadPieces roads, MarginLocator inside, DemoRandom random)
    {
        var first = inside.IsInside(seat, 80) ? seat.Copy() : village.InteriorPoint.Coordinate.Copy();
        var centres = new List<(Coordinate, Coordinate)> { (first, roads.DirectionNear(first, 300) ?? RandomDirection(random)) };
        var envelope = village.EnvelopeInternal;
        var spacing = style.HamletSpacing;
        var failures = 0;
        while (centres.Count < count)
        {
            Coordinate centre;
            Coordinate direction;
            if (roads.TotalLength > 0 && random.Chance(style.OnRoadShare))
            {
                (centre, direction) = roads.PickPoint(random);
            }
            else
            {
                centre = new Coordinate(random.Uniform(envelope.MinX, envelope.MaxX), random.Uniform(envelope.MinY, envelope.MaxY));
                direction = RandomDirection(random);
            }

            if (inside.IsInside(centre, 80) && centres.All(c => c.Item1.Distance(centre) >= spacing))
            {
                centres.Add((centre, direction));
            }
            else if (++failures % 100 == 0)
            {
                // A small or narrow village: let hamlets sit closer together rather than give up.
                spacing *= 0.85;
            }
        }

        return centres;
    }

    private static Coordinate PlaceHouse(
        Coordinate centre, Coordinate along, Coordinate across, double spreadAlong, double spreadAcross,
        MarginLocator inside, SpacingIndex spacing, DemoRandom random)
    {
        for (var attempt = 1; attempt <= 5000; attempt++)
        {
            var a = spreadAlong * random.NextBell();
            var b = spreadAcross * random.NextBell();
            var p = new Coordinate(centre.X + along.X * a + across.X * b, centre.Y + along.Y * a + across.Y * b);
            if (inside.IsInside(p, BorderMargin) && spacing.TryAdd(p))
            {
                return p;
            }

            if (attempt % 40 == 0)
            {
                // Crowded or cut off by the border: spread the hamlet wider.
                spreadAlong *= 1.25;
                spreadAcross *= 1.25;
            }
        }

        throw new InvalidOperationException("Could not place a house near its hamlet.");
    }

    /// <summary>Splits a total into parts of random size (the first, the village seat, larger), each at least 8.</summary>
    private static int[] SplitCount(int total, int parts, DemoRandom random)
    {
        var weights = Enumerable.Range(0, parts).Select(i => random.Uniform(0.45, 1.55) * (i == 0 ? 1.6 : 1.0)).ToArray();
        // A plain loop: LINQ may sum a double[] with SIMD, whose order (and last bit) depends on the processor.
        var sum = 0.0;
        foreach (var w in weights)
        {
            sum += w;
        }

        var exact = weights.Select(w => total * w / sum).ToArray();
        var sizes = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var byRemainder = Enumerable.Range(0, parts).OrderByDescending(i => exact[i] - sizes[i]).ThenBy(i => i).ToList();
        for (var k = 0; sizes.Sum() < total; k++)
        {
            sizes[byRemainder[k]]++;
        }

        while (sizes.Min() < 8)
        {
            var smallest = Array.IndexOf(sizes, sizes.Min());
            var largest = Array.IndexOf(sizes, sizes.Max());
            sizes[smallest]++;
            sizes[largest]--;
        }

        return sizes;
    }

    private static Coordinate RandomDirection(DemoRandom random)
    {
        while (true)
        {
            var x = random.Uniform(-1, 1);
            var y = random.Uniform(-1, 1);
            var length = Math.Sqrt(x * x + y * y);
            if (length is > 0.1 and <= 1)
            {
                return new Coordinate(x / length, y / length);
            }
        }
    }
}
