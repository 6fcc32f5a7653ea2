using System.Globalization;
using System.Text.RegularExpressions;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Departments;
using GridGovernance.Web.Features.Departments;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using Npgsql;

namespace GridGovernance.Web.Features.Admin;

/// <summary>A routing rule at one level as the rules editor shows it.</summary>
internal sealed record RuleRow(long Id, string DepartmentCode, string DepartmentName, string Party, int Priority, bool Active,
    bool CountyOwn, bool Replaced)
{
    public string PartyName => ResponsibilityOrder.Parse(Party)?.Chinese() ?? Party;
    public string SourceName => CountyOwn ? "本县" : "通用";
    public string StateName => Replaced ? "已由本县规则替代" : Active ? "在用" : "停用";
}

/// <summary>
/// A level the rules are written for (a 大类 or a 小类), its rules (the installation's and the county's) and, for a 小类,
/// the level its cases are routed by now (its own rules, else its 大类's, else the kind's).
/// </summary>
internal sealed record RuleLevel(string Code, string Label, IReadOnlyList<RuleRow> Rules, string AppliedNote);

/// <summary>What the rule form carries (the priority as typed, so that "abc" gets a message, not an exception).</summary>
internal sealed record RuleInput(string? DepartmentCode, string? Party, string? Priority, bool Active = true);

/// <summary>
/// The routing rules (权责清单) of the county administration (/admin/departments → 派遣规则): per 大类 or 小类, which
/// department answers (属主/属地) and with what priority. Rules with no county are the installation's, shared by every
/// county it serves, and read-only here; a county administrator adds rules of the county's own, and changes or deactivates
/// an installation rule for the county — which writes a county rule for that department at that level, replacing the
/// installation's there (migration 0059; <see cref="UnitRouting.RulesInForce"/> reads them so) — or removes a county rule
/// (after a confirmation on the page), which brings the installation's back. Routing reads the rules on each call, so an
/// edit applies to cases routed afterwards; a dispatched case keeps its unit. Each change is one transaction with its
/// audit row (routing_rule.add / .update / .remove, before and after). County administrators only, their county's rules only.
/// </summary>
internal sealed partial class RoutingRuleAdminService(NpgsqlDataSource dataSource, ILogger<RoutingRuleAdminService> logger)
{
    public const string NotCountyAdmin = "只有县级管理员可以修改派遣规则。";

    private static string? CountyOf(CurrentStaff actor) => actor.Role == StaffRole.CountyAdmin ? DepartmentsFeature.CountyOf(actor) : null;

    /// <summary>A level code: a 大类 (E01) or a 小类 (E0101).</summary>
    private static (string Kind, string Major, string? Category)? ParseLevel(string? code)
    {
        code = code?.Trim().ToUpperInvariant();
        if (code is null || !LevelPattern().IsMatch(code)) return null;
        return (code[..1], code.Substring(1, 2), code.Length == 5 ? code : null);
    }

    // Rules of the level: the installation's and the caller's county's (the scope rule decides which county is the caller's).
    private static readonly string LevelRulesSql = $"""
        SELECT r.id, r.department_code, d.name, r.party, r.priority, r.active, r.county_code IS NOT NULL,
               r.county_code IS NULL AND EXISTS (
                   SELECT 1 FROM routing_rule o
                   WHERE o.kind = r.kind AND o.major_code IS NOT DISTINCT FROM r.major_code AND o.category_code IS NOT DISTINCT FROM r.category_code
                     AND o.department_code = r.department_code AND {StaffScopeSql.CoversTerritory("o.county_code")})
        FROM routing_rule r JOIN department d ON d.code = r.department_code
        WHERE r.kind = @kind AND r.major_code = @major AND r.category_code IS NOT DISTINCT FROM @category
          AND (r.county_code IS NULL OR {StaffScopeSql.CoversTerritory("r.county_code")})
        ORDER BY r.party, r.priority, d.sort_order, r.county_code NULLS LAST
        """;

