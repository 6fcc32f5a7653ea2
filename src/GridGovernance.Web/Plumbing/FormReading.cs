using System.Globalization;

namespace GridGovernance.Web.Plumbing;

/// <summary>Reading the plain HTML forms every page posts (resident, field, inbox, console): trimmed text and a position.</summary>
internal static class FormReading
{
    /// <summary>The error key (and input group) of a form's position; the intake's field names use it too.</summary>
    public const string PositionField = "position";

    public static string? Text(IFormCollection form, string name) => form[name].ToString() is { Length: > 0 } value ? value.Trim() : null;

    public static double? ParseCoordinate(string? text, Dictionary<string, string> errors)
    {
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        errors[PositionField] = "位置坐标无效，请重新获取位置或不附位置提交。";
        return null;
    }
}
