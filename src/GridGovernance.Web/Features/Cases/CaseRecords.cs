using GridGovernance.Web.Features.Stats;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Web.Features.Cases;

/// <summary>
/// The rows every state change writes beside itself, inside the caller's transaction: the timeline entry (append-only) and
/// the notifications for the people who must act next. Every caller writes its changes to the case and its orders first and the
/// timeline entry after them, so the entry is where the evaluation facts (<see cref="EvaluationFacts"/>) are brought up to date.
/// </summary>
internal static class CaseRecords
{
    public sealed record Actor(string Kind, long? AccountId, string Role)
    {
        public static Actor System { get; } = new("system", null, "system");
    }

    public static async Task TimelineAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long caseId, Actor actor, string action,
        string? stateBefore, string? stateAfter, string? note, CancellationToken ct, long? workOrderId = null,
        IReadOnlyList<string>? photoShas = null, string? requestKey = null, (double Longitude, double Latitude)? position = null)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO case_timeline (case_id, actor_kind, actor_account_id, actor_role, action, state_before, state_after, note,
                                       photo_shas, request_key, work_order_id, position)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
                    CASE WHEN $12::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($12, $13), 4326) END)
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = caseId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Kind });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)actor.AccountId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Role });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action });
        command.Parameters.Add(Text(stateBefore));
        command.Parameters.Add(Text(stateAfter));
        command.Parameters.Add(Text(note));
        command.Parameters.Add(new NpgsqlParameter { Value = (photoShas ?? []).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(Text(requestKey));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)workOrderId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)position?.Longitude ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)position?.Latitude ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        await command.ExecuteNonQueryAsync(ct);
        await EvaluationFacts.RecordAsync(connection, tx, caseId, ct);
    }

    /// <summary>A notice for everyone whose scope is <paramref name="recipientScope"/> (a territory or unit code).</summary>
    public static async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string recipientScope, long caseId,
        long? workOrderId, string kind, string message, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO notification (recipient_scope, case_id, work_order_id, kind, message) VALUES ($1, $2, $3, $4, left($5, 500))
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = recipientScope });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = caseId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)workOrderId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = message });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The case a request key already acted on, if any: a retried action lands once.</summary>
    public static async Task<long?> CaseOfRequestKeyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string requestKey, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT case_id FROM case_timeline WHERE request_key = $1", connection, tx);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = requestKey });
        return await command.ExecuteScalarAsync(ct) as long?;
    }

    public static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