    /// <summary>The rules of a 大类 or 小类 for the caller's county; null when the level does not exist.</summary>
    public async Task<RuleLevel?> LevelAsync(CurrentStaff actor, string? levelCode, CancellationToken cancellationToken)
    {
        if (CountyOf(actor) is not { } county || ParseLevel(levelCode) is not { } level) return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await LabelAsync(connection, null, level, cancellationToken) is not { } label) return null;
        var rules = new List<RuleRow>();
        await using (var command = StaffScopeSql.Command(connection, null, actor, LevelRulesSql))
        {
            AddLevel(command, level);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                rules.Add(new RuleRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt16(4),
                    reader.GetBoolean(5), reader.GetBoolean(6), reader.GetBoolean(7)));
        }

        // The level a case of this 小类 is routed by now: the most specific one with active rules in force in the county.
        string note;
        await using (var command = new NpgsqlCommand($"""
            SELECT max({UnitRouting.Specificity("r")})
            FROM {UnitRouting.RulesInForce("$1", "x.kind = $2 AND (x.major_code IS NULL OR x.major_code = $3) AND (x.category_code IS NULL OR x.category_code = $4)")} r
            JOIN department d ON d.code = r.department_code AND d.active
            WHERE r.active AND ($4 IS NOT NULL OR r.category_code IS NULL)
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = level.Kind });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = level.Major });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = level.Category });
            var applied = await command.ExecuteScalarAsync(cancellationToken) is int s ? s : 0;
            var kindName = level.Kind == "C" ? "部件" : "事件";
            note = (level.Category is not null, applied) switch
            {
                (true, 3) => "本县该小类的案件按下列小类规则派遣。",
                (true, 2) => $"该小类没有在用的规则：本县该小类的案件现按大类 {level.Kind}{level.Major} 的规则派遣。",
                (false, 2) => $"大类规则用于本大类中没有自己规则的小类（如新增的小类）。",
                (_, 1) => $"没有在用的小类或大类规则：现按{kindName}的通用兜底规则（属地乡镇）派遣。",
                _ => "没有在用的规则：该类案件不会推荐任何单位。",
            };
        }
        return new RuleLevel(levelCode!.Trim().ToUpperInvariant(), label, rules, note);
    }

    private static (Dictionary<string, string> Errors, string Party, short Priority) Check(RuleInput input, bool needsDepartment)
    {
        var errors = new Dictionary<string, string>();
        if (needsDepartment && string.IsNullOrWhiteSpace(input.DepartmentCode)) errors["departmentCode"] = "请选择部门。";
        var party = ResponsibilityOrder.Parse(input.Party?.Trim());
        if (party is null) errors["party"] = "请选择责任：属主或属地。";
        short priority = 0;
        if (!short.TryParse(input.Priority?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out priority) || priority is < 1 or > 99)
            errors["priority"] = "优先级应为 1–99 的整数（1 最先）。";
        return (errors, party?.DatabaseName() ?? "", priority);
    }

    /// <summary>Adds a county rule: <paramref name="input"/>'s department answers for the level with its party and priority.</summary>
    public async Task<AdminOutcome> AddAsync(CurrentStaff staff, string? levelCode, RuleInput input, CancellationToken cancellationToken)
    {
        if (CountyOf(staff) is not { } county) return AdminOutcome.Forbidden(NotCountyAdmin);
        var (errors, party, priority) = Check(input, needsDepartment: true);
        if (ParseLevel(levelCode) is null) errors["level"] = "请选择大类或小类。";
        if (errors.Count > 0) return AdminOutcome.Invalid(errors);
        var at = ParseLevel(levelCode)!.Value;
        var department = input.DepartmentCode!.Trim();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        if (await LabelAsync(connection, transaction, at, cancellationToken) is not { } label) return AdminOutcome.NotFound("该大类或小类不存在。");
        string? departmentName;
        await using (var command = new NpgsqlCommand("SELECT name FROM department WHERE code = $1 AND active", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = department });
            departmentName = await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        if (departmentName is null) return AdminOutcome.Invalid("departmentCode", "该部门不存在或已停用，请重新选择。");
        await using (var command = StaffScopeSql.Command(connection, transaction, actor, LevelRulesSql))
        {
            AddLevel(command, at);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                if (reader.GetString(1) == department)
                    return AdminOutcome.Invalid("departmentCode",
                        $"{departmentName}在{label}已有{(reader.GetBoolean(6) ? "本县" : "通用")}规则，请在该行修改，不能重复添加。");
        }

        long id;
        try
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO routing_rule (county_code, kind, major_code, category_code, department_code, party, priority, active)
                VALUES ($1, $2, $3, $4, $5, $6, $7, true) RETURNING id
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = at.Kind });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = at.Major });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = at.Category });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = department });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = party });
            command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = priority });
            id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return AdminOutcome.Invalid("departmentCode", $"{departmentName}在{label}已有本县规则，请在该行修改，不能重复添加。");
        }
        var after = new RuleSnapshot(county, LevelCode(at), department, party, priority, true);
        var summary = $"新增派遣规则：{label} → {departmentName}（{ResponsibilityOrder.Parse(party)!.Value.Chinese()}，优先级 {priority}）";
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "routing_rule.add", "routing_rule",
            id.ToString(CultureInfo.InvariantCulture), summary, null, after), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Routing rule {RuleId} added by {ActorId}", id, actor.Id);
        return AdminOutcome.Done($"已保存：{summary}。只对此后派遣的案件生效。", id);
    }

    /// <summary>
    /// Changes a rule's party, priority or active flag for the caller's county: a county rule is updated; an installation
    /// rule gets a county rule for the same department and level that replaces it in the county (the installation's stays).
    /// </summary>
    public async Task<AdminOutcome> UpdateAsync(CurrentStaff staff, long id, RuleInput input, CancellationToken cancellationToken)
    {
        if (CountyOf(staff) is not { } county) return AdminOutcome.Forbidden(NotCountyAdmin);
        var (errors, party, priority) = Check(input, needsDepartment: false);
        if (errors.Count > 0) return AdminOutcome.Invalid(errors);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        if (await LockAsync(connection, transaction, actor, id, cancellationToken) is not { } before) return AdminOutcome.NotFound("该派遣规则不存在或不属于本县。");
        var after = before.Rule with { County = county, Party = party, Priority = priority, Active = input.Active };

        long writtenId;
        try
        {
            await using var command = before.Rule.County is null
                ? new NpgsqlCommand("""
                    INSERT INTO routing_rule (county_code, kind, major_code, category_code, department_code, party, priority, active)
                    SELECT $2, kind, major_code, category_code, department_code, $3, $4, $5 FROM routing_rule WHERE id = $1
                    RETURNING id
                    """, connection, transaction)
                : new NpgsqlCommand("UPDATE routing_rule SET party = $3, priority = $4, active = $5 WHERE id = $1 AND county_code = $2 RETURNING id",
                    connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = party });
            command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = priority });
            command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = input.Active });
            writtenId = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return AdminOutcome.Invalid("rule", $"本县已有{before.DepartmentName}在{before.Label}的规则，请修改那一行。");
        }
        var changes = new List<string>();
        if (before.Rule.Party != party) changes.Add($"责任 {PartyName(before.Rule.Party)} → {PartyName(party)}");
        if (before.Rule.Priority != priority) changes.Add($"优先级 {before.Rule.Priority} → {priority}");
        if (before.Rule.Active != input.Active) changes.Add(input.Active ? "启用" : "停用");
        var summary = $"修改派遣规则：{before.Label} → {before.DepartmentName}，{(changes.Count == 0 ? "无变化" : string.Join("、", changes))}"
                      + (before.Rule.County is null ? "（本县替代通用规则）" : "");
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "routing_rule.update", "routing_rule",
            writtenId.ToString(CultureInfo.InvariantCulture), summary, before.Rule, after), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Routing rule {RuleId} changed by {ActorId} (written as {WrittenId})", id, actor.Id, writtenId);
        return AdminOutcome.Done($"已保存：{summary}。只对此后派遣的案件生效。", writtenId);
    }

    /// <summary>Removes a county rule (the installation's rule for that department, if any, applies again). Installation rules are refused.</summary>
    public async Task<AdminOutcome> RemoveAsync(CurrentStaff staff, long id, CancellationToken cancellationToken)
    {
        if (CountyOf(staff) is null) return AdminOutcome.Forbidden(NotCountyAdmin);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        if (await LockAsync(connection, transaction, actor, id, cancellationToken) is not { } before) return AdminOutcome.NotFound("该派遣规则不存在或不属于本县。");
        if (before.Rule.County is null)
            return AdminOutcome.Invalid("rule", "通用规则由系统为各县统一设定，不能删除；可以在本县“停用”或修改它。");
        await using (var command = new NpgsqlCommand("DELETE FROM routing_rule WHERE id = $1", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var summary = $"删除本县派遣规则：{before.Label} → {before.DepartmentName}（{PartyName(before.Rule.Party)}，优先级 {before.Rule.Priority}）";
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "routing_rule.remove", "routing_rule",
            id.ToString(CultureInfo.InvariantCulture), summary, before.Rule, null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Routing rule {RuleId} removed by {ActorId}", id, actor.Id);
        return AdminOutcome.Done($"已{summary}。只对此后派遣的案件生效。");
    }

    /// <summary>What the audit keeps of a rule: its county (null: the installation's), level, department, party, priority, active.</summary>
    private sealed record RuleSnapshot(string? County, string Level, string Department, string Party, short Priority, bool Active);

    private sealed record LockedRule(RuleSnapshot Rule, string Label, string DepartmentName);

    private static string PartyName(string party) => ResponsibilityOrder.Parse(party)?.Chinese() ?? party;

    private static string LevelCode((string Kind, string Major, string? Category) level) => level.Category ?? level.Kind + level.Major;

    // An installation rule or one of the caller's county, locked for the change.
    private static async Task<LockedRule?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CurrentStaff actor, long id,
        CancellationToken cancellationToken)
    {
        await using var command = StaffScopeSql.Command(connection, transaction, actor, $"""
            SELECT r.county_code, r.kind, r.major_code, r.category_code, r.department_code, r.party, r.priority, r.active, d.name
            FROM routing_rule r JOIN department d ON d.code = r.department_code
            WHERE r.id = @id AND r.major_code IS NOT NULL AND (r.county_code IS NULL OR {StaffScopeSql.CoversTerritory("r.county_code")})
            FOR UPDATE OF r
            """);
        command.Parameters.AddWithValue("id", id);
        (string Kind, string Major, string? Category) level;
        RuleSnapshot rule;
        string departmentName;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken)) return null;
            level = (reader.GetChar(1).ToString(), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            rule = new RuleSnapshot(reader.IsDBNull(0) ? null : reader.GetString(0), LevelCode(level), reader.GetString(4), reader.GetString(5),
                reader.GetInt16(6), reader.GetBoolean(7));
            departmentName = reader.GetString(8);
        }
        var label = await LabelAsync(connection, transaction, level, cancellationToken) ?? rule.Level;
        return new LockedRule(rule, label, departmentName);
    }

    /// <summary>How a level is named: "小类 E0101 私搭乱建" or "大类 E01 市容环境"; null when no 小类 has it.</summary>
    private static async Task<string?> LabelAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        (string Kind, string Major, string? Category) level, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(level.Category is null
            ? "SELECT '大类 ' || kind || major_code || ' ' || major_name FROM case_category WHERE kind = $1 AND major_code = $2 ORDER BY code LIMIT 1"
            : "SELECT '小类 ' || code || ' ' || name FROM case_category WHERE code = $1", connection, transaction);
        if (level.Category is null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = level.Kind });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = level.Major });
        }
        else
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = level.Category });
        }
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static void AddLevel(NpgsqlCommand command, (string Kind, string Major, string? Category) level)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("kind", level.Kind));
        command.Parameters.Add(new NpgsqlParameter<string>("major", level.Major));
        command.Parameters.Add(new NpgsqlParameter<string?>("category", level.Category) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
    }

    [GeneratedRegex("^[EC](0[1-9]|[1-9][0-9])(0[1-9]|[1-9][0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LevelPattern();
}
