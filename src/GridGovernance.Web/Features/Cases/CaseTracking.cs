using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Cases;
using Npgsql;

namespace GridGovernance.Web.Features.Cases;

/// <summary>One step of a case as the resident sees it: who acted by role only, never a staff member's name or phone.</summary>
public sealed record TimelineEntryView(DateTimeOffset At, string RoleName, string ActionName, string? StateName, string? Note, int PhotoCount);

/// <summary>What the tracking page shows the resident about their case.</summary>
public sealed record TrackedCase(
    long Id, string Number, CaseState State, string CategoryName, string RequestTypeName, string Description, DateTimeOffset CreatedAt,
    string GridName, IReadOnlyList<TimelineEntryView> Timeline, IReadOnlyList<string> ReportPhotoShas, IReadOnlyList<string> AfterPhotoShas,
    string? Satisfaction, bool? Resolved, string? RatingComment, DateTimeOffset? RatedAt, string? Place = null);

/// <summary>Reads a case by its tracking-token hash: the token is the resident's only key to it.</summary>
internal static class CaseTracking
{
    /// <summary>
    /// The case a token leads to: its own, or — once it was merged as a duplicate (合并) — the surviving case, which its reporter
    /// then follows and rates. Takes the token's hash as $1.
    /// </summary>
    internal const string CaseOfToken = "(SELECT coalesce(m.merged_into_case_id, m.id) FROM case_file m WHERE m.tracking_token_hash = $1)";

    public static async Task<TrackedCase?> FindAsync(NpgsqlDataSource dataSource, byte[] tokenHash, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT c.id, c.number, c.state, k.major_name || ' · ' || k.name, c.request_type, c.description, c.created_at, g.name,
                   c.satisfaction, c.resolved, c.rating_comment, c.rated_at, place_description(c.geom)
            FROM case_file c JOIN case_category k ON k.code = c.category JOIN grid g ON g.code = c.grid_code
            WHERE c.id = {CaseOfToken}
            """) { Parameters = { new() { Value = tokenHash } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT t.at, t.actor_role, t.action, t.state_after, t.note, cardinality(t.photo_shas)
            FROM case_timeline t JOIN case_file c ON c.id = t.case_id
            WHERE c.id = {CaseOfToken} ORDER BY t.id
            """) { Parameters = { new() { Value = tokenHash } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT p.kind, p.photo_sha256 FROM case_photo p JOIN case_file c ON c.id = p.case_id
            WHERE c.id = {CaseOfToken} ORDER BY p.kind DESC, p.position
            """) { Parameters = { new() { Value = tokenHash } } });
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var state = CaseStates.FromCode(reader.GetString(2)) ?? CaseState.Reported;
        var tracked = new TrackedCase(
            reader.GetInt64(0), reader.GetString(1), state, reader.GetString(3),
            RequestTypes.FromCode(reader.GetString(4))?.Chinese() ?? "", reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6),
            reader.GetString(7), [], [], [],
            reader.IsDBNull(8) ? null : Satisfactions.FromCode(reader.GetString(8))?.Chinese(),
            reader.IsDBNull(9) ? null : reader.GetBoolean(9),
            reader.IsDBNull(10) ? null : reader.GetString(10),
            reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
            reader.IsDBNull(12) ? null : reader.GetString(12));
        await reader.NextResultAsync(ct);
        var timeline = new List<TimelineEntryView>();
        while (await reader.ReadAsync(ct))
            timeline.Add(new TimelineEntryView(
                reader.GetFieldValue<DateTimeOffset>(0), RoleName(reader.IsDBNull(1) ? null : reader.GetString(1)), ActionName(reader.GetString(2)),
                reader.IsDBNull(3) ? null : CaseStates.FromCode(reader.GetString(3))?.Chinese(),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5)));
        await reader.NextResultAsync(ct);
        var report = new List<string>();
        var after = new List<string>();
        while (await reader.ReadAsync(ct)) (reader.GetString(0) == "after" ? after : report).Add(reader.GetString(1));
        return tracked with { Timeline = timeline, ReportPhotoShas = report, AfterPhotoShas = after };
    }

    /// <summary>Whether a photo belongs to the case behind a token (the photo endpoint's access check).</summary>
    public static async Task<bool> TokenMayViewPhotoAsync(NpgsqlDataSource dataSource, byte[] tokenHash, string sha, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT EXISTS (SELECT 1 FROM case_photo p JOIN case_file c ON c.id = p.case_id
                           WHERE c.id = {CaseOfToken} AND p.photo_sha256 = $2)
            """);
        command.Parameters.Add(new() { Value = tokenHash });
        command.Parameters.Add(new() { Value = sha });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Role names shown to residents: a role, never a person.</summary>
    public static string RoleName(string? role) => role switch
    {
        "resident" => "居民",
        "grid_head" => "网格长",
        "hotline" => "12345 热线",
        "external" => "外部系统",
        _ => StaffRoles.Parse(role)?.Chinese() ?? "系统",
    };

    /// <summary>The Chinese name of a timeline action: a case action, a work-order action, or one of the system's own steps.</summary>
    public static string ActionName(string action) => action switch
    {
        "report" => "上报问题",
        "rate" => "评价",
        "remind" => "群众催办",
        "supplement" => "补充材料",
        "second" => "附议（其他群众也反映）",
        "supervise" => "督办",
        "escalate_timer" => "超时自动上报",
        "merge" => "合并重复案件",
        "transfer" => "转办",
        _ => CaseActions.FromCode(action)?.Chinese() ?? WorkOrderActions.FromCode(action)?.Chinese() ?? action,
    };
}
