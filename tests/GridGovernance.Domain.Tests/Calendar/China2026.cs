using GridGovernance.Domain.Calendar;

namespace GridGovernance.Domain.Tests.Calendar;

/// <summary>The State Council's 2026 holiday arrangement (国办发明电, 2025-11-04), written out for the tests.</summary>
internal static class China2026
{
    public static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    public static IReadOnlyList<DayOverride> Days { get; } =
    [
        .. Holidays("元旦", new(2026, 1, 1), 3), Workday("元旦调休", new(2026, 1, 4)),
        .. Holidays("春节", new(2026, 2, 15), 9), Workday("春节调休", new(2026, 2, 14)), Workday("春节调休", new(2026, 2, 28)),
        .. Holidays("清明节", new(2026, 4, 4), 3),
        .. Holidays("劳动节", new(2026, 5, 1), 5), Workday("劳动节调休", new(2026, 5, 9)),
        .. Holidays("端午节", new(2026, 6, 19), 3),
        .. Holidays("中秋节", new(2026, 9, 25), 3),
        .. Holidays("国庆节", new(2026, 10, 1), 7), Workday("国庆节调休", new(2026, 9, 20)), Workday("国庆节调休", new(2026, 10, 10)),
    ];

    public static WorkCalendar Official { get; } = new(overrides: Days, knownYears: [2026]);

    public static DateTimeOffset At(int month, int day, int hour, int minute = 0, int year = 2026) => new(year, month, day, hour, minute, 0, Cst);

    private static IEnumerable<DayOverride> Holidays(string name, DateOnly first, int count) =>
        Enumerable.Range(0, count).Select(i => new DayOverride(first.AddDays(i), DayOverrideKind.Holiday, name));

    private static DayOverride Workday(string name, DateOnly date) => new(date, DayOverrideKind.Workday, name);
}
