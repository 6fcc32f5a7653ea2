using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Evaluation;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Stats;

/// <summary>One case behind a number: what the drill-down lists (no personal data), linking to the console's case drawer.</summary>
internal sealed record StatsCase(long Id, string Number, string Category, string State, string GridCode, string Reported,
    string? Closed, bool? OnTime, bool Reworked, string? Rating);

/// <summary>
/// The cases behind an indicator of an area and month, read through the facts (so exactly the cases the number counted) and
/// limited to those the caller may see (<see cref="StaffScopeSql.SeesCase"/>). Order-based indicators list the cases whose
/// orders were counted.
/// </summary>
internal static class StatsCases
{
    public const int Limit = 200;

    private static string Filter(Indicator indicator) => indicator.Key switch
    {
        "reported" => "f.reported_month = @month",
        "escalation" => "f.reported_month = @month AND f.escalated",
        "closure" or "close_hours" or "close_hours_p90" => "f.due_month = @month AND f.counted AND f.closed_in_month",
        "on_time" => "f.due_month = @month AND f.counted AND NOT f.closed_on_time",
        "rework" => "f.due_month = @month AND f.counted AND f.checked",
        "on_spot" or "in_village" => "f.due_month = @month AND f.counted AND f.closed_in_month",
        "resolution" or "satisfaction" => "f.rated_month = @month",
        "supervisions" => "EXISTS (SELECT 1 FROM supervision s WHERE s.case_id = f.case_id AND s.due_at >= @start AND s.due_at < @end)",
        "response" or "returned" or "extended" or "sign_hours" or "sign_hours_p90" or "arrive_hours" or "arrive_hours_p90" =>
            "EXISTS (SELECT 1 FROM eval_order_fact o WHERE o.case_id = f.case_id AND o.month = @month AND o.counted)",
        _ => "f.due_month = @month AND f.counted",
    };

    /// <summary>Null when the area is not the caller's.</summary>
    public static async Task<IReadOnlyList<StatsCase>?> ListAsync(NpgsqlDataSource dataSource, CurrentStaff staff, string county, string area,
        EvaluationMonth month, Indicator indicator, CancellationToken ct)
    {
        // The area itself must be the caller's: a 联户长's or grid worker's own report elsewhere is theirs to read on its
        // page, not a way to list another area's figures.
        if (!staff.Scope.Covers(area)) return null;
        var sql = $"""
            SELECT c.id, c.number, k.name, c.state, c.grid_code, c.created_at, c.closed_at,
                   CASE WHEN f.counted AND f.due_month = @month THEN f.closed_on_time END, f.reworked, c.satisfaction
            FROM eval_case_fact f JOIN case_file c ON c.id = f.case_id JOIN case_category k ON k.code = c.category
            WHERE f.county_code = @county AND starts_with(f.grid_code, @area) AND {Filter(indicator)} AND {StaffScopeSql.SeesCase("c")}
            ORDER BY c.id DESC LIMIT {Limit}
            """;
        await using var command = StaffScopeSql.Command(dataSource, staff, sql);
        command.Parameters.AddWithValue("county", county);
        command.Parameters.AddWithValue("area", area);
        command.Parameters.AddWithValue("month", month.FirstDay);
        command.Parameters.AddWithValue("start", month.Start.ToUniversalTime());
        command.Parameters.AddWithValue("end", month.End.ToUniversalTime());
        var cases = new List<StatsCase>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                cases.Add(new StatsCase(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                    CaseStates.FromCode(reader.GetString(3))?.Chinese() ?? reader.GetString(3), reader.GetString(4),
                    ChinaTime.Text(reader.GetFieldValue<DateTimeOffset>(5)),
                    reader.IsDBNull(6) ? null : ChinaTime.Text(reader.GetFieldValue<DateTimeOffset>(6)),
                    reader.IsDBNull(7) ? null : reader.GetBoolean(7), reader.GetBoolean(8),
                    Satisfactions.FromCode(reader.IsDBNull(9) ? null : reader.GetString(9))?.Chinese()));
        return cases;
    }
}
