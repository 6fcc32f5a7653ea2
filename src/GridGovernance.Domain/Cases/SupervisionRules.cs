using GridGovernance.Domain.Calendar;

namespace GridGovernance.Domain.Cases;

/// <summary>
/// When each 督办 threshold of a deadline falls due. A threshold is reached once the clock is strictly past its instant,
/// like the red light. A background service that stores (item, level) once and asks <see cref="Reached"/> after a restart
/// or a pause catches up every threshold it missed, each stamped with the instant it fell due.
/// </summary>
public static class SupervisionRules
{
    /// <summary>Practice: public criticism after more than 5 working days overdue.</summary>
    public const int DefaultCriticismAfterWorkDays = 5;

    public static DateTimeOffset DueAt(this WorkCalendar calendar, SupervisionLevel level, DateTimeOffset deadline,
        int criticismAfterWorkDays = DefaultCriticismAfterWorkDays)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return level switch
        {
            SupervisionLevel.Overdue => deadline,
            SupervisionLevel.NextDayReminder => calendar.OpeningOfNextWorkday(calendar.LocalDate(deadline)),
            SupervisionLevel.PublicCriticism => calendar.Deadline(deadline, criticismAfterWorkDays, DeadlineUnit.WorkDay),
            _ => throw new ArgumentOutOfRangeException(nameof(level)),
        };
    }

    /// <summary>Every threshold passed by <paramref name="now"/>, in order, with the instant each fell due.</summary>
    public static IReadOnlyList<(SupervisionLevel Level, DateTimeOffset DueAt)> Reached(this WorkCalendar calendar, DateTimeOffset deadline,
        DateTimeOffset now, int criticismAfterWorkDays = DefaultCriticismAfterWorkDays) =>
        SupervisionLevels.All
            .Select(level => (Level: level, DueAt: calendar.DueAt(level, deadline, criticismAfterWorkDays)))
            .Where(t => now > t.DueAt)
            .ToList();
}
