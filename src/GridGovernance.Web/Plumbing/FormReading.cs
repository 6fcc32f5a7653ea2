using System.Globalization;

namespace GridGovernance.Web.Plumbing;

/// <summary>Reading the plain HTML forms every page posts (resident, field, inbox, console): trimmed text and a position.</summary>
internal static class FormReading
{
    /// <summary>The error key (and input group) of a form's position; the intake's field names use it too.</summary>
    public const string PositionField = "position";

    public static string? Text(IFormCollection form, string name) => form[name].ToString() is { Length: > 0 } value ? value.Trim() : null;

    /// <summary>
    /// The form's position (fields lng, lat and crs) in WGS-84, as stored. crs=gcj02 (AMap, Tencent and WeChat's location) is
    /// converted once, by the domain's <see cref="GridGovernance.Domain.Geo.ChinaCoordinates"/>; anything else is WGS-84 (GPS,
    /// the browser, the forms' map pin).
    /// </summary>
    public static (double? Lng, double? Lat) ParsePosition(IFormCollection form, Dictionary<string, string> errors)
    {
        var lng = ParseCoordinate(Text(form, "lng"), errors);
        var lat = ParseCoordinate(Text(form, "lat"), errors);
        if (lng is { } x && lat is { } y && string.Equals(Text(form, "crs"), "gcj02", StringComparison.OrdinalIgnoreCase))
        {
            var wgs = GridGovernance.Domain.Geo.ChinaCoordinates.Gcj02ToWgs84(new(x, y));
            return (Math.Round(wgs.Lng, 7), Math.Round(wgs.Lat, 7));
        }
        return (lng, lat);
    }

    /// <summary>A position re-rendered into a form as the server read it (WGS-84 after a GCJ-02 conversion).</summary>
    public static string? CoordinateText(double? value) => value?.ToString("0.0######", CultureInfo.InvariantCulture);

    public static double? ParseCoordinate(string? text, Dictionary<string, string> errors)
    {
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        errors[PositionField] = "位置坐标无效，请重新获取位置或不附位置提交。";
        return null;
    }
}
