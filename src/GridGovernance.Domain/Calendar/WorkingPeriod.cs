namespace GridGovernance.Domain.Calendar;

/// <summary>One stretch of working time within a workday, e.g. 08:30–12:00 (local clock time, end exclusive).</summary>
public readonly record struct WorkingPeriod(TimeOnly Start, TimeOnly End)
{
    public TimeSpan Length => End - Start;

    public override string ToString() => $"{Start:HH\\:mm}–{End:HH\\:mm}";
}
