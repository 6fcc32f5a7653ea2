using System.Text.RegularExpressions;
using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Features.Departments;
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

/// <summary>What the new unit form carries.</summary>
internal sealed record NewUnitInput(string? DepartmentCode, string? Name, string? TownshipCode, string? Phone, string? DutyContact, string? DutyPhone);

/// <summary>A department as the lists of the page offer it.</summary>
internal sealed record DepartmentChoice(string Code, string Name, string ShortName);

/// <summary>One line of the 权责清单: a 小类 and who answers for it, in routing order.</summary>
internal sealed record ResponsibilityLine(string KindName, string MajorName, string Code, string Name, string? Owner, string? Territory,
    string Limit, bool Active, bool CountyOwn = false);

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

    /// <summary>The office phone, duty contact and duty phone of a unit's form, each problem by its field; returns the trimmed contact.</summary>
    private static string? CheckContacts(string? phone, string? dutyContact, string? dutyPhone, Dictionary<string, string> errors)
    {
        if (PhoneProblem(phone, "办公电话") is { } phoneProblem) errors["phone"] = phoneProblem;
        if (PhoneProblem(dutyPhone, "值班电话") is { } dutyPhoneProblem) errors["dutyPhone"] = dutyPhoneProblem;
        var contact = string.IsNullOrWhiteSpace(dutyContact) ? null : dutyContact.Trim();
        if (contact is { Length: > 50 }) errors["dutyContact"] = "值班联系人不能超过 50 个字。";
        else if (contact is not null && contact.Any(char.IsControl)) errors["dutyContact"] = "值班联系人不能含有控制字符。";
        if (contact is not null && string.IsNullOrWhiteSpace(dutyPhone)) errors["dutyPhone"] = "填写了值班联系人，请同时填写值班电话。";
        return contact;
    }

    /// <summary>The active departments, for the new unit's and the routing rule's department lists (shared by every county).</summary>
    public async Task<IReadOnlyList<DepartmentChoice>> DepartmentsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT code, name, short_name FROM department WHERE active ORDER BY sort_order, code");
        var rows = new List<DepartmentChoice>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add(new DepartmentChoice(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return rows;
    }

    /// <summary>The townships of the caller's county, for the new unit's 所属乡镇.</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> TownshipsAsync(CurrentStaff actor, CancellationToken cancellationToken)
    {
        if (actor.Role != StaffRole.CountyAdmin) return [];
        await using var command = StaffScopeSql.Command(dataSource, actor,
            $"SELECT t.code, t.name FROM township t WHERE {StaffScopeSql.CoversTerritory("t.code")} ORDER BY t.code");
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    /// <summary>
    /// Adds a unit of the caller's county (a township's 综合执法队, a 城管 second brigade): department, name, optionally its
    /// township, phones. Its code is generated after department_unit's pattern — the territory it serves (the township's 9
    /// digits, else the county's 6), a hyphen, the department's code, and "-2", "-3" … when that is taken
    /// (451027-chengguan-2, 451027101-chengguan). A township unit takes the township's polygon as its jurisdiction and keeps
    /// following it (department_units_sync, migration 0059); a county unit answers for the whole county until an area is
    /// drawn. One transaction with its audit row (unit.create); refusals write nothing.
    /// </summary>
    public async Task<AdminOutcome> CreateAsync(CurrentStaff staff, NewUnitInput input, CancellationToken cancellationToken)
    {
        if (staff.Role != StaffRole.CountyAdmin || DepartmentsFeature.CountyOf(staff) is not { } county) return AdminOutcome.Forbidden(NotCountyAdmin);
        var errors = new Dictionary<string, string>();
        var department = input.DepartmentCode?.Trim();
        if (string.IsNullOrEmpty(department)) errors["departmentCode"] = "请选择部门。";
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors["name"] = "请填写单位名称。";
        else if (name.Length > 100) errors["name"] = "单位名称不能超过 100 个字。";
        else if (name.Any(char.IsControl)) errors["name"] = "单位名称不能含有控制字符。";
        var township = string.IsNullOrWhiteSpace(input.TownshipCode) ? null : input.TownshipCode.Trim();
        var contact = CheckContacts(input.Phone, input.DutyContact, input.DutyPhone, errors);
        if (errors.Count > 0) return AdminOutcome.Invalid(errors);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        // One writer of new units at a time: the next free code and the name check see every unit added before.
        await using (var gate = new NpgsqlCommand("LOCK TABLE department_unit IN SHARE ROW EXCLUSIVE MODE", connection, transaction))
            await gate.ExecuteNonQueryAsync(cancellationToken);

        string? departmentName;
        await using (var command = new NpgsqlCommand("SELECT short_name FROM department WHERE code = $1 AND active", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = department! });
            departmentName = await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        if (departmentName is null) errors["departmentCode"] = "该部门不存在或已停用，请重新选择。";
        string? townshipName = null;
        if (township is not null)
        {
            await using var command = StaffScopeSql.Command(connection, transaction, actor,
                $"SELECT t.name FROM township t WHERE t.code = @township AND {StaffScopeSql.CoversTerritory("t.code")}");
            command.Parameters.AddWithValue("township", township);
            townshipName = await command.ExecuteScalarAsync(cancellationToken) as string;
            if (townshipName is null) errors["townshipCode"] = "所属乡镇不在本县，请重新选择。";
        }
        await using (var command = StaffScopeSql.Command(connection, transaction, actor,
            $"SELECT EXISTS (SELECT 1 FROM department_unit u WHERE u.name = @name AND {StaffScopeSql.CoversTerritory("u.code")})"))
        {
            command.Parameters.AddWithValue("name", name!);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!) errors["name"] = $"本县已有名为“{name}”的单位。";
        }
        if (errors.Count > 0) return AdminOutcome.Invalid(errors);

        var prefix = $"{township ?? county}-{department}";
        string code;
        await using (var command = new NpgsqlCommand("""
            SELECT CASE WHEN n = 1 THEN $1 ELSE $1 || '-' || n END
            FROM generate_series(1, 999) n
            WHERE NOT EXISTS (SELECT 1 FROM department_unit u WHERE u.code = CASE WHEN n = 1 THEN $1 ELSE $1 || '-' || n END)
            ORDER BY n LIMIT 1
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
            code = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        var phone = string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone.Trim();
        var dutyPhone = string.IsNullOrWhiteSpace(input.DutyPhone) ? null : input.DutyPhone.Trim();
        await using (var command = new NpgsqlCommand("""
            INSERT INTO department_unit (code, department_code, county_code, township_code, name, phone, duty_contact, duty_phone, jurisdiction)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT geom FROM township WHERE code = $4))
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = department! });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = township });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name! });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = phone });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = contact });
            command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = dutyPhone });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var where = townshipName ?? "全县";
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "unit.create", "department_unit", code,
            $"新增单位 {name}（{departmentName}，{where}，编码 {code}）", null,
            new { Code = code, Department = department, Name = name, Township = township, Phone = phone, DutyContact = contact, DutyPhone = dutyPhone }),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Unit {UnitCode} added by {ActorId}", code, actor.Id);
        return AdminOutcome.Done($"已新增单位 {name}（编码 {code}）。{(township is null ? "它负责全县，可在“管辖区域”中划定范围。" : $"管辖区域随{townshipName}。")}");
    }

    public async Task<AdminOutcome> UpdateAsync(CurrentStaff staff, string code, UnitInput input, CancellationToken cancellationToken)
    {
        if (staff.Role != StaffRole.CountyAdmin) return AdminOutcome.Forbidden(NotCountyAdmin);
        var errors = new Dictionary<string, string>();
        var contact = CheckContacts(input.Phone, input.DutyContact, input.DutyPhone, errors);
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
    /// (属地) each in priority order, taken from the rules in force in the county (<see cref="UnitRouting.RulesInForce"/>:
    /// its own rules before the installation's) at the most specific level that has active rules (小类, else 大类, else kind)
    /// — the same choice the routing makes. <see cref="ResponsibilityLine.CountyOwn"/>: the county's own rules take part.
    /// </summary>
    public async Task<IReadOnlyList<ResponsibilityLine>> ResponsibilitiesAsync(CurrentStaff actor, CancellationToken cancellationToken)
    {
        if (actor.Role != StaffRole.CountyAdmin || DepartmentsFeature.CountyOf(actor) is not { } county) return [];
        var sql = $"""
            WITH rules AS (
                SELECT c.code, r.party, r.priority, d.short_name, d.sort_order, r.county_code IS NOT NULL AS county_own,
                       dense_rank() OVER (PARTITION BY c.code ORDER BY {UnitRouting.Specificity("r")} DESC) AS level_rank
                FROM case_category c
                JOIN {UnitRouting.RulesInForce("$1")} r ON r.active AND r.kind = c.kind
                     AND (r.category_code = c.code OR (r.category_code IS NULL AND r.major_code = c.major_code)
                          OR (r.category_code IS NULL AND r.major_code IS NULL))
                JOIN department d ON d.code = r.department_code AND d.active
            )
            SELECT c.kind, c.major_name, c.code, c.name,
                   (SELECT string_agg(short_name, '、' ORDER BY priority, sort_order) FROM rules x WHERE x.code = c.code AND x.level_rank = 1 AND x.party = 'owner'),
                   (SELECT string_agg(short_name, '、' ORDER BY priority, sort_order) FROM rules x WHERE x.code = c.code AND x.level_rank = 1 AND x.party = 'territory'),
                   c.time_limit, c.time_unit, c.active,
                   EXISTS (SELECT 1 FROM rules x WHERE x.code = c.code AND x.level_rank = 1 AND x.county_own)
            FROM case_category c
            ORDER BY c.kind DESC, c.code
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
        var lines = new List<ResponsibilityLine>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kind = reader.GetString(0);
            lines.Add(new ResponsibilityLine(kind == "C" ? "部件" : "事件", reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                LimitText(reader.GetInt32(6), reader.GetString(7)), reader.GetBoolean(8), reader.GetBoolean(9)));
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
