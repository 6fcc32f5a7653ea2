namespace GridGovernance.Domain.Calendar;

/// <summary>
/// One county's working time: its working periods (default 08:30–12:00 and 14:30–17:30) on workdays, where a workday is
/// Monday–Friday unless the published calendar says otherwise (放假 holidays, 调休 Saturdays/Sundays that are workdays).
/// All clock times are local; the offset is fixed (China Standard Time, UTC+8, has had no daylight saving since 1991).
/// A year with no published calendar (<see cref="IsYearKnown"/> false) counts plain Monday–Friday; the app should warn.
/// <para>
/// Deadlines (<see cref="Deadline"/>): the deadline is the earliest instant at which the working time elapsed since the
/// start reaches the allowed working time — N hours for 工作时, N × <see cref="WorkingDayLength"/> for 工作日. So a start
/// inside working time ends N working days later at the same clock time (Fri 10:00 + 1 工作日 = Mon 10:00); a start outside
/// working time counts from the next period's start (Sat 09:00 + 1 工作日 = Mon 17:30, the end of Monday's work), and a
/// limit used up exactly at a period's end ends there, not at the next period's start (11:00 + 1 工作时 = 12:00).
/// 分钟 limits run on the wall clock.
/// </para>
/// </summary>
public sealed class WorkCalendar
{
    public static readonly TimeSpan ChinaUtcOffset = ChinaTime.Offset;

    /// <summary>Yellow when less than this share of the allowed time is left.</summary>
    public const double YellowShare = 0.2;

    /// <summary>No limit in use is near this; it only stops a broken calendar from looping for ever.</summary>
    private const int MaxDaysSearched = 366 * 30;

    public static IReadOnlyList<WorkingPeriod> DefaultPeriods { get; } =
        [new(new TimeOnly(8, 30), new TimeOnly(12, 0)), new(new TimeOnly(14, 30), new TimeOnly(17, 30))];

    private readonly Dictionary<DateOnly, DayOverride> _overrides;
    private readonly HashSet<int> _knownYears;

    public WorkCalendar(IEnumerable<WorkingPeriod>? periods = null, IEnumerable<DayOverride>? overrides = null,
        IEnumerable<int>? knownYears = null, TimeSpan? utcOffset = null)
    {
        Periods = (periods ?? DefaultPeriods).OrderBy(p => p.Start).ToList();
        if (PeriodsProblem(Periods) is { } problem) throw new ArgumentException(problem, nameof(periods));
        _overrides = new Dictionary<DateOnly, DayOverride>();
        foreach (var day in overrides ?? [])
            if (!_overrides.TryAdd(day.Date, day))
                throw new ArgumentException($"日期 {day.Date:yyyy-MM-dd} 在工作日历中出现了两次。", nameof(overrides));
        _knownYears = [.. knownYears ?? []];
        UtcOffset = utcOffset ?? ChinaUtcOffset;
        WorkingDayLength = TimeSpan.FromTicks(Periods.Sum(p => p.Length.Ticks));
    }

    /// <summary>Monday–Friday with the default periods and no published year: what a county without a calendar gets.</summary>
    public static WorkCalendar MondayToFriday { get; } = new();

    public IReadOnlyList<WorkingPeriod> Periods { get; }

    public IReadOnlyCollection<int> KnownYears => _knownYears;

    public TimeSpan UtcOffset { get; }

    /// <summary>The working time of one workday (6 h 30 min with the default periods): the length of a 工作日.</summary>
    public TimeSpan WorkingDayLength { get; }

