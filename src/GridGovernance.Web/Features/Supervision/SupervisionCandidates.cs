using GridGovernance.Web.Features.Cases;
using Npgsql;

namespace GridGovernance.Web.Features.Supervision;

/// <summary>What a 督办 item is: a case past its deadline, a unit's work order past its deadline, or a whistled unit late on site.</summary>
internal enum SupervisedKind
{
    Case,
    Order,
    Arrival,
}

/// <summary>
/// An item that may owe a 督办 threshold, read without locks. <paramref name="Recipient"/> is who is told: the township for a
/// case, the unit for an order. <paramref name="Raised"/> lists the levels already stored, so a run opens a transaction only
/// for items with something new.
/// </summary>
internal sealed record SupervisedItem(SupervisedKind Kind, long CaseId, long? WorkOrderId, string CountyCode, string Recipient,
    string CaseNumber, string? UnitName, DateTimeOffset Deadline, int CriticismAfterWorkDays, IReadOnlyList<string> Raised,
    string? WhistleKind, DateTimeOffset? ArrivedAt);

/// <summary>
/// Reads every item that might owe 督办 at <c>now</c>. The open-case state list and the live-order state list match the partial
/// indexes of migrations 0010 and 0011 word for word. Shelved (挂账) cases are not supervised: the backlog has no deadline.
/// Items with every level raised are left out in SQL, so the steady state of a county with a long overdue backlog stays cheap.
/// </summary>
internal static class SupervisionCandidates
{
    /// <summary>The states whose clock runs (the 0010 index case_file_open_deadline_idx lists the same).</summary>
    public const string SupervisedCaseStates = StateSql.ClockRunningCases;

    /// <summary>The order states that still owe work (the 0011 index work_order_live_deadline_idx lists the same).</summary>
    public const string LiveOrderStates = StateSql.ActiveOrders;

    /// <summary>An approved 延期 moves the deadline; whether the action wrote it into deadline_at or only extension_until, the later wins.</summary>
    public const string OrderDeadline = "CASE WHEN o.extension_status = 'approved' THEN greatest(o.deadline_at, o.extension_until) ELSE o.deadline_at END";

    /// <summary>A whistled unit is late when its arrival deadline passed before it arrived (or it still has not arrived).</summary>
    public const string LateArrival = $"""
        o.arrival_deadline_at < @now AND o.state NOT IN {StateSql.NotLiveOrders}
        AND ((o.arrived_at IS NULL AND o.state IN {StateSql.AwaitingArrivalOrders}) OR o.arrived_at > o.arrival_deadline_at)
        """;

    // coalesce(…, 5): a county without a dispatch_setting row gets the column default of migration 0010.
    private const string CasesSql = $"""
        SELECT c.id, NULL::bigint, c.county_code, c.township_code, c.number, NULL::text, c.deadline_at,
               coalesce(s.criticism_after_work_days, 5),
               array(SELECT v.level FROM supervision v WHERE v.case_id = c.id AND v.work_order_id IS NULL),
               NULL::text, NULL::timestamptz
        FROM case_file c LEFT JOIN dispatch_setting s ON s.county_code = c.county_code
        WHERE c.state IN {SupervisedCaseStates} AND c.deadline_at < @now
          AND NOT EXISTS (SELECT 1 FROM supervision v WHERE v.case_id = c.id AND v.work_order_id IS NULL AND v.level = 'public_criticism')
        ORDER BY c.deadline_at, c.id
        """;

    private const string OrdersSql = $"""
        SELECT o.case_id, o.id, c.county_code, o.unit_code, c.number, u.name, {OrderDeadline},
               coalesce(s.criticism_after_work_days, 5),
               array(SELECT v.level FROM supervision v WHERE v.case_id = o.case_id AND v.work_order_id = o.id),
               NULL::text, NULL::timestamptz
        FROM work_order o
        JOIN case_file c ON c.id = o.case_id
        JOIN department_unit u ON u.code = o.unit_code
        LEFT JOIN dispatch_setting s ON s.county_code = c.county_code
        WHERE o.state IN {LiveOrderStates} AND o.deadline_at < @now AND c.state IN {SupervisedCaseStates}
          AND NOT EXISTS (SELECT 1 FROM supervision v WHERE v.case_id = o.case_id AND v.work_order_id = o.id AND v.level = 'public_criticism')
        ORDER BY o.deadline_at, o.id
        """;

    // The first branch is served by work_order_awaiting_arrival_idx; the second catches up a unit that arrived late while
    // no instance was running (its lateness is still a fact to record once).
    private const string ArrivalsSql = $"""
        SELECT o.case_id, o.id, c.county_code, o.unit_code, c.number, u.name, o.arrival_deadline_at, 0, ARRAY[]::text[], w.kind, o.arrived_at
        FROM work_order o
        JOIN whistle w ON w.id = o.whistle_id
        JOIN case_file c ON c.id = o.case_id
        JOIN department_unit u ON u.code = o.unit_code
        WHERE {LateArrival}
          AND NOT EXISTS (SELECT 1 FROM supervision v WHERE v.case_id = o.case_id AND v.work_order_id = o.id AND v.level = 'late_arrival')
        ORDER BY o.arrival_deadline_at, o.id
        """;

    public static async Task<IReadOnlyList<SupervisedItem>> ReadAsync(NpgsqlDataSource dataSource, DateTimeOffset now, CancellationToken ct)
    {
        var items = new List<SupervisedItem>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        foreach (var (kind, sql) in new[] { (SupervisedKind.Case, CasesSql), (SupervisedKind.Order, OrdersSql), (SupervisedKind.Arrival, ArrivalsSql) })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                items.Add(new SupervisedItem(kind, reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetString(2),
                    reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.GetFieldValue<DateTimeOffset>(6), reader.GetInt32(7), reader.GetFieldValue<string[]>(8),
                    reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10)));
        }
        return items;
    }
}
