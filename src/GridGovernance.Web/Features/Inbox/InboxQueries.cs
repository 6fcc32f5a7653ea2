using GridGovernance.Data.Calendar;
using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Inbox;

/// <summary>
/// The department inbox's reads, scoped in SQL to the caller's unit (<see cref="StaffScopeSql.UnitOrder"/>, a part of the one scope
/// rule): the unit's own orders in every state; another unit's order reads as "not found". Clocks use the county's work calendar (loaded per request:
/// a few hundred rows, and an edited calendar shows at once).
/// </summary>
internal static class InboxQueries
{
    public const int MaxOrders = 200;
    public const int MaxNotices = 30;

    // Active first (the unit still owes work), the nearest limit first; then finished, the latest first.
    private static readonly string ListSql = $"""
        SELECT o.id, c.number, k.name, v.name, g.name, o.state, o.dispatched_at, o.deadline_at, c.time_unit,
               o.arrival_deadline_at, o.arrived_at, w.kind, w.blown_at
        FROM work_order o
        JOIN case_file c ON c.id = o.case_id
        JOIN case_category k ON k.code = c.category
        JOIN grid g ON g.code = c.grid_code
        JOIN village v ON v.code = g.village_code
        LEFT JOIN whistle w ON w.id = o.whistle_id
        WHERE {StaffScopeSql.UnitOrder("o")} AND o.state = ANY(@states)
        ORDER BY o.state IN {StateSql.ActiveOrders} DESC,
                 CASE WHEN o.state IN {StateSql.ActiveOrders}
                      THEN least(coalesce(CASE WHEN o.arrived_at IS NULL THEN o.arrival_deadline_at END, o.deadline_at), o.deadline_at) END,
                 o.dispatched_at DESC, o.id DESC
        LIMIT 200
        """;

