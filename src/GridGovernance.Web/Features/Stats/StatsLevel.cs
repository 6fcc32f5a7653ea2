namespace GridGovernance.Web.Features.Stats;

/// <summary>Who is ranked: the territory's levels below a parent area, or the county's department units.</summary>
internal enum StatsLevel
{
    Township,
    Village,
    Grid,
    Unit,
}

internal static class StatsLevels
{
    public static IReadOnlyList<StatsLevel> All { get; } = Enum.GetValues<StatsLevel>();

    public static string Code(this StatsLevel level) => level switch
    {
        StatsLevel.Township => "township",
        StatsLevel.Village => "village",
        StatsLevel.Grid => "grid",
        StatsLevel.Unit => "unit",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static string Chinese(this StatsLevel level) => level switch
    {
        StatsLevel.Township => "乡镇（街道）",
        StatsLevel.Village => "村（社区）",
        StatsLevel.Grid => "网格",
        StatsLevel.Unit => "部门单位",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static StatsLevel? FromCode(string? code) => All.Cast<StatsLevel?>().FirstOrDefault(l => l!.Value.Code() == code);

    /// <summary>The level listed under a parent territory code: a county's townships, a township's villages, a village's grids.</summary>
    public static StatsLevel? ChildrenOf(string parentCode) => parentCode.Length switch
    {
        6 => StatsLevel.Township,
        9 => StatsLevel.Village,
        12 => StatsLevel.Grid,
        _ => null,
    };

    /// <summary>The fact column that names a row of this level (a fixed identifier, never user input).</summary>
    public static string FactColumn(this StatsLevel level) => level switch
    {
        StatsLevel.Township => "township_code",
        StatsLevel.Village => "village_code",
        StatsLevel.Grid => "grid_code",
        StatsLevel.Unit => "unit_code",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };
}
