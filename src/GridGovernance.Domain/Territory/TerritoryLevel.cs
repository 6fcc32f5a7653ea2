namespace GridGovernance.Domain.Territory;

/// <summary>The levels of the territory, with the length of their codes.</summary>
public enum TerritoryLevel
{
    County = 6,
    Township = 9,
    Village = 12,
    Grid = 15,
    LinkUnit = 18,
    Household = 19,
}

public static class TerritoryLevelNames
{
    /// <summary>The Chinese name users see for a level.</summary>
    public static string Chinese(this TerritoryLevel level) => level switch
    {
        TerritoryLevel.County => "县（区）",
        TerritoryLevel.Township => "乡镇（街道）",
        TerritoryLevel.Village => "村（社区）",
        TerritoryLevel.Grid => "网格",
        TerritoryLevel.LinkUnit => "十联户",
        TerritoryLevel.Household => "住户",
        _ => level.ToString(),
    };

    public static TerritoryLevel? Parent(this TerritoryLevel level) => level switch
    {
        TerritoryLevel.Township => TerritoryLevel.County,
        TerritoryLevel.Village => TerritoryLevel.Township,
        TerritoryLevel.Grid => TerritoryLevel.Village,
        TerritoryLevel.LinkUnit => TerritoryLevel.Grid,
        // A household's code extends its grid's (units are regrouped more often than households move).
        TerritoryLevel.Household => TerritoryLevel.Grid,
        _ => null,
    };
}
