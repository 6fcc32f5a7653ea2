using System.Globalization;
using System.Text.RegularExpressions;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Calendar;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using Npgsql;

namespace GridGovernance.Web.Features.Admin;

/// <summary>One 小类 as the categories page shows and edits it.</summary>
internal sealed record CategoryRow(string Code, string Kind, string MajorCode, string MajorName, string Name, string FilingCondition,
    string ClosingCondition, int TimeLimit, DeadlineUnit TimeUnit, string ResponsibleParty, bool Active, long OpenCases)
{
    public string KindName => Kind == "C" ? "部件" : "事件";
    public string LimitText => $"{TimeLimit} {(TimeUnit == DeadlineUnit.Minute ? "分钟" : "个" + TimeUnit.Chinese())}";
}

/// <summary>What the category form carries (the limit as typed, so that "abc" gets a message, not an exception).</summary>
internal sealed record CategoryInput(string? MajorName, string? Name, string? FilingCondition, string? ClosingCondition, string? TimeLimit,
    string? TimeUnit, string? ResponsibleParty, bool Active);

/// <summary>
/// The classification (大类/小类, case_category) for the county administration (/admin/categories): edit a 小类's conditions,
/// time limit and unit, responsible party and active flag, or add a 小类. A case keeps the limit it was filed under:
/// case_file copies the 小类's limit and unit when the case is filed (migration 0022), and its deadline is counted from
/// that copy at 立案, so a change here applies to cases filed afterwards only. The classification is shared by every county
/// of the installation; a new 小类 is routed by its 大类's (or kind's) fallback rules until rules of its own are added.
/// </summary>
internal sealed partial class CategoryAdminService(NpgsqlDataSource dataSource, ILogger<CategoryAdminService> logger)
{
    public const string NotCountyAdmin = "只有县级管理员可以修改事项分类。";

    /// <summary>The longest limit per unit: a month of minutes, a year of working hours, two years of working days.</summary>
    public static int MaxLimit(DeadlineUnit unit) => unit switch
    {
        DeadlineUnit.Minute => 43_200,
        DeadlineUnit.WorkHour => 2_000,
        _ => 500,
    };

