using GridGovernance.Domain.Calendar;

namespace GridGovernance.Domain.Evaluation;

/// <summary>
/// The monthly close (月度封存): on the first working day of a month (the county's work calendar, Beijing time) the previous
/// month is frozen into its snapshot. Until then late events of the last days still land in it (a case closed on the 30th at
/// 23:00 is written by then), and the county has the holiday to look at the live figures first. Publishing stays the county
/// administrator's act.
/// </summary>
public static class MonthlyClose
{
    /// <summary>The first workday of <paramref name="month"/> on <paramref name="calendar"/> (2026-10: the 8th, after 国庆节).</summary>
    public static DateOnly FirstWorkday(EvaluationMonth month, WorkCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var day = month.FirstDay;
        // A month with no workday at all cannot be published; it closes on its last day rather than never.
        while (!calendar.IsWorkday(day) && day.Month == month.Month && day.AddDays(1).Month == month.Month) day = day.AddDays(1);
        return day;
    }

    /// <summary>
    /// The month due to be frozen at <paramref name="now"/>: the previous month once the current month's first workday has
    /// begun (00:00 Beijing time), otherwise none.
    /// </summary>
    public static EvaluationMonth? MonthToFreeze(DateTimeOffset now, WorkCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var current = EvaluationMonth.Of(now);
        var today = ChinaTime.Date(now);
        return today >= FirstWorkday(current, calendar) ? current.Previous : null;
    }

    /// <summary>
    /// The latest month whose close has come at <paramref name="now"/>: the previous month from the current month's first
    /// workday on, before it the month before that (its own close day, in the previous month, has passed).
    /// </summary>
    public static EvaluationMonth LastDue(DateTimeOffset now, WorkCalendar calendar) =>
        MonthToFreeze(now, calendar) ?? EvaluationMonth.Of(now).Previous.Previous;

    /// <summary>
    /// Every month to freeze at <paramref name="now"/>, oldest first, when the county's newest snapshot is of
    /// <paramref name="lastFrozen"/>: each month after it whose close has come (<see cref="LastDue"/>) — so a service that was
    /// down over several month boundaries catches up month by month, each frozen once and in order (a month's 上月排名 comes
    /// from the month before's snapshot). A county with no snapshot yet (its first close) starts with the earliest month it
    /// has facts of, <paramref name="earliestFacts"/>, and freezes every month from there whose close has come; without earlier
    /// facts it starts with the month <see cref="MonthToFreeze"/> gives. The current month is never among them.
    /// </summary>
    public static IReadOnlyList<EvaluationMonth> MonthsToFreeze(DateTimeOffset now, WorkCalendar calendar, EvaluationMonth? lastFrozen,
        EvaluationMonth? earliestFacts = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var lastDue = LastDue(now, calendar);
        EvaluationMonth first;
        if (lastFrozen is { } last) first = last.Next;
        else if (earliestFacts is { } earliest && earliest <= lastDue) first = earliest;
        else if (MonthToFreeze(now, calendar) is { } due) first = due;
        else return [];
        var months = new List<EvaluationMonth>();
        for (var month = first; month <= lastDue; month = month.Next) months.Add(month);
        return months;
    }

    /// <summary>
    /// The months a county's first close freezes after the fact (<see cref="MonthsToFreeze"/> without a snapshot): those
    /// before <see cref="LastDue"/>, the month a county that was frozen all along would be closing now. The page says how many.
    /// </summary>
    public static bool IsBackfill(DateTimeOffset now, WorkCalendar calendar, EvaluationMonth? lastFrozen, EvaluationMonth month) =>
        lastFrozen is null && month < LastDue(now, calendar);
}
