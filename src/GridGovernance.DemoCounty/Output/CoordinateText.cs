using System.Globalization;

namespace GridGovernance.DemoCounty.Output;

/// <summary>
/// Writes a degree value with at most six decimals and no trailing zeros, from its integer count of microdegrees,
/// so the text never depends on the runtime's shortest-round-trip double formatting.
/// </summary>
public static class CoordinateText
{
    public static string Format(double degrees)
    {
        var micro = (long)Math.Round(degrees * 1_000_000);
        var sign = micro < 0 ? "-" : "";
        var magnitude = Math.Abs(micro);
        var whole = (magnitude / 1_000_000).ToString(CultureInfo.InvariantCulture);
        var fraction = magnitude % 1_000_000;
        return fraction == 0
            ? sign + whole
            : sign + whole + "." + fraction.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
    }
}
