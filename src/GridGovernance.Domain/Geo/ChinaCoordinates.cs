namespace GridGovernance.Domain.Geo;

/// <summary>A longitude/latitude pair in degrees.</summary>
public readonly record struct LngLat(double Lng, double Lat);

/// <summary>
/// GCJ-02 ("Mars coordinates", used by AMap, Tencent and WeChat maps) to and from WGS-84.
/// GCJ-02 is WGS-84 plus a published, non-invertible offset of 20–700 m inside mainland China and zero outside it.
/// We store WGS-84 only; GCJ-02 input is converted with an iterative inverse (error well under 1 m;
/// a single-step inverse errs by up to ≈ 5 m).
/// </summary>
public static class ChinaCoordinates
{
    // The offset is defined on the Krasovsky 1940 ellipsoid.
    private const double SemiMajorAxis = 6378245.0;
    private const double EccentricitySquared = 0.00669342162296594323;

    /// <summary>The rough mainland bounding box within which the offset applies (the usual convention).</summary>
    public static bool IsInChina(LngLat p) => p.Lng is >= 72.004 and <= 137.8347 && p.Lat is >= 0.8293 and <= 55.8271;

    public static LngLat Wgs84ToGcj02(LngLat wgs)
    {
        if (!IsInChina(wgs)) return wgs;
        var (dLng, dLat) = Offset(wgs);
        return new LngLat(wgs.Lng + dLng, wgs.Lat + dLat);
    }

    /// <summary>
    /// Inverts <see cref="Wgs84ToGcj02"/> by fixed-point iteration: guess w, move it by the residual g − f(w), repeat.
    /// The offset changes slowly with position, so this converges to sub-centimetre in a handful of steps.
    /// </summary>
    public static LngLat Gcj02ToWgs84(LngLat gcj)
    {
        if (!IsInChina(gcj)) return gcj;
        var guess = gcj;
        for (var i = 0; i < 30; i++)
        {
            var projected = Wgs84ToGcj02(guess);
            var dLng = gcj.Lng - projected.Lng;
            var dLat = gcj.Lat - projected.Lat;
            guess = new LngLat(guess.Lng + dLng, guess.Lat + dLat);
            if (Math.Abs(dLng) < 1e-10 && Math.Abs(dLat) < 1e-10) break;
        }
        return guess;
    }

    /// <summary>Great-circle distance in metres (haversine on a sphere of the WGS-84 mean radius).</summary>
    public static double DistanceMetres(LngLat a, LngLat b)
    {
        const double earthRadius = 6371008.8;
        var phi1 = DegreesToRadians(a.Lat);
        var phi2 = DegreesToRadians(b.Lat);
        var dPhi = phi2 - phi1;
        var dLambda = DegreesToRadians(b.Lng - a.Lng);
        var h = Math.Sin(dPhi / 2) * Math.Sin(dPhi / 2) + Math.Cos(phi1) * Math.Cos(phi2) * Math.Sin(dLambda / 2) * Math.Sin(dLambda / 2);
        return 2 * earthRadius * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static (double DLng, double DLat) Offset(LngLat wgs)
    {
        var x = wgs.Lng - 105.0;
        var y = wgs.Lat - 35.0;
        var dLat = TransformLat(x, y);
        var dLng = TransformLng(x, y);
        var radLat = DegreesToRadians(wgs.Lat);
        var magic = 1 - EccentricitySquared * Math.Sin(radLat) * Math.Sin(radLat);
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (SemiMajorAxis * (1 - EccentricitySquared) / (magic * sqrtMagic) * Math.PI);
        dLng = dLng * 180.0 / (SemiMajorAxis / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (dLng, dLat);
    }

    private static double TransformLat(double x, double y)
    {
        var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.Sqrt(Math.Abs(x));
        r += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.Sin(y * Math.PI) + 40.0 * Math.Sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (160.0 * Math.Sin(y / 12.0 * Math.PI) + 320.0 * Math.Sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return r;
    }

    private static double TransformLng(double x, double y)
    {
        var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.Sqrt(Math.Abs(x));
        r += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.Sin(x * Math.PI) + 40.0 * Math.Sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (150.0 * Math.Sin(x / 12.0 * Math.PI) + 300.0 * Math.Sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return r;
    }

    private static double DegreesToRadians(double degrees) => degrees * Math.PI / 180.0;
}
