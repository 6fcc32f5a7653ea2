namespace GridGovernance.Domain.Calendar;

/// <summary>What a published calendar says about one date, overriding the Monday–Friday rule.</summary>
public enum DayOverrideKind
{
    /// <summary>放假: a public holiday or a day off in a holiday bridge.</summary>
    Holiday,

    /// <summary>调休上班: a Saturday or Sunday that is a workday.</summary>
    Workday,
}

/// <summary>One date of a published calendar, e.g. 2026-10-01 放假 国庆节, 2026-10-10 上班 国庆节调休.</summary>
public sealed record DayOverride(DateOnly Date, DayOverrideKind Kind, string Name);

public static class DayOverrideKinds
{
    public static string Code(this DayOverrideKind kind) => kind == DayOverrideKind.Holiday ? "holiday" : "workday";

    public static string Chinese(this DayOverrideKind kind) => kind == DayOverrideKind.Holiday ? "放假" : "调休上班";

    public static DayOverrideKind? FromCode(string? code) => code switch
    {
        "holiday" => DayOverrideKind.Holiday,
        "workday" => DayOverrideKind.Workday,
        _ => null,
    };
}
