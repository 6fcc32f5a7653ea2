using System.Text.RegularExpressions;
using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using Npgsql;

namespace GridGovernance.Web.Features.Admin;

/// <summary>A unit of the county as the units table shows it.</summary>
internal sealed record UnitRow(string Code, string DepartmentCode, string DepartmentName, string Name, string? TownshipName, string? Phone,
    string? DutyContact, string? DutyPhone, bool HasJurisdiction, bool Active)
{
    public string StateName => Active ? "在用" : "停用";
}

/// <summary>What the unit form carries.</summary>
internal sealed record UnitInput(string? Phone, string? DutyContact, string? DutyPhone, bool Active);

/// <summary>One line of the 权责清单: a 小类 and who answers for it, in routing order.</summary>
internal sealed record ResponsibilityLine(string KindName, string MajorName, string Code, string Name, string? Owner, string? Territory,
    string Limit, bool Active);

/// <summary>
/// Departments and units of the county administration (/admin/departments): the units' office phone, duty contact and
/// active flag (one transaction with its audit row; county administrators only, their county's units only), and the
/// 权责清单 — the routing rules per 小类, as the routing resolves them (the most specific level with active rules wins).
/// </summary>
internal sealed partial class UnitAdminService(NpgsqlDataSource dataSource, ILogger<UnitAdminService> logger)
{
    public const string NotCountyAdmin = "只有县级管理员可以修改部门单位。";

