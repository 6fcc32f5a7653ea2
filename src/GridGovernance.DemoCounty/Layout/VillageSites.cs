using GridGovernance.DemoCounty.Spatial;
using GridGovernance.DemoCounty.Randomness;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>
/// Places village seats (the seeds of village cells) by density-weighted Lloyd relaxation over sample points:
/// relaxed seeds give evenly sized, roundish cells, and a higher density around the county seat makes the town's
/// communities small, as urban communities are.
/// </summary>
public static class VillageSites
{
    private const int Iterations = 25;

    /// <param name="lengthScale">1 for a county of 2,000 km²; sample spacing and the town's extent scale with it.</param>
    public static IReadOnlyList<Coordinate> Place(Polygon county, int count, Coordinate countySeat, double lengthScale, DemoRandom random)
    {
        var samples = Samples(county, 400 * lengthScale, random);
        var weights = samples.Select(s => Density(s, countySeat, 2500 * lengthScale)).ToArray();
        var sites = InitialSites(samples, weights, count, countySeat, random);
        var inside = new MarginLocator(county);
        var (sampleX, sampleY) = (samples.Select(s => s.X).ToArray(), samples.Select(s => s.Y).ToArray());
        var owner = new int[samples.Count];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var (siteX, siteY) = (sites.Select(s => s.X).ToArray(), sites.Select(s => s.Y).ToArray());
            var sumX = new double[count];
            var sumY = new double[count];
            var sumW = new double[count];
            for (var s = 0; s < samples.Count; s++)
            {
                var nearest = Nearest(siteX, siteY, sampleX[s], sampleY[s]);
                owner[s] = nearest;
                sumX[nearest] += sampleX[s] * weights[s];
                sumY[nearest] += sampleY[s] * weights[s];
                sumW[nearest] += weights[s];
            }

            for (var i = 0; i < count; i++)
            {
                if (sumW[i] == 0)
                {
                    continue;
                }

                var centroid = new Coordinate(sumX[i] / sumW[i], sumY[i] / sumW[i]);
                // A cell wrapped around a bend of the border can have its centroid outside: take its own sample instead.
                sites[i] = inside.IsInside(centroid, 400 * lengthScale) ? centroid : NearestOwnSample(samples, owner, i, centroid);
            }
        }

        return sites;
    }

    // Arrays rather than Coordinate lists: this loop runs iterations × samples × sites times.
    private static int Nearest(double[] xs, double[] ys, double x, double y)
    {
        var best = 0;
        var bestDistance = double.MaxValue;
        for (var i = 0; i < xs.Length; i++)
        {
            var dx = xs[i] - x;
            var dy = ys[i] - y;
            var d = dx * dx + dy * dy;
            if (d < bestDistance)
            {
                best = i;
                bestDistance = d;
            }
        }

        return best;
    }

    /// <summary>Relative density of villages: up to 9× near the county seat, falling off over the town's extent (2.5 km at 2,000 km²).</summary>
    private static double Density(Coordinate p, Coordinate seat, double townExtent)
    {
        var d = p.Distance(seat) / townExtent;
        var d2 = d * d;
        return 1.0 + 8.0 / (1.0 + d2 * d2);
    }

    private static List<Coordinate> Samples(Polygon county, double spacing, DemoRandom random)
    {
        var locator = new IndexedPointInAreaLocator(county);
        var envelope = county.EnvelopeInternal;
        var samples = new List<Coordinate>();
        for (var y = envelope.MinY; y < envelope.MaxY; y += spacing)
        {
            for (var x = envelope.MinX; x < envelope.MaxX; x += spacing)
            {
                var p = new Coordinate(x + random.NextDouble() * spacing, y + random.NextDouble() * spacing);
                if (locator.Locate(p) == Location.Interior)
                {
                    samples.Add(p);
                }
            }
        }

        return samples;
    }

    private static List<Coordinate> InitialSites(List<Coordinate> samples, double[] weights, int count, Coordinate seat, DemoRandom random)
    {
        var chosen = new bool[samples.Count];
        var sites = new List<Coordinate>(count);
        var first = Nearest(samples, seat);
        chosen[first] = true;
        sites.Add(samples[first].Copy());
        while (sites.Count < count)
        {
            var pick = random.PickWeighted(weights);
            if (!chosen[pick])
            {
                chosen[pick] = true;
                sites.Add(samples[pick].Copy());
            }
        }

        return sites;
    }

    private static Coordinate NearestOwnSample(List<Coordinate> samples, int[] owner, int site, Coordinate target)
    {
        var best = -1;
        var bestDistance = double.MaxValue;
        for (var s = 0; s < samples.Count; s++)
        {
            var d = samples[s].Distance(target);
            if (owner[s] == site && d < bestDistance)
            {
                best = s;
                bestDistance = d;
            }
        }

        return samples[best].Copy();
    }

    internal static int Nearest(IReadOnlyList<Coordinate> points, Coordinate target) =>
        Nearest(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), target.X, target.Y);
}
