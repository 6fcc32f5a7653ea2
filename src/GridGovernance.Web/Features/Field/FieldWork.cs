using GridGovernance.Data.Calendar;
using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Field;

/// <summary>Which list of the work page a case is on.</summary>
public enum WorkList
{
    /// <summary>待核实: a resident's (or 12345's) report in my grid, waiting for someone to confirm it on the spot.</summary>
    ToVerify,

    /// <summary>待核查: fed back by the units or the village, waiting for the check on the spot.</summary>
    ToCheck,

    /// <summary>待办: my own open reports, and reports whose resident asked to be called back (待回电) not yet called.</summary>
    Mine,
}

/// <summary>One line of the work page: what, where, how long it has waited, and its deadline in the one wording.</summary>
public sealed record WorkItem(long Id, string Number, string CategoryName, CaseState State, string Description, string GridName,
    string SourceName, DateTimeOffset CreatedAt, DateTimeOffset WaitingSince, DeadlineReading? Deadline, string? DeadlineLabel,
    bool CallBack);

/// <summary>The grid worker's three lists.</summary>
public sealed record WorkLists(IReadOnlyList<WorkItem> ToVerify, IReadOnlyList<WorkItem> ToCheck, IReadOnlyList<WorkItem> Mine, DateTimeOffset Now)
{
    public int Count => ToVerify.Count + ToCheck.Count + Mine.Count;
}

/// <summary>
/// The work page's reads (/field/work) and the notices of the field pages. Scoped in SQL by the one scope rule: a list holds
/// only cases the caller may act on (<see cref="StaffScopeSql.ActsOnCase"/>) or, for 待办, reported themselves.
/// </summary>
internal static class FieldWork
{
    public const int PerList = 100;

    // Public reports (扫码, 12345, external systems) wait for 核实; patrol reports may be filed without it.
    private static readonly string[] VerifySources = Enum.GetValues<CaseSource>().Where(s => !CaseStateMachine.IsPatrol(s)).Select(s => s.Code()).ToArray();

    public static async Task<WorkLists> ListAsync(NpgsqlDataSource dataSource, CurrentStaff staff, DateTimeOffset now, CancellationToken ct)
    {
        // One statement: each case lands on the first list it fits (to verify, to check, mine).
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            WITH listed AS (
                SELECT c.*, CASE
                        WHEN c.state = @reported AND c.source = ANY(@verify_sources) AND {StaffScopeSql.ActsOnCase("c")} THEN 0
                        WHEN c.state = @pending_check AND {StaffScopeSql.ActsOnCase("c")} THEN 1
                        WHEN c.reported_by_account_id = @me
                             OR (c.callback_requested AND c.callback_done_at IS NULL AND {StaffScopeSql.ActsOnCase("c")}) THEN 2
                    END AS list
                FROM case_file c
                WHERE c.state = ANY(@open) AND {StaffScopeSql.SeesCase("c")}
            ), ranked AS (
                SELECT l.*, row_number() OVER (PARTITION BY l.list ORDER BY l.created_at, l.id) AS n FROM listed l WHERE l.list IS NOT NULL
            )
            SELECT r.list, r.id, r.number, k.name, r.state, r.description, g.name, r.source, r.created_at,
                   (SELECT max(t.at) FROM case_timeline t WHERE t.case_id = r.id AND t.state_after IS NOT NULL),
                   r.accepted_at, r.deadline_at, r.time_unit, r.level_since, r.county_code,
                   coalesce(s.escalate_grid_minutes, 240), r.callback_requested AND r.callback_done_at IS NULL
            FROM ranked r
            JOIN case_category k ON k.code = r.category
            JOIN grid g ON g.code = r.grid_code
            LEFT JOIN dispatch_setting s ON s.county_code = r.county_code
            WHERE r.n <= @per_list
            ORDER BY r.list, r.created_at, r.id
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("reported", CaseState.Reported.Code()));
        command.Parameters.Add(new NpgsqlParameter<string>("pending_check", CaseState.PendingCheck.Code()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("open", [.. StateSets.OpenCases]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("verify_sources", VerifySources));
        command.Parameters.Add(new NpgsqlParameter<long>("me", staff.Id));
        command.Parameters.Add(new NpgsqlParameter<int>("per_list", PerList));

        var rows = new List<(int List, WorkItem Item, string County, DeadlineUnit Unit, DateTimeOffset? AcceptedAt, DateTimeOffset? DeadlineAt,
            DateTimeOffset LevelSince, int EscalateMinutes)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var created = reader.GetFieldValue<DateTimeOffset>(8);
                var item = new WorkItem(reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                    CaseStates.FromCode(reader.GetString(4)) ?? CaseStateMachine.Initial, reader.GetString(5), reader.GetString(6),
                    CaseSources.FromCode(reader.GetString(7))?.Chinese() ?? reader.GetString(7), created,
                    reader.IsDBNull(9) ? created : reader.GetFieldValue<DateTimeOffset>(9), null, null, reader.GetBoolean(16));
                rows.Add((reader.GetInt32(0), item, reader.GetString(14), DeadlineUnits.FromCode(reader.GetString(12)) ?? DeadlineUnit.WorkDay,
                    reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                    reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                    reader.GetFieldValue<DateTimeOffset>(13), reader.GetInt32(15)));
            }

        var calendars = new Dictionary<string, WorkCalendar>();
        var lists = new[] { new List<WorkItem>(), new List<WorkItem>(), new List<WorkItem>() };
        foreach (var row in rows)
        {
            if (!calendars.TryGetValue(row.County, out var calendar))
                calendars[row.County] = calendar = await WorkCalendarLoader.LoadAsync(dataSource, row.County, ct);
            var item = row.Item;
            if (row.AcceptedAt is { } start && row.DeadlineAt is { } due)
                item = item with { Deadline = DeadlineText.Of(calendar, start, due, now, row.Unit), DeadlineLabel = "办理时限" };
            else if (item.State.Level() == HandlingLevel.Grid)
                // Not filed yet: the clock that matters is the escalation's — left at grid level this long, it climbs to the village.
                item = item with
                {
                    Deadline = DeadlineText.Of(calendar, row.LevelSince, row.LevelSince.AddMinutes(row.EscalateMinutes), now, DeadlineUnit.Minute),
                    DeadlineLabel = "自动上报村级前",
                };
            lists[row.List].Add(item);
        }
        return new WorkLists(lists[0], lists[1], lists[2], now);
    }

    /// <summary>Unread notices addressed to the caller's territory (the bottom bar's count).</summary>
    public static async Task<int> UnreadNoticesAsync(NpgsqlDataSource dataSource, CurrentStaff staff, CancellationToken ct)
    {
        await using var command = StaffScopeSql.Command(dataSource, staff,
            $"SELECT count(*)::int FROM notification n WHERE {StaffScopeSql.ReceivesNotice("n")} AND n.read_at IS NULL");
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }
}
