using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Admin;

/// <summary>Asserts that an administrative change left its audit row (and no secret in it).</summary>
public static class AuditAssert
{
    public static async Task RecordedAsync(TestDatabase database, string action, long subjectId, long actorId, string? mustNotContain = null)
    {
        var rows = await database.ScalarAsync<string>("""
            SELECT coalesce(string_agg(row_to_json(a)::text, E'\n'), '') FROM audit_log a
            WHERE a.action = $1 AND a.subject_kind = 'staff_account' AND a.subject_id = $2 AND a.actor_id = $3
            """, action, subjectId.ToString(System.Globalization.CultureInfo.InvariantCulture), actorId);
        rows.ShouldNotBeEmpty($"审计日志应记录 {action}（账号 {subjectId}）");
        if (mustNotContain is not null) rows.ShouldNotContain(mustNotContain, Case.Sensitive, "审计日志不得记录密码");
    }
}
