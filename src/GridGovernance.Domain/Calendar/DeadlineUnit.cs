namespace GridGovernance.Domain.Calendar;

/// <summary>The unit of a time limit, as case_category.time_unit stores it.</summary>
public enum DeadlineUnit
{
    /// <summary>工作时: hours counted only inside working periods of workdays.</summary>
    WorkHour,

    /// <summary>工作日: whole working days (see <see cref="WorkCalendar.Deadline"/>).</summary>
    WorkDay,

    /// <summary>分钟: wall-clock minutes, for 应急 limits and whistle arrival.</summary>
    Minute,
}

public static class DeadlineUnits
{
    public static IReadOnlyList<DeadlineUnit> All { get; } = Enum.GetValues<DeadlineUnit>();

    public static string Code(this DeadlineUnit unit) => unit switch
    {
        DeadlineUnit.WorkHour => "work_hour",
        DeadlineUnit.WorkDay => "work_day",
        DeadlineUnit.Minute => "minute",
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    public static string Chinese(this DeadlineUnit unit) => unit switch
    {
        DeadlineUnit.WorkHour => "工作时",
        DeadlineUnit.WorkDay => "工作日",
        DeadlineUnit.Minute => "分钟",
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    public static DeadlineUnit? FromCode(string? code) => All.Cast<DeadlineUnit?>().FirstOrDefault(u => u!.Value.Code() == code);

    /// <summary>Working-time units skip nights, weekends and holidays; minutes run on the wall clock.</summary>
    public static bool CountsWorkingTime(this DeadlineUnit unit) => unit != DeadlineUnit.Minute;
}
