using GridGovernance.DemoCounty.Randomness;
using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Spatial;

/// <summary>
/// Bends a straight edge into a natural-looking line by midpoint displacement. The bends are seeded by the edge's
/// endpoints in a canonical order, so the two cells sharing an edge bend it identically and still meet exactly.
/// </summary>
public static class Meander
{
    /// <param name="amplitude">Largest sideways shift of a midpoint, as a share of the piece's length (keep ≤ 0.2).</param>
    /// <param name="shortestPiece">Pieces shorter than this (metres) stay straight.</param>
    /// <param name="salt">Separates uses (borders, roads) that may share endpoints.</param>
    public static Coordinate[] Path(Coordinate from, Coordinate to, double amplitude, double shortestPiece, ulong salt)
    {
        var reversed = from.CompareTo(to) > 0;
        var (p, q) = reversed ? (to, from) : (from, to);
        var random = new DemoRandom(StableHash.Of(p.X, p.Y, q.X, q.Y) ^ salt);
        var points = new List<Coordinate> { p.Copy() };
        Subdivide(p, q, amplitude, shortestPiece, random, points);
        points.Add(q.Copy());
        if (reversed)
        {
            points.Reverse();
        }

        return points.ToArray();
    }

    private static void Subdivide(Coordinate p, Coordinate q, double amplitude, double shortestPiece, DemoRandom random, List<Coordinate> points)
    {
        var dx = q.X - p.X;
        var dy = q.Y - p.Y;
        var length = Math.Sqrt(dx * dx + dy * dy);
        if (length < shortestPiece)
        {
            return;
        }

        // The normal (−dy, dx)/length has unit length, so the shift is a share of this piece's length.
        var shift = amplitude * random.Uniform(-1.0, 1.0);
        var mid = new Coordinate((p.X + q.X) / 2 - dy * shift, (p.Y + q.Y) / 2 + dx * shift);
        Subdivide(p, mid, amplitude, shortestPiece, random, points);
        points.Add(mid);
        Subdivide(mid, q, amplitude, shortestPiece, random, points);
    }
}
