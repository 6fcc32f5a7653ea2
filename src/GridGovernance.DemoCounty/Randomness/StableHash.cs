namespace GridGovernance.DemoCounty.Randomness;

/// <summary>
/// FNV-1a over UTF-16 code units. string.GetHashCode is randomised per process, so it cannot name a random stream.
/// </summary>
public static class StableHash
{
    public static ulong Of(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 0x100000001B3UL;
        }

        return hash;
    }

    /// <summary>Mixes the exact bits of coordinates, so a shared edge seeds the same stream from either side.</summary>
    public static ulong Of(double a, double b, double c, double d)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var value in new[] { a, b, c, d })
        {
            hash ^= (ulong)BitConverter.DoubleToInt64Bits(value);
            hash *= 0x100000001B3UL;
            hash ^= hash >> 29;
        }

        return hash;
    }
}
