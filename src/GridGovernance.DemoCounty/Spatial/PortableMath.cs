namespace GridGovernance.DemoCounty.Spatial;

/// <summary>
/// Sine and cosine from +, −, ×, ÷ only. Math.Sin/Cos call the platform's C library, whose last bit may differ between
/// Linux, Windows and macOS; one flipped bit can move a rounded coordinate and break the byte-identical output.
/// IEEE basic operations (and Math.Sqrt, Math.Round) are exact everywhere, so these results are too.
/// </summary>
public static class PortableMath
{
    public const double Pi = 3.141592653589793;
    public const double TwoPi = 6.283185307179586;
    public const double HalfPi = 1.5707963267948966;

    public static double Sin(double x)
    {
        var r = x - Math.Round(x / TwoPi) * TwoPi;
        if (r > HalfPi)
        {
            r = Pi - r;
        }
        else if (r < -HalfPi)
        {
            r = -Pi - r;
        }

        // Taylor series in nested form; on [−π/2, π/2] the 25th-order remainder is below 1e-17.
        var r2 = r * r;
        var sum = 1.0;
        for (var n = 24; n >= 2; n -= 2)
        {
            sum = 1.0 - r2 / (n * (n + 1.0)) * sum;
        }

        return r * sum;
    }

    public static double Cos(double x) => Sin(x + HalfPi);

    public static double DegreesToRadians(double degrees) => degrees * (Pi / 180.0);
}