    public async Task<IReadOnlyList<CategoryRow>> ListAsync(CurrentStaff actor, CancellationToken cancellationToken)
    {
        if (actor.Role != StaffRole.CountyAdmin) return [];
        await using var command = dataSource.CreateCommand($"""
            SELECT k.code, k.kind, k.major_code, k.major_name, k.name, k.filing_condition, k.closing_condition, k.time_limit, k.time_unit,
                   k.responsible_party, k.active,
                   (SELECT count(*) FROM case_file c WHERE c.category = k.code AND c.state IN {Cases.StateSql.ClockRunningCases})
            FROM case_category k
            ORDER BY k.kind DESC, k.code
            """);
        var rows = new List<CategoryRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new CategoryRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetInt32(7), DeadlineUnits.FromCode(reader.GetString(8)) ?? DeadlineUnit.WorkDay,
                reader.GetString(9), reader.GetBoolean(10), reader.GetInt64(11)));
        return rows;
    }

    private static (Dictionary<string, string> Errors, int Limit, DeadlineUnit Unit) Check(CategoryInput input)
    {
        var errors = new Dictionary<string, string>();
        void Text(string field, string? value, string label, int max)
        {
            if (string.IsNullOrWhiteSpace(value)) errors[field] = $"请填写{label}。";
            else if (value.Trim().Length > max) errors[field] = $"{label}不能超过 {max} 个字。";
            else if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r'))) errors[field] = $"{label}不能含有控制字符。";
        }
        Text("majorName", input.MajorName, "大类名称", 50);
        Text("name", input.Name, "小类名称", 50);
        Text("filingCondition", input.FilingCondition, "立案条件", 500);
        Text("closingCondition", input.ClosingCondition, "结案条件", 500);
        Text("responsibleParty", input.ResponsibleParty, "责任主体", 100);
        var unit = DeadlineUnits.FromCode(input.TimeUnit);
        if (unit is null) errors["timeUnit"] = "请选择时限单位（工作时、工作日或分钟）。";
        var limit = 0;
        if (!int.TryParse(input.TimeLimit?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1)
            errors["timeLimit"] = "处置时限应为正整数。";
        else if (unit is { } u && limit > MaxLimit(u))
            errors["timeLimit"] = $"以{u.Chinese()}计的时限不能超过 {MaxLimit(u)}。";
        return (errors, limit, unit ?? DeadlineUnit.WorkDay);
    }

    public async Task<AdminOutcome> UpdateAsync(CurrentStaff staff, string code, CategoryInput input, CancellationToken cancellationToken)
    {
        if (staff.Role != StaffRole.CountyAdmin) return AdminOutcome.Forbidden(NotCountyAdmin);
        var (errors, limit, unit) = Check(input);
        if (errors.Count > 0) return AdminOutcome.Invalid(errors);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        var before = await LockAsync(connection, transaction, code, cancellationToken);
        if (before is null) return AdminOutcome.NotFound("该小类不存在。");
        if (input.MajorName!.Trim() != before.MajorName) return AdminOutcome.Invalid("majorName", "大类名称在此不能修改（同一大类的所有小类共用）。");

        await using (var command = new NpgsqlCommand("""
            UPDATE case_category SET name = $2, filing_condition = $3, closing_condition = $4, time_limit = $5, time_unit = $6,
                   responsible_party = $7, active = $8
            WHERE code = $1
            """, connection, transaction))
        {
            AddValues(command, code, input, limit, unit);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var changes = new List<string>();
        if (before.TimeLimit != limit || before.TimeUnit != unit) changes.Add($"时限 {before.LimitText} → {limit} {(unit == DeadlineUnit.Minute ? "分钟" : "个" + unit.Chinese())}");
        if (before.Active != input.Active) changes.Add(input.Active ? "启用" : "停用");
        if (before.Name != input.Name!.Trim()) changes.Add($"名称 {before.Name} → {input.Name.Trim()}");
        if (before.FilingCondition != input.FilingCondition!.Trim() || before.ClosingCondition != input.ClosingCondition!.Trim()) changes.Add("立案/结案条件");
        if (before.ResponsibleParty != input.ResponsibleParty!.Trim()) changes.Add("责任主体");
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "category.update", "case_category", code,
            $"修改小类 {code} {input.Name.Trim()}：{(changes.Count == 0 ? "无变化" : string.Join("、", changes))}",
            Snapshot(before), Snapshot(code, input, limit, unit)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Category {Category} changed by {ActorId}", code, actor.Id);
        return AdminOutcome.Done($"已保存小类 {code} {input.Name.Trim()}。时限的修改只对此后受理的案件生效。");
    }

    public async Task<AdminOutcome> CreateAsync(CurrentStaff staff, string? code, CategoryInput input, CancellationToken cancellationToken)
    {
        if (staff.Role != StaffRole.CountyAdmin) return AdminOutcome.Forbidden(NotCountyAdmin);
        var (errors, limit, unit) = Check(input);
        code = code?.Trim().ToUpperInvariant();
        if (code is null || !CodePattern().IsMatch(code))
            errors["code"] = "小类编码为 5 位：E（事件）或 C（部件）+ 2 位大类 + 2 位小类，大类、小类都不能为 00，如 E0106。";
        if (errors.Count > 0) return AdminOutcome.Invalid(errors);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        // One writer at a time decides "new 大类 or existing", so two administrators cannot name one 大类 twice.
        await using (var gate = new NpgsqlCommand("LOCK TABLE case_category IN SHARE ROW EXCLUSIVE MODE", connection, transaction))
            await gate.ExecuteNonQueryAsync(cancellationToken);
        if (await LockAsync(connection, transaction, code!, cancellationToken) is not null) return AdminOutcome.Invalid("code", $"小类编码 {code} 已存在。");
        await using (var major = new NpgsqlCommand("SELECT major_name FROM case_category WHERE kind = $1 AND major_code = $2 LIMIT 1", connection, transaction))
        {
            major.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code![..1] });
            major.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code.Substring(1, 2) });
            if (await major.ExecuteScalarAsync(cancellationToken) is string existing && existing != input.MajorName!.Trim())
                return AdminOutcome.Invalid("majorName", $"大类 {code[..3]} 已名为“{existing}”。");
        }
        await using (var command = new NpgsqlCommand("""
            INSERT INTO case_category (code, name, filing_condition, closing_condition, time_limit, time_unit, responsible_party, active, major_name, sort_order)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, (SELECT coalesce(max(sort_order), 0) + 1 FROM case_category))
            """, connection, transaction))
        {
            AddValues(command, code, input, limit, unit);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = input.MajorName!.Trim() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "category.create", "case_category", code,
            $"新增小类 {code} {input.MajorName!.Trim()}·{input.Name!.Trim()}", null, Snapshot(code, input, limit, unit)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AdminOutcome.Done($"已新增小类 {code} {input.Name.Trim()}。派遣时先按其大类的规则推荐单位。");
    }

    private static void AddValues(NpgsqlCommand command, string code, CategoryInput input, int limit, DeadlineUnit unit)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = input.Name!.Trim() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = input.FilingCondition!.Trim() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = input.ClosingCondition!.Trim() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unit.Code() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = input.ResponsibleParty!.Trim() });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = input.Active });
    }

    private static object Snapshot(CategoryRow row) => new
    {
        row.Name, row.FilingCondition, row.ClosingCondition, row.TimeLimit, TimeUnit = row.TimeUnit.Code(), row.ResponsibleParty, row.Active,
    };

    private static object Snapshot(string code, CategoryInput input, int limit, DeadlineUnit unit) => new
    {
        Code = code, Name = input.Name!.Trim(), FilingCondition = input.FilingCondition!.Trim(), ClosingCondition = input.ClosingCondition!.Trim(),
        TimeLimit = limit, TimeUnit = unit.Code(), ResponsibleParty = input.ResponsibleParty!.Trim(), input.Active,
    };

    private static async Task<CategoryRow?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string code, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT code, kind, major_code, major_name, name, filing_condition, closing_condition, time_limit, time_unit, responsible_party, active
            FROM case_category WHERE code = $1 FOR UPDATE
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new CategoryRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
            reader.GetString(5), reader.GetString(6), reader.GetInt32(7), DeadlineUnits.FromCode(reader.GetString(8)) ?? DeadlineUnit.WorkDay,
            reader.GetString(9), reader.GetBoolean(10), 0);
    }

    [GeneratedRegex("^[EC](0[1-9]|[1-9][0-9])(0[1-9]|[1-9][0-9])$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
