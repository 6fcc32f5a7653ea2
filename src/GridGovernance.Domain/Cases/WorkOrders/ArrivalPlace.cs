using System.Globalization;

namespace GridGovernance.Domain.Cases;

/// <summary>
/// 报到 checks the place: a unit reports in from where it is, and a position farther than the radius from the case (or the
/// whistle's meeting place) is 位置不符 — recorded with the distance and shown to the dispatcher, not refused: a wrong fix or a
/// moved meeting is the dispatcher's call, and refusing would only make the unit report again from the same place.
/// </summary>
public static class ArrivalPlace
{
    public static bool IsMismatch(double distanceMetres, double radiusMetres) => distanceMetres > radiusMetres;

    /// <summary>"约 120 米", "约 4.1 公里": metres rounded to ten under a kilometre, else kilometres to one decimal.</summary>
    public static string Distance(double metres)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(metres);
        return metres < 1000
            ? $"约 {(Math.Round(metres / 10) * 10).ToString("F0", CultureInfo.InvariantCulture)} 米"
            : $"约 {(metres / 1000).ToString("F1", CultureInfo.InvariantCulture)} 公里";
    }

    /// <summary>The words of a mismatch on the timeline, in the notice and on every page: "位置不符（距案件位置约 4.1 公里）".</summary>
    public static string Mismatch(double metres) => $"位置不符（距案件位置或集合点{Distance(metres)}）";
}
