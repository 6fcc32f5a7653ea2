namespace GridGovernance.Integration.Tests.Tiles;

/// <summary>The XYZ (slippy map) tile grid: which tile holds a longitude/latitude, and which tiles cover a box.</summary>
public static class TileMath
{
    public static (int X, int Y) TileOf(double longitude, double latitude, int zoom)
    {
        var n = 1 << zoom;
        var x = (int)Math.Floor((longitude + 180.0) / 360.0 * n);
        var latitudeRadians = latitude * Math.PI / 180.0;
        var y = (int)Math.Floor((1.0 - Math.Asinh(Math.Tan(latitudeRadians)) / Math.PI) / 2.0 * n);
        return (Math.Clamp(x, 0, n - 1), Math.Clamp(y, 0, n - 1));
    }

    /// <summary>Every tile of a zoom that a west/south/east/north box touches.</summary>
    public static IEnumerable<(int X, int Y)> Covering(double west, double south, double east, double north, int zoom)
    {
        var (minX, minY) = TileOf(west, north, zoom);
        var (maxX, maxY) = TileOf(east, south, zoom);
        for (var x = minX; x <= maxX; x++)
            for (var y = minY; y <= maxY; y++)
                yield return (x, y);
    }
}
