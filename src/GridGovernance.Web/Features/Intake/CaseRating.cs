using GridGovernance.Domain.Cases;
using Npgsql;

namespace GridGovernance.Web.Features.Intake;

/// <summary>The resident's 回访 answer on a closed case: saved once, with a timeline entry, in one transaction.</summary>
internal static class CaseRating
{
    /// <summary>Null when saved; otherwise the Chinese reason it was refused.</summary>
    public static async Task<string?> RateAsync(NpgsqlDataSource dataSource, byte[] tokenHash, Satisfaction satisfaction, bool resolved,
        string? comment, CancellationToken ct)
    {
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > ReportRules.MaxRatingCommentLength })
            return $"评价内容最多 {ReportRules.MaxRatingCommentLength} 字，当前 {comment.Length} 字。";

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        long id;
        string state;
        await using (var select = new NpgsqlCommand(
            "SELECT id, state, rated_at IS NOT NULL FROM case_file WHERE tracking_token_hash = $1 FOR UPDATE", connection, tx))
        {
            select.Parameters.Add(new() { Value = tokenHash });
            await using var reader = await select.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return "未找到该案件。";
            if (reader.GetBoolean(2)) return "您已评价过该案件，每个案件只能评价一次。";
            id = reader.GetInt64(0);
            state = reader.GetString(1);
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
            timeline.Parameters.Add(new() { Value = $"{satisfaction.Chinese()}；问题{(resolved ? "已解决" : "未解决")}" });
            await timeline.ExecuteNonQueryAsync(ct);
        }
        await Stats.EvaluationFacts.RecordAsync(connection, tx, id, ct);
        await tx.CommitAsync(ct);
        return null;
    }
}
