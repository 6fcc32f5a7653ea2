using GridGovernance.Domain.Cases;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch;

/// <summary>Whom to call: a summoned unit's office phone, its duty contact and its department staff (work contacts, for the others on the whistle).</summary>
public sealed record TeamContact(string Name, string? Phone);

/// <summary>One unit summoned by a whistle, with its arrival state as every other summoned unit sees it.</summary>
public sealed record TeamMember(long OrderId, string UnitCode, string UnitName, string? UnitPhone, WorkOrderState State, DateTimeOffset? ArrivedAt,
    bool PlaceMismatch, double? DistanceMetres, IReadOnlyList<TeamContact> Contacts);

/// <summary>
/// A whistle as the summoned units coordinate by it: kind, the dispatcher's note, the meeting place, the arrival limit, who blew
/// it (and their phone), and every summoned unit with its contacts and arrival state.
/// </summary>
/// <param name="MeetingPlace">the meeting point as place_description() reads it (address · grid · village), or away from every
/// grid as place_beyond_grids() does (nearest village, direction, distance); null when there is no meeting point or it lies more
/// than 20 km from any village.</param>
public sealed record WhistleTeam(long WhistleId, WhistleKind Kind, string? Note, DateTimeOffset BlownAt, DateTimeOffset ArrivalDeadline,
    string BlownByName, string? BlownByPhone, double? MeetingLongitude, double? MeetingLatitude, IReadOnlyList<TeamMember> Members)
{
    public string? MeetingPlace { get; init; }
}

/// <summary>
/// Reads the whistle team of a work order, for whoever may see that order (<see cref="StaffScopeSql.SeesOrder"/>: its own unit,
/// or the territory — the dispatcher). A summoned unit thereby sees the others of its whistle, which is the point of 联合吹哨.
/// </summary>
internal static class WhistleTeamQuery
{
    private static readonly string ScopedOrder = $"""
        FROM work_order o JOIN case_file c ON c.id = o.case_id
        WHERE o.id = @id AND o.whistle_id IS NOT NULL AND {StaffScopeSql.SeesOrder("o", "c")}
        """;

    public static async Task<WhistleTeam?> OfOrderAsync(NpgsqlDataSource dataSource, CurrentStaff staff, long orderId, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Scoped(staff, orderId, $"""
            SELECT w.id, w.kind, w.note, w.blown_at, w.arrival_deadline_at, a.display_name, a.phone, ST_X(w.meeting_geom), ST_Y(w.meeting_geom),
                   coalesce(place_description(w.meeting_geom), place_beyond_grids(w.meeting_geom))
            FROM whistle w JOIN staff_account a ON a.id = w.blown_by
            WHERE w.id = (SELECT o.whistle_id {ScopedOrder})
            """));
        batch.BatchCommands.Add(Scoped(staff, orderId, $"""
            SELECT m.id, m.unit_code, u.name, u.phone, m.state, m.arrived_at, m.arrival_mismatch, m.arrival_distance_m
            FROM work_order m JOIN department_unit u ON u.code = m.unit_code
            WHERE m.whistle_id = (SELECT o.whistle_id {ScopedOrder})
            ORDER BY m.id
            """));
        // The unit's duty contact (set at /admin/departments) first, then its staff accounts.
        batch.BatchCommands.Add(Scoped(staff, orderId, $"""
            WITH summoned AS (SELECT m.unit_code FROM work_order m WHERE m.whistle_id = (SELECT o.whistle_id {ScopedOrder}))
            SELECT unit_code, name, phone FROM (
                SELECT u.code AS unit_code, '值班：' || u.duty_contact AS name, u.duty_phone AS phone, 0 AS rank, 0::bigint AS id
                FROM department_unit u WHERE u.duty_contact IS NOT NULL AND u.code IN (SELECT unit_code FROM summoned)
                UNION ALL
                SELECT s.scope_code, s.display_name, s.phone, 1, s.id
                FROM staff_account s
                WHERE s.role = 'department_staff' AND NOT s.disabled AND s.scope_code IN (SELECT unit_code FROM summoned)
            ) contact
            ORDER BY unit_code, rank, name, id
            """));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        var team = new WhistleTeam(reader.GetInt64(0), WhistleKinds.FromCode(reader.GetString(1)) ?? WhistleKind.Routine, Text(2),
            reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), Text(6),
            reader.IsDBNull(7) ? null : reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetDouble(8), [])
        {
            MeetingPlace = Text(9),
        };

        await reader.NextResultAsync(ct);
        var members = new List<TeamMember>();
        while (await reader.ReadAsync(ct))
            members.Add(new TeamMember(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Text(3),
                WorkOrderStates.FromCode(reader.GetString(4)) ?? WorkOrderState.Pending,
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.GetBoolean(6),
                reader.IsDBNull(7) ? null : reader.GetDouble(7), []));

        await reader.NextResultAsync(ct);
        var contacts = new Dictionary<string, List<TeamContact>>();
        while (await reader.ReadAsync(ct))
        {
            if (!contacts.TryGetValue(reader.GetString(0), out var list)) contacts[reader.GetString(0)] = list = [];
            list.Add(new TeamContact(reader.GetString(1), Text(2)));
        }
        return team with
        {
            Members = members.Select(m => m with { Contacts = contacts.GetValueOrDefault(m.UnitCode) ?? [] }).ToList(),
        };
    }

    private static NpgsqlBatchCommand Scoped(CurrentStaff staff, long orderId, string sql)
    {
        var command = StaffScopeSql.BatchCommand(staff, sql);
        command.Parameters.Add(new NpgsqlParameter<long>("id", orderId));
        return command;
    }
}
