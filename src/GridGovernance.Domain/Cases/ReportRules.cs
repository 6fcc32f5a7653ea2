using System.Text.RegularExpressions;

namespace GridGovernance.Domain.Cases;

/// <summary>Field rules of a report, shared by every channel (QR page, API, grid worker, 联户长).</summary>
public static partial class ReportRules
{
    public const int MaxDescriptionLength = 2000;
    public const int MinDescriptionLength = 5;
    public const int MaxPhotos = 6;
    public const int MaxRatingCommentLength = 500;

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex MobilePattern();

    /// <summary>Null when the description is acceptable; otherwise why not.</summary>
    public static string? DescriptionProblem(string? description)
    {
        var text = description?.Trim() ?? "";
        if (text.Length == 0) return "请描述您遇到的问题。";
        if (text.Length < MinDescriptionLength) return $"描述太短，请至少写 {MinDescriptionLength} 个字，说清楚是什么问题、在哪里。";
        if (text.Length > MaxDescriptionLength) return $"描述最多 {MaxDescriptionLength} 字，当前 {text.Length} 字。";
        return null;
    }

    /// <summary>Null when the phone is empty (anonymous) or an 11-digit mainland mobile number.</summary>
    public static string? PhoneProblem(string? phone)
    {
        var text = phone?.Trim() ?? "";
        return text.Length == 0 || MobilePattern().IsMatch(text) ? null : "手机号应为 11 位数字，以 1 开头；也可以不填（匿名）。";
    }

    /// <summary>Null when both or neither coordinate is given and they are plausible WGS-84 values.</summary>
    public static string? PositionProblem(double? longitude, double? latitude)
    {
        if (longitude is null && latitude is null) return null;
        if (longitude is null || latitude is null) return "位置不完整：经度和纬度须同时提供。";
        if (!double.IsFinite(longitude.Value) || !double.IsFinite(latitude.Value)
            || longitude is < -180 or > 180 || latitude is < -90 or > 90) return "位置坐标无效。";
        return null;
    }
}
