using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using Npgsql;

namespace GridGovernance.Web.Features.Intake;

/// <summary>
/// 催办 from the tracking page: the resident presses for an open case, at most once a China-time day. One transaction locks the
/// case, checks the day, and writes the timeline entry and the notices to the grid and the township together.
/// </summary>
internal static class CaseReminder
{
    public const string Action = "remind";

    /// <summary>Null when recorded; otherwise the Chinese reason it was not.</summary>
    public static async Task<string?> RemindAsync(NpgsqlDataSource dataSource, byte[] tokenHash, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        long id;
        string state, number, gridCode, townshipCode;
        DateTimeOffset? last;
        await using (var select = new NpgsqlCommand("""
            SELECT c.id, c.state, c.number, c.grid_code, c.township_code,
                   (SELECT max(t.at) FROM case_timeline t WHERE t.case_id = c.id AND t.action = $2)
            FROM case_file c WHERE c.tracking_token_hash = $1 FOR UPDATE
            """, connection, tx))
        {
            select.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = tokenHash });
            select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Action });
            await using var reader = await select.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return "未找到该案件。";
            (id, state, number, gridCode, townshipCode) = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
            last = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5);
        }
        if (CaseStates.FromCode(state) is not { } current || !current.IsOpen()) return "案件已办结，无需催办。";
        if (last is { } at && ChinaTime.Date(at) == ChinaTime.Date(now)) return "今天已经催办过了，明天可以再次催办。";

        await CaseRecords.TimelineAsync(connection, tx, id, new CaseRecords.Actor("resident", null, "resident"), Action, state, state,
            "群众催办", ct);
        var message = $"群众催办：案件 {number}（{current.Chinese()}），请加快处理。";
        await CaseRecords.NotifyAsync(connection, tx, gridCode, id, null, Action, message, ct);
        await CaseRecords.NotifyAsync(connection, tx, townshipCode, id, null, Action, message, ct);
        await tx.CommitAsync(ct);
        return null;
    }
}
