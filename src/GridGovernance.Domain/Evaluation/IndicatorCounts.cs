namespace GridGovernance.Domain.Evaluation;

/// <summary>
/// The sums one ranking row is computed from — what SQL adds up over the facts of one area or unit and one month. Every
/// indicator is a function of these (<see cref="Indicators"/>), so a rate shown on the page, frozen in a snapshot and
/// asserted in a test is the same arithmetic.
/// </summary>
public sealed record IndicatorCounts
{
    // Volume (reported month)
    public long Reported { get; init; }
    public long Escalated { get; init; }
    // Closure (due month)
    public long DueToClose { get; init; }
    public long Closed { get; init; }
    public long ClosedOnTime { get; init; }
    public long Checked { get; init; }
    public long Reworked { get; init; }
    public long ClosedOnSpot { get; init; }
    public long ClosedInVillage { get; init; }
    // Orders (dispatched month)
    public long Dispatched { get; init; }
    public long RespondedInTime { get; init; }
    public long Returned { get; init; }
    public long Extended { get; init; }
    // 督办 (month the threshold fell due)
    public long Supervisions { get; init; }
    public long PublicCriticisms { get; init; }
    // Ratings (month the rating arrived)
    public long Rated { get; init; }
    public long Resolved { get; init; }
    public long Satisfied { get; init; }
    // Durations, working minutes
    public IReadOnlyList<int> SignMinutes { get; init; } = [];
    public IReadOnlyList<int> ArriveMinutes { get; init; } = [];
    public IReadOnlyList<int> CloseMinutes { get; init; } = [];

    public static IndicatorCounts Empty { get; } = new();

    /// <summary>
    /// An area's counts (township, village, grid): its cases, the orders dispatched for them, its 督办 and ratings. SQL computes
    /// the same sums for rankings (<c>Features/Stats/StatsQueries</c>); a test holds the two to each other.
    /// </summary>
    public static IndicatorCounts From(EvaluationMonth month, IEnumerable<CaseFact> cases, IEnumerable<OrderFact> orders,
        int supervisions = 0, int publicCriticisms = 0)
    {
        var c = cases.ToList();
        var o = orders.Where(x => x.Month == month && x.Counted).ToList();
        var due = c.Where(x => x.DueMonth == month && x.Counted).ToList();
        var closed = due.Where(x => x.ClosedInMonth).ToList();
        var reported = c.Where(x => x.ReportedMonth == month).ToList();
        var rated = c.Where(x => x.RatedMonth == month).ToList();
        return new IndicatorCounts
        {
            Reported = reported.Count,
            Escalated = reported.Count(x => x.Escalated),
            DueToClose = due.Count,
            Closed = closed.Count,
            ClosedOnTime = due.Count(x => x.ClosedOnTime),
            Checked = due.Count(x => x.Checked),
            Reworked = due.Count(x => x.Reworked),
            ClosedOnSpot = closed.Count(x => x.Level == HandledLevel.Grid),
            ClosedInVillage = closed.Count(x => x.Level is HandledLevel.Grid or HandledLevel.Village),
            Dispatched = o.Count,
            RespondedInTime = o.Count(x => x.RespondedInTime),
            Returned = o.Count(x => x.Returned),
            Extended = o.Count(x => x.Extended),
            Supervisions = supervisions,
            PublicCriticisms = publicCriticisms,
            Rated = rated.Count(x => x.Satisfied is not null),
            Resolved = rated.Count(x => x.Resolved == true),
            Satisfied = rated.Count(x => x.Satisfied == true),
            SignMinutes = o.Where(x => x.SignMinutes is not null).Select(x => x.SignMinutes!.Value).ToList(),
            ArriveMinutes = o.Where(x => x.ArriveMinutes is not null).Select(x => x.ArriveMinutes!.Value).ToList(),
            CloseMinutes = closed.Where(x => x.CloseMinutes is not null).Select(x => x.CloseMinutes!.Value).ToList(),
        };
    }

    /// <summary>
    /// A unit's counts (department unit): it is judged on its own work orders — closure and rework are the orders it owed
    /// (not returned, withdrawn or shelved) and fed back by their deadline, the checks its feedback went through and failed;
    /// 解决率 and 满意率 are the ratings of the cases it fed back on.
    /// </summary>
    public static IndicatorCounts ForUnit(EvaluationMonth month, IEnumerable<OrderFact> orders, IEnumerable<CaseFact> ratedCases,
        int supervisions = 0, int publicCriticisms = 0)
    {
        var o = orders.Where(x => x.Month == month && x.Counted).ToList();
        var due = o.Where(x => x.Due).ToList();
        var rated = ratedCases.Where(x => x.RatedMonth == month).ToList();
        return new IndicatorCounts
        {
            DueToClose = due.Count,
            Closed = due.Count(x => x.Handled),
            ClosedOnTime = due.Count(x => x.FedBackOnTime),
            Checked = o.Count(x => x.Handled),
            Reworked = o.Count(x => x.Handled && x.Reworked),
            Dispatched = o.Count,
            RespondedInTime = o.Count(x => x.RespondedInTime),
            Returned = o.Count(x => x.Returned),
            Extended = o.Count(x => x.Extended),
            Supervisions = supervisions,
            PublicCriticisms = publicCriticisms,
            Rated = rated.Count(x => x.Satisfied is not null),
            Resolved = rated.Count(x => x.Resolved == true),
            Satisfied = rated.Count(x => x.Satisfied == true),
            SignMinutes = o.Where(x => x.SignMinutes is not null).Select(x => x.SignMinutes!.Value).ToList(),
            ArriveMinutes = o.Where(x => x.ArriveMinutes is not null).Select(x => x.ArriveMinutes!.Value).ToList(),
        };
    }
}