    /// <summary>Null when the periods are usable: at least one, each starting before it ends, in order, not overlapping.</summary>
    public static string? PeriodsProblem(IReadOnlyList<WorkingPeriod> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.Count == 0) return "至少需要一个工作时段。";
        var ordered = periods.OrderBy(p => p.Start).ToList();
        foreach (var p in ordered)
            if (p.Start >= p.End) return $"工作时段 {p} 的开始时间须早于结束时间。";
        for (var i = 1; i < ordered.Count; i++)
            if (ordered[i].Start < ordered[i - 1].End) return $"工作时段 {ordered[i - 1]} 与 {ordered[i]} 重叠。";
        return null;
    }

    /// <summary>True when the published calendar of <paramref name="year"/> is loaded; otherwise Monday–Friday is assumed.</summary>
    public bool IsYearKnown(int year) => _knownYears.Contains(year);

    /// <summary>The years between two instants (inclusive) whose calendar is not loaded: the app warns about these.</summary>
    public IReadOnlyList<int> UnknownYears(DateTimeOffset from, DateTimeOffset to)
    {
        var first = Local(from).Year;
        var last = Local(to).Year;
        return Enumerable.Range(first, Math.Max(0, last - first + 1)).Where(y => !IsYearKnown(y)).ToList();
    }

    public DayOverride? OverrideOn(DateOnly date) => _overrides.GetValueOrDefault(date);

    public bool IsWorkday(DateOnly date) => _overrides.TryGetValue(date, out var day)
        ? day.Kind == DayOverrideKind.Workday
        : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>When work opens on the first workday after <paramref name="date"/> (local): where "the next day" of 督办 begins.</summary>
    public DateTimeOffset OpeningOfNextWorkday(DateOnly date)
    {
        var day = date.AddDays(1);
        for (var i = 0; i < MaxDaysSearched; i++, day = day.AddDays(1))
            if (IsWorkday(day)) return Instant(day.ToDateTime(Periods[0].Start));
        throw new InvalidOperationException("工作日历中找不到下一个工作日。");
    }

    /// <summary>The local calendar date of an instant.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(Local(instant));

    /// <summary>The working time a limit allows: N hours, N working days of <see cref="WorkingDayLength"/>, or N wall-clock minutes.</summary>
    public TimeSpan Allowed(int limit, DeadlineUnit unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return unit switch
        {
            DeadlineUnit.WorkHour => TimeSpan.FromHours(limit),
            DeadlineUnit.WorkDay => WorkingDayLength * limit,
            DeadlineUnit.Minute => TimeSpan.FromMinutes(limit),
            _ => throw new ArgumentOutOfRangeException(nameof(unit)),
        };
    }

    /// <summary>When a limit of <paramref name="limit"/> <paramref name="unit"/> that starts at <paramref name="start"/> runs out (see the class remarks).</summary>
    public DateTimeOffset Deadline(DateTimeOffset start, int limit, DeadlineUnit unit)
    {
        var allowed = Allowed(limit, unit);
        return unit.CountsWorkingTime() ? AfterWorkingTime(start, allowed) : start + allowed;
    }

    /// <summary>
    /// When <paramref name="allowed"/> of working time, counted from <paramref name="start"/>, runs out: nights, weekends and
    /// holidays do not count (a whistle's arrival limit in minutes, or any limit given as a span).
    /// </summary>
    public DateTimeOffset AfterWorkingTime(DateTimeOffset start, TimeSpan allowed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(allowed.Ticks, nameof(allowed));
        var used = TimeSpan.Zero;
        foreach (var (from, to) in WorkingIntervalsFrom(Local(start)))
        {
            if (used + (to - from) >= allowed) return Instant(from + (allowed - used));
            used += to - from;
        }
        throw new InvalidOperationException("工作日历中找不到足够的工作时间。");
    }

    /// <summary>Working time inside [<paramref name="from"/>, <paramref name="to"/>); zero when <paramref name="to"/> is not later.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return TimeSpan.Zero;
        var end = Local(to);
        var total = TimeSpan.Zero;
        foreach (var (start, stop) in WorkingIntervalsFrom(Local(from)))
        {
            if (start >= end) break;
            total += (stop < end ? stop : end) - start;
        }
        return total;
    }

    /// <summary>Time used since the start, in the unit's terms (working time, or wall clock for minutes).</summary>
    public TimeSpan Elapsed(DateTimeOffset start, DateTimeOffset now, DeadlineUnit unit) =>
        unit.CountsWorkingTime() ? WorkingTimeBetween(start, now) : Max(now - start, TimeSpan.Zero);

    /// <summary>Time left until the deadline in the unit's terms; negative when overdue (by the time used since the deadline).</summary>
    public TimeSpan Remaining(DateTimeOffset deadline, DateTimeOffset now, DeadlineUnit unit)
    {
        if (!unit.CountsWorkingTime()) return deadline - now;
        return now <= deadline ? WorkingTimeBetween(now, deadline) : -WorkingTimeBetween(deadline, now);
    }

    /// <summary>
    /// 红灯 once the wall clock passed the deadline (even in the evening, when no working time has passed since);
    /// 黄灯 when less than <see cref="YellowShare"/> of the time between start and deadline is left; 绿灯 otherwise.
    /// Measuring against the deadline itself keeps an approved extension's longer limit in the share.
    /// </summary>
    public TrafficLight Light(DateTimeOffset start, DateTimeOffset deadline, DateTimeOffset now, DeadlineUnit unit)
    {
        if (now > deadline) return TrafficLight.Red;
        var allowed = Elapsed(start, deadline, unit);
        var left = Remaining(deadline, now, unit);
        return left.Ticks < allowed.Ticks * YellowShare ? TrafficLight.Yellow : TrafficLight.Green;
    }

    private DateTime Local(DateTimeOffset instant) => instant.ToOffset(UtcOffset).DateTime;

    private DateTimeOffset Instant(DateTime local) => new(local, UtcOffset);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The working intervals of workdays from <paramref name="start"/> on, the first one clipped to it.</summary>
    private IEnumerable<(DateTime From, DateTime To)> WorkingIntervalsFrom(DateTime start)
    {
        var day = DateOnly.FromDateTime(start);
        for (var i = 0; i < MaxDaysSearched; i++, day = day.AddDays(1))
        {
            if (!IsWorkday(day)) continue;
            foreach (var period in Periods)
            {
                var from = day.ToDateTime(period.Start);
                var to = day.ToDateTime(period.End);
                if (to <= start) continue;
                yield return (from < start ? start : from, to);
            }
        }
    }
}
