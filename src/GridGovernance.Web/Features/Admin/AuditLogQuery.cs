using System.Globalization;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Calendar;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Admin;

/// <summary>One audit row as /admin/audit lists it (before/after as the JSON the row holds: never a secret, by the writers' rule).</summary>
internal sealed record AuditRow(long Id, DateTimeOffset At, long? ActorId, string ActorName, string Action, string SubjectKind, string SubjectId,
    string Summary, string? Before, string? After)
{
    public string AtText => ChinaTime.Date(At).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + ChinaTime.ClockWithSeconds(At);
}

/// <summary>The audit search: each empty field matches everything; dates are China dates, both ends included.</summary>
internal sealed record AuditFilter(string? Who = null, string? Action = null, DateOnly? From = null, DateOnly? To = null, string? Subject = null);

/// <summary>
/// Reads audit_log for /admin/audit: the county administrator sees what the accounts of their county did (the actor's
/// account lies in the county, by the one scope rule's CoversTerritory) and what the system did (no actor), newest first,
/// searched by who, action, date range and subject, a page at a time.
/// </summary>
internal sealed class AuditLogQuery(NpgsqlDataSource dataSource)
{
    public async Task<(IReadOnlyList<AuditRow> Rows, int Total)> SearchAsync(CurrentStaff actor, AuditFilter filter, int start, int count,
        CancellationToken cancellationToken)
    {
        if (actor.Role != StaffRole.CountyAdmin) return ([], 0);
        var sql = $"""
            SELECT l.id, l.at, l.actor_id, l.actor_name, l.action, l.subject_kind, l.subject_id, l.summary, l.before::text, l.after::text,
                   count(*) OVER ()
            FROM audit_log l
            LEFT JOIN staff_account a ON a.id = l.actor_id
            WHERE (l.actor_id IS NULL OR {StaffScopeSql.CoversTerritory("a.scope_code")})
              AND (@who = '' OR strpos(lower(l.actor_name), lower(@who)) > 0 OR a.username = lower(@who))
              AND (@action = '' OR starts_with(l.action, @action))
              AND (@from::date IS NULL OR l.at >= (@from::date::timestamp AT TIME ZONE 'Asia/Shanghai'))
              AND (@to::date IS NULL OR l.at < ((@to::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
              AND (@subject = '' OR l.subject_id = @subject OR strpos(l.summary, @subject) > 0 OR l.subject_kind = @subject)
            ORDER BY l.at DESC, l.id DESC
            OFFSET @start LIMIT @count
            """;
        await using var command = StaffScopeSql.Command(dataSource, actor, sql);
        command.Parameters.AddWithValue("who", (filter.Who ?? "").Trim());
        command.Parameters.AddWithValue("action", (filter.Action ?? "").Trim());
        command.Parameters.Add(new NpgsqlParameter<DateOnly?>("from", filter.From));
        command.Parameters.Add(new NpgsqlParameter<DateOnly?>("to", filter.To));
        command.Parameters.AddWithValue("subject", (filter.Subject ?? "").Trim());
        command.Parameters.AddWithValue("start", Math.Max(0, start));
        command.Parameters.AddWithValue("count", Math.Clamp(count, 1, 200));
        var rows = new List<AuditRow>();
        var total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AuditRow(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
            total = (int)reader.GetInt64(10);
        }
        return (rows, rows.Count == 0 ? Math.Max(0, start) : total);
    }

    /// <summary>The actions the log holds (for the action filter), in the caller's county.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(CurrentStaff actor, CancellationToken cancellationToken)
    {
        if (actor.Role != StaffRole.CountyAdmin) return [];
        var sql = $"""
            SELECT DISTINCT l.action FROM audit_log l LEFT JOIN staff_account a ON a.id = l.actor_id
            WHERE l.actor_id IS NULL OR {StaffScopeSql.CoversTerritory("a.scope_code")}
            ORDER BY 1
            """;
        await using var command = StaffScopeSql.Command(dataSource, actor, sql);
        var list = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(reader.GetString(0));
        return list;
    }

    /// <summary>The Chinese name of an action the administration writes; others show as they are.</summary>
    public static string ActionName(string action) => action switch
    {
        "account.create" => "创建账号",
        "account.update" => "修改账号",
        "account.disable" => "停用账号",
        "account.enable" => "启用账号",
        "account.reset_password" => "重置密码",
        "account.unlock" => "解除锁定",
        "unit.update" => "修改单位",
        "unit.jurisdiction" => "修改管辖区域",
        "unit.create" => "新增单位",
        "routing_rule.add" => "新增派遣规则",
        "routing_rule.update" => "修改派遣规则",
        "routing_rule.remove" => "删除派遣规则",
        "staff_link.link" => "关联账号",
        "staff_link.unlink" => "解除账号关联",
        "category.update" => "修改小类",
        "category.create" => "新增小类",
        "calendar.day_set" => "设置日历",
        "calendar.day_remove" => "删除日历安排",
        "calendar.import" => "导入日历",
        "dispatch_settings.update" => "修改派遣时限",
        "household.card.view" => "查看住户卡",
        _ => action,
    };
}
