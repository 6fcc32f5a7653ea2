using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Dispatch;
using Npgsql;

namespace GridGovernance.Web.Features.Intake;

/// <summary>
/// The resident's 回访 answer on a closed case: saved once, with a timeline entry, in one transaction. 不满意 reopens the case
/// (the domain's <see cref="CaseAction.Reopen"/>): back to 返工中, its rework counted, every unit that fed back sent back to
/// rework (counted against it), and the grid and village told, with the resident's comment.
/// </summary>
internal static class CaseRating
{
    /// <summary>Null when saved; otherwise the Chinese reason it was refused.</summary>
    public static async Task<string?> RateAsync(NpgsqlDataSource dataSource, byte[] tokenHash, Satisfaction satisfaction, bool resolved,
        string? comment, DateTimeOffset now, CancellationToken ct)
    {
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > ReportRules.MaxRatingCommentLength })
            return $"评价内容最多 {ReportRules.MaxRatingCommentLength} 字，当前 {comment.Length} 字。";

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        long id;
        string state, number, gridCode, villageCode;
        await using (var select = new NpgsqlCommand(
            $"SELECT id, state, rated_at IS NOT NULL, number, grid_code, village_code FROM case_file WHERE id = {CaseTracking.CaseOfToken} FOR UPDATE",
            connection, tx))
        {
            select.Parameters.Add(new() { Value = tokenHash });
            await using var reader = await select.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return "未找到该案件。";
            if (reader.GetBoolean(2)) return "您已评价过该案件，每个案件只能评价一次。";
            id = reader.GetInt64(0);
            state = reader.GetString(1);
            number = reader.GetString(3);
            gridCode = reader.GetString(4);
            villageCode = reader.GetString(5);
        }
        if (CaseStates.FromCode(state) is not { } current || !current.IsClosed()) return "案件办结后才能评价。";

        await using (var update = new NpgsqlCommand("""
            UPDATE case_file SET satisfaction = $2, resolved = $3, rating_comment = $4, rated_at = now() WHERE id = $1
            """, connection, tx))
        {
            update.Parameters.Add(new() { Value = id });
            update.Parameters.Add(new() { Value = satisfaction.Code() });
            update.Parameters.Add(new() { Value = resolved });
            update.Parameters.Add(new() { Value = (object?)comment ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await update.ExecuteNonQueryAsync(ct);
        }
        await using (var timeline = new NpgsqlCommand("""
            INSERT INTO case_timeline (case_id, actor_kind, actor_role, action, state_before, state_after, note)
            VALUES ($1, 'resident', 'resident', 'rate', $2, $2, $3)
            """, connection, tx))
        {
            timeline.Parameters.Add(new() { Value = id });
            timeline.Parameters.Add(new() { Value = state });
            timeline.Parameters.Add(new() { Value = $"{satisfaction.Chinese()}；问题{(resolved ? "已解决" : "未解决")}"
                + (comment is null ? "" : $"；群众意见：{comment}") });
            await timeline.ExecuteNonQueryAsync(ct);
        }
        if (satisfaction == Satisfaction.Dissatisfied
            && CaseStateMachine.Decide(current, CaseAction.Reopen) is { Allowed: true, NewState: { } reopened })
            await ReopenAsync(connection, tx, id, current, reopened, number, gridCode, villageCode, comment, now, ct);
        await Stats.EvaluationFacts.RecordAsync(connection, tx, id, ct);
        await tx.CommitAsync(ct);
        return null;
    }

    private static async Task ReopenAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long id, CaseState before, CaseState after,
        string number, string gridCode, string villageCode, string? comment, DateTimeOffset now, CancellationToken ct)
    {
        await using (var update = new NpgsqlCommand("""
            UPDATE case_file SET state = $2, closed_at = NULL, closure_type = NULL, level_since = now(), rework_count = rework_count + 1
            WHERE id = $1
            """, connection, tx))
        {
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after.Code() });
            await update.ExecuteNonQueryAsync(ct);
        }
        var resident = new CaseRecords.Actor("resident", null, "resident");
        var reason = comment ?? "群众评价不满意，未说明原因";
        await CaseRecords.TimelineAsync(connection, tx, id, resident, CaseAction.Reopen.Code(), before.Code(), after.Code(), reason, ct);
        await CaseActionService.SendBackForReworkAsync(connection, tx, resident, id, number, reason, now, ct);
        var message = $"群众不满意：案件 {number} 已退回重新办理。群众意见：{reason}";
        await CaseRecords.NotifyAsync(connection, tx, gridCode, id, null, CaseAction.Reopen.Code(), message, ct);
        await CaseRecords.NotifyAsync(connection, tx, villageCode, id, null, CaseAction.Reopen.Code(), message, ct);
    }
}