    public static async Task<IReadOnlyList<InboxOrderRow>> ListAsync(NpgsqlDataSource dataSource, CurrentStaff staff, IReadOnlyList<WorkOrderState> states,
        DateTimeOffset now, CancellationToken ct)
    {
        var calendar = await CalendarOfAsync(dataSource, staff, ct);
        await using var command = StaffScopeSql.Command(dataSource, staff, ListSql);
        command.Parameters.Add(new NpgsqlParameter<string[]>("states", states.Select(s => s.Code()).ToArray()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<InboxOrderRow>();
        while (await reader.ReadAsync(ct))
        {
            var state = WorkOrderStates.FromCode(reader.GetString(5)) ?? WorkOrderState.Pending;
            var dispatched = reader.GetFieldValue<DateTimeOffset>(6);
            rows.Add(new InboxOrderRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                state, dispatched,
                state.IsActive() ? DeadlineText.Of(calendar, dispatched, reader.GetFieldValue<DateTimeOffset>(7), now, UnitOf(reader.GetString(8))) : null,
                ArrivalOf(reader, 9, 10, 11, 12)));
        }
        return rows;
    }

    public static async Task<InboxOrder?> FindAsync(NpgsqlDataSource dataSource, CurrentStaff staff, long orderId, DateTimeOffset now,
        CancellationToken ct)
    {
        var calendar = await CalendarOfAsync(dataSource, staff, ct);
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Scoped($"""
            SELECT o.id, o.case_id, u.name, o.state, o.dispatched_at, o.deadline_at, c.time_unit, o.arrival_deadline_at, o.arrived_at, w.kind,
                   o.extension_status, o.extension_until, o.feedback_note, o.returned_reason, o.shelved_explanation, o.rework_count,
                   c.number, c.state, c.kind, k.major_name, k.name, k.closing_condition, c.time_limit, c.request_type, c.source,
                   c.description, c.created_at, ST_X(c.geom), ST_Y(c.geom), g.code, g.name, v.name, t.name,
                   w.blown_at, o.arrival_mismatch, o.arrival_distance_m, place_description(c.geom)
            FROM work_order o
            JOIN department_unit u ON u.code = o.unit_code
            JOIN case_file c ON c.id = o.case_id
            JOIN case_category k ON k.code = c.category
            JOIN grid g ON g.code = c.grid_code
            JOIN village v ON v.code = g.village_code
            JOIN township t ON t.code = c.township_code
            LEFT JOIN whistle w ON w.id = o.whistle_id
            WHERE o.id = @id AND {StaffScopeSql.UnitOrder("o")}
            """, orderId, staff));
        batch.BatchCommands.Add(Scoped($"""
            SELECT p.kind, p.photo_sha256 FROM case_photo p JOIN work_order o ON o.case_id = p.case_id
            WHERE o.id = @id AND {StaffScopeSql.UnitOrder("o")} ORDER BY p.kind, p.position
            """, orderId, staff));
        batch.BatchCommands.Add(Scoped($"""
            SELECT t.at, coalesce(a.display_name, ''), t.actor_kind, t.actor_role, t.action, t.note, cardinality(t.photo_shas)
            FROM case_timeline t JOIN work_order o ON o.id = t.work_order_id LEFT JOIN staff_account a ON a.id = t.actor_account_id
            WHERE o.id = @id AND {StaffScopeSql.UnitOrder("o")} ORDER BY t.id
            """, orderId, staff));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        var state = WorkOrderStates.FromCode(reader.GetString(3)) ?? WorkOrderState.Pending;
        var dispatched = reader.GetFieldValue<DateTimeOffset>(4);
        var unit = UnitOf(reader.GetString(6));
        var order = new InboxOrder(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), state, dispatched,
            state.IsActive() ? DeadlineText.Of(calendar, dispatched, reader.GetFieldValue<DateTimeOffset>(5), now, unit) : null,
            ArrivalOf(reader, 7, 8, 9, 33),
            ExtensionStatuses.FromCode(reader.GetString(10)) ?? ExtensionStatus.None,
            reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11), Text(12), Text(13), Text(14), reader.GetInt32(15),
            reader.GetString(16), CaseStates.FromCode(reader.GetString(17)) ?? CaseStateMachine.Initial,
            reader.GetString(18) == "C" ? "部件" : "事件", reader.GetString(19), reader.GetString(20), reader.GetString(21),
            $"{reader.GetInt32(22)} {unit.Chinese()}", RequestTypes.FromCode(reader.GetString(23))?.Chinese() ?? "",
            CaseSources.FromCode(reader.GetString(24))?.Chinese() ?? reader.GetString(24), reader.GetString(25),
            reader.GetFieldValue<DateTimeOffset>(26), reader.IsDBNull(27) ? null : reader.GetDouble(27), reader.IsDBNull(28) ? null : reader.GetDouble(28),
            reader.GetString(29), reader.GetString(30), reader.GetString(31), reader.GetString(32), [], [], [])
        {
            PlaceMismatch = reader.GetBoolean(34), ArrivalDistanceMetres = reader.IsDBNull(35) ? null : reader.GetDouble(35),
            Place = reader.IsDBNull(36) ? null : reader.GetString(36),
        };

        await reader.NextResultAsync(ct);
        var report = new List<string>();
        var after = new List<string>();
        while (await reader.ReadAsync(ct)) (reader.GetString(0) == "after" ? after : report).Add(reader.GetString(1));

        await reader.NextResultAsync(ct);
        var timeline = new List<OrderTimelineEntry>();
        while (await reader.ReadAsync(ct))
            timeline.Add(new OrderTimelineEntry(reader.GetFieldValue<DateTimeOffset>(0),
                reader.GetString(2) == "system" ? "系统" : reader.GetString(1),
                CaseTracking.RoleName(Text(3)), OrderActionName(reader.GetString(4)), Text(5), reader.GetInt32(6)));
        return order with { ReportPhotoShas = report, AfterPhotoShas = after, Timeline = timeline };
    }

    /// <summary>The unit's notices, newest first; <see cref="InboxNotice.Unread"/> as they were before this look.</summary>
    public static async Task<IReadOnlyList<InboxNotice>> NoticesAsync(NpgsqlDataSource dataSource, CurrentStaff staff, CancellationToken ct)
    {
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT n.id, n.case_id, n.work_order_id, n.message, n.created_at, n.read_at IS NULL FROM notification n
            WHERE {StaffScopeSql.ReceivesNotice("n")} ORDER BY n.created_at DESC, n.id DESC LIMIT {MaxNotices}
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var notices = new List<InboxNotice>();
        while (await reader.ReadAsync(ct))
            notices.Add(new InboxNotice(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetBoolean(5)));
        return notices;
    }

    /// <summary>
    /// Marks the unit's notices up to <paramref name="upToId"/> read: the ones the page has just shown, never one that arrived
    /// after the page was read. Everyone of the unit shares them (the notice is addressed to the unit, not to a person).
    /// </summary>
    public static async Task<int> MarkReadAsync(NpgsqlDataSource dataSource, CurrentStaff staff, long upToId, CancellationToken ct)
    {
        await using var command = StaffScopeSql.Command(dataSource, staff,
            $"UPDATE notification n SET read_at = now() WHERE {StaffScopeSql.ReceivesNotice("n")} AND n.read_at IS NULL AND n.id <= @up_to");
        command.Parameters.Add(new NpgsqlParameter<long>("up_to", upToId));
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Whether <paramref name="sha"/> is a photo of the case of one of the caller's unit's orders.</summary>
    public static async Task<bool> MayViewPhotoAsync(NpgsqlDataSource dataSource, CurrentStaff staff, long orderId, string sha, CancellationToken ct)
    {
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT EXISTS (SELECT 1 FROM work_order o JOIN case_photo p ON p.case_id = o.case_id
                           WHERE o.id = @id AND {StaffScopeSql.UnitOrder("o")} AND p.photo_sha256 = @sha)
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("id", orderId));
        command.Parameters.Add(new NpgsqlParameter<string>("sha", sha));
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// The units the caller's unit may summon to its order's case (联合吹哨): the county's active units that serve the whole
    /// county or the case's township, without the caller's own unit and without units already holding a live order there.
    /// </summary>
    public static async Task<IReadOnlyList<WhistleCandidate>> WhistleCandidatesAsync(NpgsqlDataSource dataSource, CurrentStaff staff, long orderId,
        CancellationToken ct)
    {
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT u.code, u.name
            FROM work_order o
            JOIN case_file c ON c.id = o.case_id
            JOIN department_unit u ON u.county_code = c.county_code AND u.active AND u.code <> o.unit_code
                                  AND (u.township_code IS NULL OR u.township_code = c.township_code)
            WHERE o.id = @id AND {StaffScopeSql.UnitOrder("o")}
              AND NOT EXISTS (SELECT 1 FROM work_order l WHERE l.case_id = c.id AND l.unit_code = u.code AND l.state NOT IN {StateSql.NotLiveOrders})
            ORDER BY u.township_code NULLS LAST, u.code
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("id", orderId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var units = new List<WhistleCandidate>();
        while (await reader.ReadAsync(ct)) units.Add(new WhistleCandidate(reader.GetString(0), reader.GetString(1)));
        return units;
    }

    /// <summary>
    /// 派单到人 on the order page: who holds the order now, whether the caller is the unit's head, the unit's staff (the head
    /// assigns to them), and the other units of the same department in the county (转派).
    /// </summary>
    public static async Task<OrderAssignment> AssignmentAsync(NpgsqlDataSource dataSource, CurrentStaff staff, long orderId, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Scoped($"""
            SELECT a.display_name, (SELECT me.unit_head FROM staff_account me WHERE me.id = @me), o.assignee_account_id = @me
            FROM work_order o LEFT JOIN staff_account a ON a.id = o.assignee_account_id
            WHERE o.id = @id AND {StaffScopeSql.UnitOrder("o")}
            """, orderId, staff, me: staff.Id));
        batch.BatchCommands.Add(Scoped($"""
            SELECT s.id, s.display_name FROM work_order o JOIN staff_account s ON s.scope_code = o.unit_code
            WHERE o.id = @id AND {StaffScopeSql.UnitOrder("o")} AND s.role = 'department_staff' AND NOT s.disabled
            ORDER BY s.display_name, s.id
            """, orderId, staff));
        batch.BatchCommands.Add(Scoped($"""
            SELECT t.code, t.name FROM work_order o JOIN department_unit u ON u.code = o.unit_code
            JOIN department_unit t ON t.department_code = u.department_code AND t.county_code = u.county_code AND t.code <> u.code AND t.active
            WHERE o.id = @id AND {StaffScopeSql.UnitOrder("o")}
            ORDER BY t.code
            """, orderId, staff));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        string? holder = null;
        bool head = false, mine = false;
        if (await reader.ReadAsync(ct))
            (holder, head, mine) = (reader.IsDBNull(0) ? null : reader.GetString(0), !reader.IsDBNull(1) && reader.GetBoolean(1), !reader.IsDBNull(2) && reader.GetBoolean(2));
        await reader.NextResultAsync(ct);
        var colleagues = new List<(long, string)>();
        while (await reader.ReadAsync(ct)) colleagues.Add((reader.GetInt64(0), reader.GetString(1)));
        await reader.NextResultAsync(ct);
        var units = new List<(string, string)>();
        while (await reader.ReadAsync(ct)) units.Add((reader.GetString(0), reader.GetString(1)));
        return new OrderAssignment(holder, mine, head, colleagues, units);
    }

    /// <summary>The work calendar of the unit's county (a unit code starts with its county's 6 digits).</summary>
    private static Task<WorkCalendar> CalendarOfAsync(NpgsqlDataSource dataSource, CurrentStaff staff, CancellationToken ct) =>
        WorkCalendarLoader.LoadAsync(dataSource, staff.ScopeCode.Length >= 6 ? staff.ScopeCode[..6] : staff.ScopeCode, ct);

    private static Arrival? ArrivalOf(NpgsqlDataReader reader, int deadline, int arrived, int kind, int blown) =>
        reader.IsDBNull(deadline)
            ? null
            : new Arrival(reader.GetFieldValue<DateTimeOffset>(deadline), reader.IsDBNull(arrived) ? null : reader.GetFieldValue<DateTimeOffset>(arrived),
                WhistleKinds.FromCode(reader.IsDBNull(kind) ? null : reader.GetString(kind))?.Chinese() ?? "吹哨")
            {
                Start = reader.IsDBNull(blown) ? null : reader.GetFieldValue<DateTimeOffset>(blown),
            };

    private static DeadlineUnit UnitOf(string code) => DeadlineUnits.FromCode(code) ?? DeadlineUnit.WorkDay;

    private static string OrderActionName(string code) =>
        WorkOrderActions.FromCode(code)?.Chinese() ?? CaseActions.FromCode(code)?.Chinese() ?? CaseTracking.ActionName(code);

    private static NpgsqlBatchCommand Scoped(string sql, long orderId, CurrentStaff staff, long? me = null)
    {
        var command = StaffScopeSql.BatchCommand(staff, sql);
        command.Parameters.Add(new NpgsqlParameter<long>("id", orderId));
        if (me is { } account) command.Parameters.Add(new NpgsqlParameter<long>("me", account));
        return command;
    }
}
