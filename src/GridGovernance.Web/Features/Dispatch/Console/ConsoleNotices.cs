using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>A notice for the console's people: 督办, returned orders, extension requests, cases awaiting a check.</summary>
public sealed record ConsoleNotice(long Id, long CaseId, string Message, DateTimeOffset CreatedAt, bool Unread);

/// <summary>
/// The notices addressed to the caller's territory and the places in it (a township dispatcher also sees what went to its villages
/// and grids), newest first. Unit codes ("451027-chengguan") are the departments' own, read in their inbox. Showing marks them
/// read, as the inbox does: the console is where they are seen.
/// </summary>
internal static class ConsoleNotices
{
    public const int Shown = 20;

    public static async Task<IReadOnlyList<ConsoleNotice>> LatestAsync(NpgsqlDataSource dataSource, CurrentStaff staff, CancellationToken ct)
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
        await using (var mark = StaffScopeSql.Command(connection, tx, staff, $"""
            UPDATE notification n SET read_at = now()
            WHERE {StaffScopeSql.ReceivesNotice("n")} AND n.read_at IS NULL
              AND (n.case_id, n.kind, n.message) IN (SELECT s.case_id, s.kind, s.message FROM notification s WHERE s.id = ANY(@shown_ids))
            """))
        {
            mark.Parameters.Add(new NpgsqlParameter<long[]>("shown_ids", notices.Where(n => n.Unread).Select(n => n.Id).ToArray()));
            await mark.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return notices;
    }
}
