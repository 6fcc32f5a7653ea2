using Npgsql;

namespace GridGovernance.Web.Infrastructure.Audit;

// PLACEHOLDER until main brings the lead's AuditTrail (migration 0017): same API, writes nothing. Replaced at merge.
internal sealed record AuditEntry(long ActorId, string ActorName, string Action, string SubjectKind, string SubjectId, string Summary,
    object? Before, object? After);

internal static class AuditTrail
{
    public static Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        _ = (connection, transaction, entry, cancellationToken);
        return Task.CompletedTask;
    }
}
