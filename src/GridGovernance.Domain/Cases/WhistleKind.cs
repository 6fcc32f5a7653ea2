namespace GridGovernance.Domain.Cases;

/// <summary>The three whistles of 乡镇吹哨、部门报到.</summary>
public enum WhistleKind
{
    Routine,   // 日常哨: everyday joint work
    Tough,     // 攻坚哨: a hard, long-standing problem
    Emergency, // 应急哨: an emergency; units must arrive within 30 minutes
}

public static class WhistleKinds
{
    public static IReadOnlyList<WhistleKind> All { get; } = Enum.GetValues<WhistleKind>();

    /// <summary>应急哨's arrival limit is fixed by practice; the others' are county configuration.</summary>
    public static readonly TimeSpan EmergencyArrivalLimit = TimeSpan.FromMinutes(30);

    public static string Chinese(this WhistleKind kind) => kind switch
    {
        WhistleKind.Routine => "日常哨",
        WhistleKind.Tough => "攻坚哨",
        WhistleKind.Emergency => "应急哨",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Code(this WhistleKind kind) => kind switch
    {
        WhistleKind.Routine => "routine",
        WhistleKind.Tough => "tough",
        WhistleKind.Emergency => "emergency",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static WhistleKind? FromCode(string? code) => All.Cast<WhistleKind?>().FirstOrDefault(k => k!.Value.Code() == code);

    /// <summary>The arrival limit of a whistle: 30 wall-clock minutes for 应急哨, else the county's configured limit.</summary>
    public static TimeSpan ArrivalLimit(this WhistleKind kind, TimeSpan configuredForOthers) =>
        kind == WhistleKind.Emergency ? EmergencyArrivalLimit : configuredForOthers;

    /// <summary>
    /// When a whistled unit must be on site; a later 报到 is recorded as late. 应急哨: 30 minutes on the wall clock, night or
    /// holiday. 日常哨 and 攻坚哨 are everyday work: their limit counts on the county's work calendar, so a 日常哨 blown at 17:00
    /// on a Friday is not due at 21:00 but on Monday morning.
    /// </summary>
    public static DateTimeOffset ArrivalDeadline(this WhistleKind kind, DateTimeOffset whistledAt, TimeSpan configuredForOthers,
        GridGovernance.Domain.Calendar.WorkCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return kind == WhistleKind.Emergency
            ? whistledAt + EmergencyArrivalLimit
            : calendar.AfterWorkingTime(whistledAt, configuredForOthers);
    }

    /// <summary>Whether the limit counts working time only (all but 应急哨): pages say so next to the limit.</summary>
    public static bool ArrivalCountsWorkingTime(this WhistleKind kind) => kind != WhistleKind.Emergency;

    public static bool IsLateArrival(this WhistleKind kind, DateTimeOffset whistledAt, DateTimeOffset arrivedAt, TimeSpan configuredForOthers,
        GridGovernance.Domain.Calendar.WorkCalendar calendar) =>
        arrivedAt > kind.ArrivalDeadline(whistledAt, configuredForOthers, calendar);
}
