namespace GridGovernance.Domain.Cases;

/// <summary>
/// Which level owns an open case right now: 微事不出网格, 小事不出村, 大事不出镇. An escalation timer watches grid- and
/// village-level cases; <see cref="CaseAction.Escalate"/> moves them one level up.
/// </summary>
public enum HandlingLevel
{
    Grid,     // 网格: 已上报 / 已核实, the grid worker verifies or settles it
    Village,  // 村（社区）: 村级处置中
    Township, // 乡镇: 已立案 onwards, the dispatcher and the units
}

public static class HandlingLevels
{
    public static string Chinese(this HandlingLevel level) => level switch
    {
        HandlingLevel.Grid => "网格",
        HandlingLevel.Village => "村（社区）",
        HandlingLevel.Township => "乡镇",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>The level owning an open case; null once it is no longer open (closed, voided, terminated, archived).</summary>
    public static HandlingLevel? Level(this CaseState state) => state switch
    {
        _ when !state.IsOpen() => null,
        CaseState.Reported or CaseState.Verified => HandlingLevel.Grid,
        CaseState.VillageHandling => HandlingLevel.Village,
        _ => HandlingLevel.Township,
    };
}
