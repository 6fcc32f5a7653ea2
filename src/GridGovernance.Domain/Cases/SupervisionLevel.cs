namespace GridGovernance.Domain.Cases;

/// <summary>The thresholds of 督办 an overdue case or order passes, in order; each is raised once.</summary>
public enum SupervisionLevel
{
    /// <summary>超时督办: the deadline passed (the light turned red).</summary>
    Overdue,

    /// <summary>次日催办: still open when work opens on the workday after the deadline's day.</summary>
    NextDayReminder,

    /// <summary>通报批评: more than the configured working days (5 in practice) overdue.</summary>
    PublicCriticism,
}

public static class SupervisionLevels
{
    public static IReadOnlyList<SupervisionLevel> All { get; } = Enum.GetValues<SupervisionLevel>();

    public static string Chinese(this SupervisionLevel level) => level switch
    {
        SupervisionLevel.Overdue => "超时督办",
        SupervisionLevel.NextDayReminder => "次日催办",
        SupervisionLevel.PublicCriticism => "通报批评",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static string Code(this SupervisionLevel level) => level switch
    {
        SupervisionLevel.Overdue => "overdue",
        SupervisionLevel.NextDayReminder => "next_day_reminder",
        SupervisionLevel.PublicCriticism => "public_criticism",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static SupervisionLevel? FromCode(string? code) => All.Cast<SupervisionLevel?>().FirstOrDefault(l => l!.Value.Code() == code);
}
