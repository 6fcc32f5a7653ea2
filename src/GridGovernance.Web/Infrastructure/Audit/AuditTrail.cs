using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Web.Infrastructure.Audit;

/// <summary>
/// One audit row: who (an account id, null for the system, and the name as it was), what (a dotted English action on a
/// subject), a Chinese summary for people, and for changes the values before and after (serialised to jsonb). Never put a
/// password, a token or a full phone number in it.
/// </summary>
public sealed record AuditEntry(
    long? ActorId, string ActorName, string Action, string SubjectKind, string SubjectId, string Summary,
    object? Before = null, object? After = null);

/// <summary>
/// The one writer of <c>audit_log</c> (migration 0017, append-only). It writes on the caller's connection and transaction so
/// that the row and the change it records commit or roll back together.
/// </summary>
public static class AuditTrail
{
    private const string InsertSql = """
        INSERT INTO audit_log (actor_id, actor_name, action, subject_kind, subject_id, summary, before, after)
        VALUES (@actor_id, @actor_name, @action, @subject_kind, @subject_id, @summary, @before, @after)
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AuditEntry entry,
        CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(InsertSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long?>("actor_id", NpgsqlDbType.Bigint) { TypedValue = entry.ActorId });
        command.Parameters.Add(new NpgsqlParameter<string>("actor_name", entry.ActorName));
        command.Parameters.Add(new NpgsqlParameter<string>("action", entry.Action));
        command.Parameters.Add(new NpgsqlParameter<string>("subject_kind", entry.SubjectKind));
        command.Parameters.Add(new NpgsqlParameter<string>("subject_id", entry.SubjectId));
        command.Parameters.Add(new NpgsqlParameter<string>("summary", entry.Summary));
        command.Parameters.Add(JsonbParameter("before", entry.Before));
        command.Parameters.Add(JsonbParameter("after", entry.After));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter JsonbParameter(string name, object? value) =>
        new(name, NpgsqlDbType.Jsonb) { Value = value is null ? DBNull.Value : JsonSerializer.Serialize(value, Json) };
}
