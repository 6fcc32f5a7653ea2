using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Evaluation;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Stats;

/// <summary>One ranked area or unit of a month: its sums, and the score, grade, rank and 红黑榜 place computed from them.</summary>
internal sealed record StatsRow(string Code, string Name, IndicatorCounts Counts, bool Criticised, RankedRow Ranked)
{
    public IndicatorValue Value(Indicator indicator) => indicator.Compute(Counts);
}

/// <summary>
/// A month's ranking read from the evaluation facts (never from the cases): the sums of <see cref="IndicatorCounts"/> per row,
/// in SQL, and everything else (rates, score, rank, lists) by the domain. Rows are the caller's own: the areas its territory
/// covers (<see cref="StaffScopeSql.CoversTerritory"/>).
/// </summary>
internal static class StatsQueries
{
    private static string AreaSql(StatsLevel level) => level switch
    {
        StatsLevel.Township => "SELECT code, name FROM township WHERE starts_with(code, @parent)",
        StatsLevel.Village => "SELECT code, name FROM village WHERE starts_with(code, @parent)",
        StatsLevel.Grid => "SELECT code, name FROM grid WHERE starts_with(code, @parent)",
        StatsLevel.Unit => "SELECT code, name FROM department_unit WHERE county_code = @county AND starts_with(code, @parent)",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>
    /// The sums per area (township, village or grid) under @parent: one aggregate per month a case counts in (reported, due,
    /// rated), each an index-only scan of its covering index (migration 0056), so a ranking never visits the facts' heap.
    /// Without <paramref name="withDurations"/> the duration arrays (签收/报到/结案 times, for their mean and p90) come back
    /// empty: a ranking read only for its ranks (last month's, beside this month's) needs no durations, and carrying a
    /// county-month's thousands of them is most of what a ranking costs the app (tests/bench "Evaluation").
    /// </summary>
    private static string AreaCountsSql(StatsLevel level, bool withDurations)
    {
        var col = level.FactColumn();
        var closeMinutes = withDurations
            ? ", array_agg(f.close_minutes) FILTER (WHERE f.counted AND f.closed_in_month AND f.close_minutes IS NOT NULL) AS close_minutes"
            : "";
        var orderMinutes = withDurations
            ? ", array_agg(f.sign_minutes) FILTER (WHERE f.sign_minutes IS NOT NULL) AS sign_minutes" +
              ", array_agg(f.arrive_minutes) FILTER (WHERE f.arrive_minutes IS NOT NULL) AS arrive_minutes"
            : "";
        var durations = withDurations
            ? "coalesce(o.sign_minutes, ARRAY[]::int[]), coalesce(o.arrive_minutes, ARRAY[]::int[]), coalesce(cd.close_minutes, ARRAY[]::int[])"
            : "ARRAY[]::int[], ARRAY[]::int[], ARRAY[]::int[]";
        return $"""
            WITH area AS ({AreaSql(level)}),
            cr AS (
                SELECT f.{col} AS code, count(*) AS reported, count(*) FILTER (WHERE f.escalated) AS escalated
                FROM eval_case_fact f
                WHERE f.county_code = @county AND f.reported_month = @month AND starts_with(f.grid_code, @parent)
                GROUP BY 1),
            cd AS (
                SELECT f.{col} AS code,
                       count(*) FILTER (WHERE f.counted) AS due,
                       count(*) FILTER (WHERE f.counted AND f.closed_in_month) AS closed,
                       count(*) FILTER (WHERE f.counted AND f.closed_on_time) AS on_time,
                       count(*) FILTER (WHERE f.counted AND f.checked) AS checked,
                       count(*) FILTER (WHERE f.counted AND f.reworked) AS reworked,
                       count(*) FILTER (WHERE f.counted AND f.closed_in_month AND f.handled_level = 'grid') AS on_spot,
                       count(*) FILTER (WHERE f.counted AND f.closed_in_month AND f.handled_level IN ('grid', 'village')) AS in_village{closeMinutes}
                FROM eval_case_fact f
                WHERE f.county_code = @county AND f.due_month = @month AND starts_with(f.grid_code, @parent)
                GROUP BY 1),
            cq AS (
                SELECT f.{col} AS code,
                       count(*) FILTER (WHERE f.satisfied IS NOT NULL) AS rated,
                       count(*) FILTER (WHERE f.resolved) AS resolved,
                       count(*) FILTER (WHERE f.satisfied) AS satisfied
                FROM eval_case_fact f
                WHERE f.county_code = @county AND f.rated_month = @month AND starts_with(f.grid_code, @parent)
                GROUP BY 1),
            o AS (
                SELECT f.{col} AS code, count(*) AS dispatched,
                       count(*) FILTER (WHERE f.responded_in_time) AS responded,
                       count(*) FILTER (WHERE f.returned) AS returned,
                       count(*) FILTER (WHERE f.extended) AS extended{orderMinutes}
                FROM eval_order_fact f
                WHERE f.county_code = @county AND f.month = @month AND f.counted AND starts_with(f.grid_code, @parent)
                GROUP BY 1),
            s AS (
                SELECT f.{col} AS code, count(*) AS supervisions, count(*) FILTER (WHERE s.level = @criticism) AS criticisms
                FROM supervision s JOIN eval_case_fact f ON f.case_id = s.case_id
                WHERE s.due_at >= @start AND s.due_at < @end AND f.county_code = @county AND starts_with(f.grid_code, @parent)
                GROUP BY 1)
            SELECT a.code, a.name,
                   coalesce(cr.reported, 0), coalesce(cr.escalated, 0), coalesce(cd.due, 0), coalesce(cd.closed, 0),
                   coalesce(cd.on_time, 0), coalesce(cd.checked, 0), coalesce(cd.reworked, 0), coalesce(cd.on_spot, 0),
                   coalesce(cd.in_village, 0), coalesce(cq.rated, 0), coalesce(cq.resolved, 0), coalesce(cq.satisfied, 0),
                   coalesce(o.dispatched, 0), coalesce(o.responded, 0), coalesce(o.returned, 0), coalesce(o.extended, 0),
                   coalesce(s.supervisions, 0), coalesce(s.criticisms, 0),
                   {durations}
            FROM area a LEFT JOIN cr ON cr.code = a.code LEFT JOIN cd ON cd.code = a.code LEFT JOIN cq ON cq.code = a.code
                 LEFT JOIN o ON o.code = a.code LEFT JOIN s ON s.code = a.code
            WHERE {StaffScopeSql.CoversTerritory("a.code")}
            ORDER BY a.code
            """;
    }

    /// <summary>
    /// The sums per department unit: judged on its own orders (see <see cref="IndicatorCounts.ForUnit"/>); ratings of the cases
    /// it fed back on.
    /// </summary>
    private static string UnitCountsSql() => $"""
        WITH area AS ({AreaSql(StatsLevel.Unit)}),
        o AS (
            SELECT f.unit_code AS code, count(*) AS dispatched,
                   count(*) FILTER (WHERE f.responded_in_time) AS responded,
                   count(*) FILTER (WHERE f.returned) AS returned,
                   count(*) FILTER (WHERE f.extended) AS extended,
                   count(*) FILTER (WHERE f.due) AS due,
                   count(*) FILTER (WHERE f.due AND f.handled) AS closed,
                   count(*) FILTER (WHERE f.fed_back_on_time) AS on_time,
                   count(*) FILTER (WHERE f.handled) AS checked,
                   count(*) FILTER (WHERE f.handled AND f.reworked) AS reworked,
                   array_agg(f.sign_minutes) FILTER (WHERE f.sign_minutes IS NOT NULL) AS sign_minutes,
                   array_agg(f.arrive_minutes) FILTER (WHERE f.arrive_minutes IS NOT NULL) AS arrive_minutes
            FROM eval_order_fact f
            WHERE f.county_code = @county AND f.month = @month AND f.counted
            GROUP BY 1),
        r AS (
            SELECT h.unit_code AS code,
                   count(*) FILTER (WHERE f.satisfied IS NOT NULL) AS rated,
                   count(*) FILTER (WHERE f.resolved) AS resolved,
                   count(*) FILTER (WHERE f.satisfied) AS satisfied
            FROM eval_case_fact f
            JOIN (SELECT DISTINCT case_id, unit_code FROM eval_order_fact WHERE county_code = @county AND handled) h ON h.case_id = f.case_id
            WHERE f.county_code = @county AND f.rated_month = @month
            GROUP BY 1),
        s AS (
            SELECT w.unit_code AS code, count(*) AS supervisions, count(*) FILTER (WHERE s.level = @criticism) AS criticisms
            FROM supervision s JOIN work_order w ON w.id = s.work_order_id
            WHERE s.due_at >= @start AND s.due_at < @end AND starts_with(w.unit_code, @county)
            GROUP BY 1)
        SELECT a.code, a.name,
               0, 0, coalesce(o.due, 0), coalesce(o.closed, 0), coalesce(o.on_time, 0), coalesce(o.checked, 0), coalesce(o.reworked, 0),
               0, 0, coalesce(r.rated, 0), coalesce(r.resolved, 0), coalesce(r.satisfied, 0),
               coalesce(o.dispatched, 0), coalesce(o.responded, 0), coalesce(o.returned, 0), coalesce(o.extended, 0),
               coalesce(s.supervisions, 0), coalesce(s.criticisms, 0),
               coalesce(o.sign_minutes, ARRAY[]::int[]), coalesce(o.arrive_minutes, ARRAY[]::int[]), ARRAY[]::int[]
        FROM area a LEFT JOIN o ON o.code = a.code LEFT JOIN r ON r.code = a.code LEFT JOIN s ON s.code = a.code
        WHERE {StaffScopeSql.CoversTerritory("a.code")}
        ORDER BY a.code
        """;

    /// <summary>
    /// The month's rows of <paramref name="level"/> under <paramref name="parent"/> (a county, township or village code; for
    /// units, the county or a township), scored with <paramref name="weights"/> and ranked with <paramref name="rule"/>.
    /// </summary>
    public static async Task<IReadOnlyList<StatsRow>> RankingAsync(NpgsqlDataSource dataSource, CurrentStaff staff, string county,
        StatsLevel level, string parent, EvaluationMonth month, ScoreWeights weights, HonourRule rule,
        IReadOnlyDictionary<string, int>? previousRanks, CancellationToken ct, bool withDurations = true)
    {
        var sql = level == StatsLevel.Unit ? UnitCountsSql() : AreaCountsSql(level, withDurations);
        await using var command = StaffScopeSql.Command(dataSource, staff, sql);
        command.Parameters.AddWithValue("county", county);
        command.Parameters.AddWithValue("parent", parent);
        command.Parameters.AddWithValue("month", month.FirstDay);
        command.Parameters.AddWithValue("start", month.Start.ToUniversalTime());
        command.Parameters.AddWithValue("end", month.End.ToUniversalTime());
        command.Parameters.AddWithValue("criticism", SupervisionLevel.PublicCriticism.Code());
        var raw = new List<(string Code, string Name, IndicatorCounts Counts)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                raw.Add((reader.GetString(0), reader.GetString(1), new IndicatorCounts
                {
                    Reported = reader.GetInt64(2), Escalated = reader.GetInt64(3), DueToClose = reader.GetInt64(4),
                    Closed = reader.GetInt64(5), ClosedOnTime = reader.GetInt64(6), Checked = reader.GetInt64(7),
                    Reworked = reader.GetInt64(8), ClosedOnSpot = reader.GetInt64(9), ClosedInVillage = reader.GetInt64(10),
                    Rated = reader.GetInt64(11), Resolved = reader.GetInt64(12), Satisfied = reader.GetInt64(13),
                    Dispatched = reader.GetInt64(14), RespondedInTime = reader.GetInt64(15), Returned = reader.GetInt64(16),
                    Extended = reader.GetInt64(17), Supervisions = reader.GetInt64(18), PublicCriticisms = reader.GetInt64(19),
                    SignMinutes = reader.GetFieldValue<int[]>(20), ArriveMinutes = reader.GetFieldValue<int[]>(21),
                    CloseMinutes = reader.GetFieldValue<int[]>(22),
                }));
        var ranked = Rankings.Rank(raw.Select(r => new Candidate(r.Code, r.Name, Scoring.Score(r.Counts, weights), r.Counts.PublicCriticisms > 0)),
                rule, previousRanks)
            .ToDictionary(r => r.Code, StringComparer.Ordinal);
        return raw.Select(r => new StatsRow(r.Code, r.Name, r.Counts, r.Counts.PublicCriticisms > 0, ranked[r.Code]))
            .OrderBy(r => r.Ranked.Rank ?? int.MaxValue).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
    }
}