    public async Task<IReadOnlyList<UnitRow>> ListAsync(CurrentStaff actor, CancellationToken cancellationToken)
    {
        if (actor.Role != StaffRole.CountyAdmin) return [];
        var sql = $"""
            SELECT u.code, d.code, d.name, u.name, t.name, u.phone, u.duty_contact, u.duty_phone, u.jurisdiction IS NOT NULL, u.active
            FROM department_unit u
            JOIN department d ON d.code = u.department_code
            LEFT JOIN township t ON t.code = u.township_code
            WHERE {StaffScopeSql.CoversTerritory("u.code")}
            ORDER BY d.sort_order, d.code, u.township_code NULLS FIRST, u.code
            """;
        await using var command = StaffScopeSql.Command(dataSource, actor, sql);
        var rows = new List<UnitRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new UnitRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetBoolean(8), reader.GetBoolean(9)));
        return rows;
    }

    /// <summary>A phone as the database accepts it: digits and hyphens, 5–20 characters, starting with a digit (0776-1234567, 12345).</summary>
    public static string? PhoneProblem(string? phone, string what)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        return OfficePhone().IsMatch(phone.Trim()) ? null : $"{what}只能含数字和连字符（5–20 位，如 0776-7612345）。";
    }

    public async Task<AdminOutcome> UpdateAsync(CurrentStaff staff, string code, UnitInput input, CancellationToken cancellationToken)
    {
        if (staff.Role != StaffRole.CountyAdmin) return AdminOutcome.Forbidden(NotCountyAdmin);
        var errors = new Dictionary<string, string>();
        if (PhoneProblem(input.Phone, "办公电话") is { } phoneProblem) errors["phone"] = phoneProblem;
        if (PhoneProblem(input.DutyPhone, "值班电话") is { } dutyPhoneProblem) errors["dutyPhone"] = dutyPhoneProblem;
        var contact = string.IsNullOrWhiteSpace(input.DutyContact) ? null : input.DutyContact.Trim();
        if (contact is { Length: > 50 }) errors["dutyContact"] = "值班联系人不能超过 50 个字。";
        else if (contact is not null && contact.Any(char.IsControl)) errors["dutyContact"] = "值班联系人不能含有控制字符。";
        if (contact is not null && string.IsNullOrWhiteSpace(input.DutyPhone)) errors["dutyPhone"] = "填写了值班联系人，请同时填写值班电话。";
        if (errors.Count > 0) return AdminOutcome.Invalid(errors);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        UnitRow? before = null;
        await using (var command = StaffScopeSql.Command(connection, transaction, actor, $"""
            SELECT u.code, u.department_code, '', u.name, NULL, u.phone, u.duty_contact, u.duty_phone, u.jurisdiction IS NOT NULL, u.active
            FROM department_unit u WHERE u.code = @code AND {StaffScopeSql.CoversTerritory("u.code")} FOR UPDATE
            """))
        {
            command.Parameters.AddWithValue("code", code);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
                before = new UnitRow(reader.GetString(0), reader.GetString(1), "", reader.GetString(3), null,
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetBoolean(8), reader.GetBoolean(9));
        }
        if (before is null) return AdminOutcome.NotFound("该单位不存在或不在本县。");

        var phone = string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone.Trim();
        var dutyPhone = string.IsNullOrWhiteSpace(input.DutyPhone) ? null : input.DutyPhone.Trim();
        await using (var command = new NpgsqlCommand(
            "UPDATE department_unit SET phone = $2, duty_contact = $3, duty_phone = $4, active = $5 WHERE code = $1", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = phone });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = contact });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = dutyPhone });
            command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = input.Active });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var what = new List<string>();
        if (before.Phone != phone) what.Add($"办公电话 {phone ?? "（清空）"}");
        if (before.DutyContact != contact || before.DutyPhone != dutyPhone) what.Add("值班联系人");
        if (before.Active != input.Active) what.Add(input.Active ? "启用" : "停用");
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "unit.update", "department_unit", code,
            $"修改单位 {before.Name}：{(what.Count == 0 ? "无变化" : string.Join("、", what))}",
            new { before.Phone, before.DutyContact, before.DutyPhone, before.Active },
            new { Phone = phone, DutyContact = contact, DutyPhone = dutyPhone, input.Active }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Unit {UnitCode} changed by {ActorId}", code, actor.Id);
        return AdminOutcome.Done($"已保存 {before.Name}。");
    }

    /// <summary>
    /// The 权责清单 of the caller's county: every 小类 with the departments that answer for it, owner (属主) and territory
    /// (属地) each in priority order, taken from the most specific level that has active rules (小类, else 大类, else kind)
    /// — the same choice the routing makes.
    /// </summary>
    public async Task<IReadOnlyList<ResponsibilityLine>> ResponsibilitiesAsync(CurrentStaff actor, CancellationToken cancellationToken)
    {
        if (actor.Role != StaffRole.CountyAdmin) return [];
        const string sql = """
            WITH rules AS (
                SELECT c.code, r.party, r.priority, d.short_name, d.sort_order,
                       dense_rank() OVER (PARTITION BY c.code ORDER BY CASE WHEN r.category_code IS NOT NULL THEN 0
                                                                            WHEN r.major_code IS NOT NULL THEN 1 ELSE 2 END) AS level_rank
                FROM case_category c
                JOIN routing_rule r ON r.active AND r.kind = c.kind
                     AND (r.category_code = c.code OR (r.category_code IS NULL AND r.major_code = c.major_code)
                          OR (r.category_code IS NULL AND r.major_code IS NULL))
                JOIN department d ON d.code = r.department_code AND d.active
            )
            SELECT c.kind, c.major_name, c.code, c.name,
                   (SELECT string_agg(short_name, '、' ORDER BY priority, sort_order) FROM rules x WHERE x.code = c.code AND x.level_rank = 1 AND x.party = 'owner'),
                   (SELECT string_agg(short_name, '、' ORDER BY priority, sort_order) FROM rules x WHERE x.code = c.code AND x.level_rank = 1 AND x.party = 'territory'),
                   c.time_limit, c.time_unit, c.active
            FROM case_category c
            ORDER BY c.kind DESC, c.code
            """;
        await using var command = dataSource.CreateCommand(sql);
        var lines = new List<ResponsibilityLine>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kind = reader.GetString(0);
            lines.Add(new ResponsibilityLine(kind == "C" ? "部件" : "事件", reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                LimitText(reader.GetInt32(6), reader.GetString(7)), reader.GetBoolean(8)));
        }
        return lines;
    }

    /// <summary>The name of the caller's county, for the 权责清单's title.</summary>
    public async Task<string?> CountyNameAsync(CurrentStaff actor, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT name FROM county WHERE code = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.ScopeCode[..Math.Min(6, actor.ScopeCode.Length)] });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public static string LimitText(int limit, string unit) => unit switch
    {
        "work_hour" => $"{limit} 个工作时",
        "work_day" => $"{limit} 个工作日",
        "minute" => $"{limit} 分钟",
        _ => $"{limit} {unit}",
    };

    [GeneratedRegex("^[0-9][0-9-]{4,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex OfficePhone();
}
