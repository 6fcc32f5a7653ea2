using GridGovernance.DemoCounty.Spatial;
using GridGovernance.DemoCounty.Randomness;
using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Layout;

/// <summary>
/// An organic county outline: a radius that varies with direction as a sum of random harmonics (strong low ones
/// give the lobes, weak high ones the ragged border), scaled to the wanted area. A radial shape can never cross
/// itself, so the outline is always a valid polygon.
/// </summary>
public static class CountyOutline
{
    private const int VertexCount = 1440;
    private const int HighestHarmonic = 96;

    public static Polygon Create(DemoRandom random, Coordinate centre, double areaSquareMetres, GeometryFactory factory)
    {
        var amplitudes = new double[HighestHarmonic + 1];
        var phases = new double[HighestHarmonic + 1];
        for (var k = 2; k <= HighestHarmonic; k++)
        {
            // 1/k for the lobes, steeper beyond k = 6 for the ragged edge; all amplitudes add up to less than 0.7, so r > 0.3.
            amplitudes[k] = k <= 6 ? 0.26 / k * random.Uniform(0.5, 1.0) : 0.2 / (k * Math.Sqrt(k / 6.0)) * random.Uniform(0.4, 1.0);
            phases[k] = random.Uniform(0, PortableMath.TwoPi);
        }

        // An elongated county reads as a real one more than a round blob does.
        amplitudes[2] = random.Uniform(0.14, 0.2);

        var unit = new Coordinate[VertexCount + 1];
        for (var j = 0; j < VertexCount; j++)
        {
            var theta = PortableMath.TwoPi * j / VertexCount;
            var radius = 1.0;
            for (var k = 2; k <= HighestHarmonic; k++)
            {
                radius += amplitudes[k] * PortableMath.Cos(k * theta + phases[k]);
            }

            unit[j] = new Coordinate(radius * PortableMath.Sin(theta), radius * PortableMath.Cos(theta));
        }

        unit[VertexCount] = unit[0];
        var scale = Math.Sqrt(areaSquareMetres / Math.Abs(SignedArea(unit)));
        var ring = unit.Select(c => new Coordinate(centre.X + c.X * scale, centre.Y + c.Y * scale)).ToArray();
        ring[VertexCount] = ring[0].Copy();
        return factory.CreatePolygon(ring);
    }

    private static double SignedArea(Coordinate[] ring)
    {
        var sum = 0.0;
        for (var i = 1; i < ring.Length; i++)
        {
            sum += ring[i - 1].X * ring[i].Y - ring[i].X * ring[i - 1].Y;
        }

        return sum / 2;
    }
}
