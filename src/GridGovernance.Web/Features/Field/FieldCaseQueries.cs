using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Privacy;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Intake;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Field;

/// <summary>A case in the field worker's list.</summary>
public sealed record FieldCaseRow(long Id, string Number, string CategoryName, CaseState State, DateTimeOffset CreatedAt, string Description,
    string GridName, string SourceName);

/// <summary>A timeline entry as staff see it: the acting colleague's name as well as their role.</summary>
public sealed record StaffTimelineEntry(DateTimeOffset At, string ActorName, string RoleName, string ActionName, string? StateName,
    string? Note, IReadOnlyList<string> PhotoShas);

/// <summary>Everything the field worker's case page shows.</summary>
public sealed record FieldCase(
    long Id, string Number, CaseState State, string KindName, string MajorName, string CategoryName, string ClosingCondition,
    string RequestTypeName, string SourceName, string Description, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt,
    double? Longitude, double? Latitude, bool PositionOutsideGrid, string GridCode, string GridName, string VillageName,
    string? ReporterPhoneMasked, string? OnBehalfHousehold, string? Satisfaction, bool? Resolved,
    IReadOnlyList<string> ReportPhotoShas, IReadOnlyList<string> AfterPhotoShas, IReadOnlyList<StaffTimelineEntry> Timeline,
    bool GridByNearest = false, string? Place = null);

/// <summary>
/// The field worker's reads, scoped in SQL by the one scope rule (<see cref="StaffScopeSql.SeesCase"/>: the territory, an order
/// of the caller's unit, or the caller's own report). Anything else reads as "not found".
/// </summary>
internal static class FieldCaseQueries
{
    private static readonly string Visible = StaffScopeSql.SeesCase("c");

    public static async Task<IReadOnlyList<FieldCaseRow>> ListAsync(NpgsqlDataSource dataSource, CurrentStaff staff, string[] states,
        CancellationToken ct)
    {
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT c.id, c.number, k.name, c.state, c.created_at, c.description, g.name, c.source
            FROM case_file c JOIN case_category k ON k.code = c.category JOIN grid g ON g.code = c.grid_code
            WHERE c.state = ANY(@states) AND {Visible}
            ORDER BY c.created_at DESC, c.id DESC
            LIMIT 200
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]>("states", states));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<FieldCaseRow>();
        while (await reader.ReadAsync(ct))
            rows.Add(new FieldCaseRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), StateOf(reader.GetString(3)),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), reader.GetString(6), SourceName(reader.GetString(7))));
        return rows;
    }

    public static async Task<FieldCase?> FindAsync(NpgsqlDataSource dataSource, CaseSecrets secrets, CurrentStaff staff, long caseId,
        CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Scoped($"""
            SELECT c.id, c.number, c.state, c.kind, k.major_name, k.name, k.closing_condition, c.request_type, c.source, c.description,
                   c.created_at, c.closed_at, ST_X(c.geom), ST_Y(c.geom), c.position_outside_grid, g.code, g.name, v.name,
                   c.reporter_phone_encrypted, h.head_name || '（' || h.code || '）', c.satisfaction, c.resolved, c.grid_by_nearest,
                   place_description(c.geom)
            FROM case_file c
            JOIN case_category k ON k.code = c.category
            JOIN grid g ON g.code = c.grid_code
            JOIN village v ON v.code = g.village_code
            LEFT JOIN household h ON h.code = c.on_behalf_household_code
            WHERE c.id = @id AND {Visible}
            """, caseId, staff));
        batch.BatchCommands.Add(Scoped($"""
            SELECT p.kind, p.photo_sha256 FROM case_photo p JOIN case_file c ON c.id = p.case_id
            WHERE c.id = @id AND {Visible} ORDER BY p.kind, p.position
            """, caseId, staff));
        batch.BatchCommands.Add(Scoped($"""
            SELECT t.at, coalesce(a.display_name, ''), t.actor_kind, t.actor_role, t.action, t.state_after, t.note, t.photo_shas
            FROM case_timeline t JOIN case_file c ON c.id = t.case_id LEFT JOIN staff_account a ON a.id = t.actor_account_id
            WHERE c.id = @id AND {Visible} ORDER BY t.id
            """, caseId, staff));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        var found = new FieldCase(
            reader.GetInt64(0), reader.GetString(1), StateOf(reader.GetString(2)), reader.GetString(3) == "C" ? "部件" : "事件",
            reader.GetString(4), reader.GetString(5), reader.GetString(6), RequestTypes.FromCode(reader.GetString(7))?.Chinese() ?? "",
            SourceName(reader.GetString(8)), reader.GetString(9), reader.GetFieldValue<DateTimeOffset>(10),
            reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
            reader.IsDBNull(12) ? null : reader.GetDouble(12), reader.IsDBNull(13) ? null : reader.GetDouble(13), reader.GetBoolean(14),
            reader.GetString(15), reader.GetString(16), reader.GetString(17),
            reader.IsDBNull(18) ? null : PhoneMask.Mask(secrets.UnprotectPhone(reader.GetFieldValue<byte[]>(18))),
            Text(19), Text(20) is { } satisfaction ? Satisfactions.FromCode(satisfaction)?.Chinese() : null,
            reader.IsDBNull(21) ? null : reader.GetBoolean(21), [], [], [], reader.GetBoolean(22), Text(23));

        await reader.NextResultAsync(ct);
        var report = new List<string>();
        var after = new List<string>();
        while (await reader.ReadAsync(ct)) (reader.GetString(0) == "after" ? after : report).Add(reader.GetString(1));

        await reader.NextResultAsync(ct);
        var timeline = new List<StaffTimelineEntry>();
        while (await reader.ReadAsync(ct))
            timeline.Add(new StaffTimelineEntry(
                reader.GetFieldValue<DateTimeOffset>(0),
                reader.GetString(2) == "resident" ? "居民" : reader.GetString(1),
                CaseTracking.RoleName(Text(3)), CaseTracking.ActionName(reader.GetString(4)),
                Text(5) is { } state ? CaseStates.FromCode(state)?.Chinese() : null, Text(6), reader.GetFieldValue<string[]>(7)));
        return found with { ReportPhotoShas = report, AfterPhotoShas = after, Timeline = timeline };
    }

    private static NpgsqlBatchCommand Scoped(string sql, long caseId, CurrentStaff staff)
    {
        var command = StaffScopeSql.BatchCommand(staff, sql);
        command.Parameters.Add(new NpgsqlParameter<long>("id", caseId));
        return command;
    }

    // An unknown code can only come from a newer release's row; show it as the initial state rather than fail the page.
    private static CaseState StateOf(string code) => CaseStates.FromCode(code) ?? CaseStateMachine.Initial;

    private static string SourceName(string code) => CaseSources.FromCode(code)?.Chinese() ?? code;
}
