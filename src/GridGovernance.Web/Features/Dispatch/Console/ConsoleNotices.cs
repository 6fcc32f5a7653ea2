using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>A notice for the console's people: 督办, returned orders, extension requests, cases awaiting a check.</summary>
public sealed record ConsoleNotice(long Id, long CaseId, string Message, DateTimeOffset CreatedAt, bool Unread);

/// <summary>
/// The notices addressed to the caller's territory and the places in it (a township dispatcher also sees what went to its villages
/// and grids), newest first, a notice sent in the same words to several of them (the grid and the township) once. Unit codes
/// ("451027-chengguan") are the departments' own, read in their inbox. On the server-rendered console showing marks them read, as
/// the inbox does; the interactive console re-reads them live without marking (<c>markShown: false</c>) and marks them read when
/// one is opened or with 全部已读 (<see cref="MarkReadAsync"/>).
/// </summary>
internal static class ConsoleNotices
{
    public const int Shown = 20;

    public static Task<IReadOnlyList<ConsoleNotice>> LatestAsync(NpgsqlDataSource dataSource, CurrentStaff staff, CancellationToken ct) =>
        LatestAsync(dataSource, staff, markShown: true, ct);

    public static async Task<IReadOnlyList<ConsoleNotice>> LatestAsync(NpgsqlDataSource dataSource, CurrentStaff staff, bool markShown,
        CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var notices = new List<ConsoleNotice>();
        await using (var select = StaffScopeSql.Command(connection, tx, staff, $"""
            SELECT id, case_id, message, created_at, unread FROM (
                SELECT DISTINCT ON (n.case_id, n.kind, n.message) n.id, n.case_id, n.message, n.created_at,
                       bool_or(n.read_at IS NULL) OVER (PARTITION BY n.case_id, n.kind, n.message) AS unread
                FROM notification n
                WHERE {StaffScopeSql.ReceivesNotice("n")}
                ORDER BY n.case_id, n.kind, n.message, n.id DESC
            ) once
            ORDER BY created_at DESC, id DESC LIMIT @shown
            """))
        {
            select.Parameters.Add(new NpgsqlParameter<int>("shown", Shown));
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                notices.Add(new ConsoleNotice(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                    reader.GetBoolean(4)));
        }
        // Shown means read — with the twins folded into a shown line (the same words to the grid and to the township).
        if (markShown) await MarkAsync(connection, tx, staff, notices.Where(n => n.Unread).Select(n => n.Id).ToArray(), ct);
        await tx.CommitAsync(ct);
        return notices;
    }

    /// <summary>Marks <paramref name="noticeId"/> (with its twins) read, or with null every unread notice of the caller (全部已读).</summary>
    public static async Task MarkReadAsync(NpgsqlDataSource dataSource, CurrentStaff staff, long? noticeId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await MarkAsync(connection, null, staff, noticeId is { } id ? [id] : null, ct);
    }

    private static async Task MarkAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, CurrentStaff staff, long[]? ids, CancellationToken ct)
    {
        await using var mark = StaffScopeSql.Command(connection, tx, staff, $"""
            UPDATE notification n SET read_at = now()
            WHERE {StaffScopeSql.ReceivesNotice("n")} AND n.read_at IS NULL
              AND (@all OR (n.case_id, n.kind, n.message) IN (SELECT s.case_id, s.kind, s.message FROM notification s WHERE s.id = ANY(@shown_ids)))
            """);
        mark.Parameters.Add(new NpgsqlParameter<bool>("all", ids is null));
        mark.Parameters.Add(new NpgsqlParameter<long[]>("shown_ids", ids ?? []));
        await mark.ExecuteNonQueryAsync(ct);
    }
}
