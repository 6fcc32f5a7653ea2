using System.Globalization;
using GridGovernance.Data.Calendar;
using GridGovernance.Data.Import;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Calendar;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using Npgsql;

namespace GridGovernance.Web.Features.Admin;

/// <summary>One day of the month view: what the county's calendar makes of it, and whose row says so.</summary>
internal sealed record CalendarDay(DateOnly Date, bool Workday, DayOverrideKind? Kind, string? Name, bool CountyOwn);

/// <summary>A month of the county's work calendar, with whether its year is published.</summary>
internal sealed record CalendarMonth(int Year, int Month, IReadOnlyList<CalendarDay> Days, bool YearKnown, string? YearSource);

/// <summary>The county's working hours as deadlines read them, and whether they are its own or the installation's default.</summary>
internal sealed record WorkHours(IReadOnlyList<WorkingPeriod> Periods, bool CountyOwn)
{
    /// <summary>"08:30-12:00, 14:30-17:30": how the form shows and takes them.</summary>
    public string Text => string.Join(", ", Periods.Select(p => $"{p.Start:HH\\:mm}-{p.End:HH\\:mm}"));
}

/// <summary>The dispatch rules of a county (dispatch_setting); the form edits them as typed text.</summary>
internal sealed record DispatchRules(int EscalateGridMinutes, int EscalateVillageMinutes, int RoutineArrivalMinutes, int ToughArrivalMinutes,
    int CriticismAfterWorkDays);

/// <summary>
/// The work calendar and clocks of the county administration (/admin/calendar): the month view of the county's calendar
/// (the national rows, and the county's own rows winning over them, exactly as deadlines read it through
/// <see cref="WorkCalendarLoader"/>), adding and removing the county's own days, importing a year from CSV (date,kind,name;
/// any bad row and nothing is written), the warning from November when next year is missing, the county's working hours
/// (work_period; without rows of its own the installation's default), and the dispatch settings.
/// Deadlines read the calendar afresh on every action, so a day entered here counts for the next deadline at once.
/// </summary>
internal sealed class CalendarAdminService(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<CalendarAdminService> logger)
{
    public const string NotCountyAdmin = "只有县级管理员可以修改工作日历和时限设置。";
    public const int MaxImportRows = 400;

    private static string County(CurrentStaff actor) => actor.ScopeCode[..6];

    public async Task<CalendarMonth> MonthAsync(CurrentStaff actor, int year, int month, CancellationToken cancellationToken)
    {
        var calendar = await WorkCalendarLoader.LoadAsync(dataSource, County(actor), cancellationToken);
        var first = new DateOnly(year, month, 1);
        var own = new Dictionary<DateOnly, (DayOverrideKind Kind, string Name, bool CountyOwn)>();
        string? source = null;
        await using (var batch = dataSource.CreateBatch())
        {
            var days = new NpgsqlBatchCommand("""
                SELECT DISTINCT ON (day) day, kind, name, county_code IS NOT NULL FROM work_calendar_day
                WHERE (county_code = $1 OR county_code IS NULL) AND day >= $2 AND day < $3
                ORDER BY day, county_code NULLS LAST
                """);
            days.Parameters.Add(new NpgsqlParameter<string> { TypedValue = County(actor) });
            days.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = first });
            days.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = first.AddMonths(1) });
            batch.BatchCommands.Add(days);
            var years = new NpgsqlBatchCommand("""
                SELECT source FROM work_calendar_year WHERE year = $1 AND (county_code = $2 OR county_code IS NULL)
                ORDER BY county_code NULLS LAST LIMIT 1
                """);
            years.Parameters.Add(new NpgsqlParameter<int> { TypedValue = year });
            years.Parameters.Add(new NpgsqlParameter<string> { TypedValue = County(actor) });
            batch.BatchCommands.Add(years);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                own[reader.GetFieldValue<DateOnly>(0)] = (DayOverrideKinds.FromCode(reader.GetString(1))!.Value, reader.GetString(2), reader.GetBoolean(3));
            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken)) source = reader.GetString(0);
        }
        var list = new List<CalendarDay>();
        for (var day = first; day.Month == month; day = day.AddDays(1))
            list.Add(own.TryGetValue(day, out var o)
                ? new CalendarDay(day, calendar.IsWorkday(day), o.Kind, o.Name, o.CountyOwn)
                : new CalendarDay(day, calendar.IsWorkday(day), null, null, false));
        return new CalendarMonth(year, month, list, calendar.IsYearKnown(year), source);
    }

    /// <summary>From November on, the next year's calendar should be there: the year it is missing, or null.</summary>
    public async Task<int?> MissingNextYearAsync(CurrentStaff actor, CancellationToken cancellationToken)
    {
        var today = ChinaTime.Date(clock.GetUtcNow());
        if (today.Month < 11) return null;
        var calendar = await WorkCalendarLoader.LoadAsync(dataSource, County(actor), cancellationToken);
        return calendar.IsYearKnown(today.Year + 1) ? null : today.Year + 1;
    }

    private static void DayProblem(DateOnly? date, DayOverrideKind? kind, string? name, Dictionary<string, string> errors, string prefix = "")
    {
        if (date is null) errors[prefix + "date"] = "请填写日期（如 2027-01-01）。";
        else if (date.Value.Year is < 2000 or > 2099) errors[prefix + "date"] = "日期应在 2000–2099 年之间。";
        if (kind is null) errors[prefix + "kind"] = "请选择放假或调休上班。";
        else if (kind == DayOverrideKind.Workday && date is { } d && d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            errors[prefix + "kind"] = $"{d:yyyy-MM-dd} 是工作日，调休上班日只能是周六或周日。";
        if (string.IsNullOrWhiteSpace(name)) errors[prefix + "name"] = "请填写名称（如 元旦、春节调休）。";
        else if (name.Trim().Length > 50) errors[prefix + "name"] = "名称不能超过 50 个字。";
        else if (name.Any(char.IsControl)) errors[prefix + "name"] = "名称不能含有控制字符。";
    }

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date : null;

    public static DayOverrideKind? ParseKind(string? text) => text?.Trim() switch
    {
        "holiday" or "放假" or "休" or "假" => DayOverrideKind.Holiday,
        "workday" or "上班" or "调休上班" or "班" => DayOverrideKind.Workday,
        _ => null,
    };

    /// <summary>Adds (or replaces) the county's own row for a date.</summary>
    public async Task<AdminOutcome> SetDayAsync(CurrentStaff staff, string? dateText, string? kindText, string? name, CancellationToken cancellationToken)
    {
        if (staff.Role != StaffRole.CountyAdmin) return AdminOutcome.Forbidden(NotCountyAdmin);
        var errors = new Dictionary<string, string>();
        var date = ParseDate(dateText);
        var kind = ParseKind(kindText);
        DayProblem(date, kind, name, errors);
        if (errors.Count > 0) return AdminOutcome.Invalid(errors);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        var before = await UpsertDayAsync(connection, transaction, County(actor), date!.Value, kind!.Value, name!.Trim(), cancellationToken);
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "calendar.day_set", "work_calendar_day",
            $"{County(actor)}:{date:yyyy-MM-dd}", $"工作日历：{date:yyyy年M月d日} 设为{kind.Value.Chinese()}（{name.Trim()}）",
            before, new { Kind = kind.Value.Code(), Name = name.Trim() }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AdminOutcome.Done($"已将 {date:yyyy年M月d日} 设为{kind.Value.Chinese()}（{name.Trim()}）。此后计算的办理时限按新日历计。");
    }

    private static async Task<object?> UpsertDayAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string county, DateOnly date,
        DayOverrideKind kind, string name, CancellationToken cancellationToken)
    {
        object? before = null;
        await using (var old = new NpgsqlCommand("SELECT kind, name FROM work_calendar_day WHERE day = $1 AND county_code = $2 FOR UPDATE", connection, transaction))
        {
            old.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = date });
            old.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
            await using var reader = await old.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken)) before = new { Kind = reader.GetString(0), Name = reader.GetString(1) };
        }
        await using var command = new NpgsqlCommand("""
            INSERT INTO work_calendar_day (day, county_code, kind, name) VALUES ($1, $2, $3, $4)
            ON CONFLICT (day, county_code) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = date });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind.Code() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return before;
    }

    /// <summary>Removes the county's own row for a date; the national calendar's rows are not the county's to remove.</summary>
    public async Task<AdminOutcome> RemoveDayAsync(CurrentStaff staff, DateOnly date, CancellationToken cancellationToken)
    {
        if (staff.Role != StaffRole.CountyAdmin) return AdminOutcome.Forbidden(NotCountyAdmin);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        await using var command = new NpgsqlCommand(
            "DELETE FROM work_calendar_day WHERE day = $1 AND county_code = $2 RETURNING kind, name", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = date });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = County(actor) });
        string? kind = null, name = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            if (await reader.ReadAsync(cancellationToken)) (kind, name) = (reader.GetString(0), reader.GetString(1));
        if (kind is null) return AdminOutcome.Invalid("date", $"{date:yyyy年M月d日} 没有本县添加的安排（全国统一的节假日安排不能在本县删除）。");
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "calendar.day_remove", "work_calendar_day",
            $"{County(actor)}:{date:yyyy-MM-dd}", $"工作日历：删除 {date:yyyy年M月d日} 的安排（{name}）", new { Kind = kind, Name = name }, null),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AdminOutcome.Done($"已删除 {date:yyyy年M月d日} 的安排。");
    }

    /// <summary>
    /// Imports a year of the county's calendar from CSV (header date,kind,name or 日期,类型,名称): every row is checked, all
    /// in one year; any problem and nothing is written. Otherwise the county's own rows of that year are replaced and the
    /// year is marked published for the county.
    /// </summary>
    public async Task<BulkReport> ImportYearAsync(CurrentStaff staff, TextReader file, CancellationToken cancellationToken)
    {
        if (staff.Role != StaffRole.CountyAdmin) return new([], [], NotCountyAdmin);
        List<CsvRecord> records;
        try
        {
            records = Csv.Read(file).Take(MaxImportRows + 2).ToList();
        }
        catch (CsvSyntaxException e)
        {
            return new([new BulkProblem(e.Row, "", "CSV 格式错误（如引号未闭合），请另存为 CSV（UTF-8）后再上传。")], [], null);
        }
        var header = records.Count > 0 ? records[0].Fields.Select(f => f.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToArray() : [];
        if (!header.SequenceEqual(["date", "kind", "name"]) && !header.SequenceEqual(["日期", "类型", "名称"]))
            return new([new BulkProblem(1, "", "第 1 行应为表头 date,kind,name（或 日期,类型,名称）。")], [], null);
        var rows = records.Skip(1).ToList();
        if (rows.Count == 0) return new([new BulkProblem(1, "", "文件只有表头，没有日期。")], [], null);
        if (rows.Count > MaxImportRows) return new([new BulkProblem(rows[MaxImportRows].Row, "", $"一年最多 {MaxImportRows} 行。")], [], null);

        var problems = new List<BulkProblem>();
        var days = new List<(DateOnly Date, DayOverrideKind Kind, string Name)>();
        var seen = new Dictionary<DateOnly, int>();
        int? year = null;
        foreach (var record in rows)
        {
            if (record.Fields.Length != 3)
            {
                problems.Add(new BulkProblem(record.Row, "", $"应有 3 列，实际 {record.Fields.Length} 列。"));
                continue;
            }
            var errors = new Dictionary<string, string>();
            var date = ParseDate(record.Fields[0]);
            if (date is null && !string.IsNullOrWhiteSpace(record.Fields[0])) errors["date"] = $"日期“{record.Fields[0].Trim()}”无法识别，应写作 2027-01-01。";
            var kind = ParseKind(record.Fields[1]);
            if (kind is null && !string.IsNullOrWhiteSpace(record.Fields[1])) errors["kind"] = $"类型“{record.Fields[1].Trim()}”应为 holiday（放假）或 workday（调休上班）。";
            if (!errors.ContainsKey("date") && !errors.ContainsKey("kind")) DayProblem(date, kind, record.Fields[2], errors);
            else DayProblem(date ?? new DateOnly(2000, 1, 3), kind ?? DayOverrideKind.Holiday, record.Fields[2], errors);
            if (date is { } d)
            {
                year ??= d.Year;
                if (d.Year != year) errors.TryAdd("date", $"一个文件只能导入一年：第一行是 {year} 年，这一行是 {d.Year} 年。");
                if (seen.TryGetValue(d, out var earlier)) errors.TryAdd("date", $"日期 {d:yyyy-MM-dd} 与第 {earlier} 行重复。");
                seen.TryAdd(d, record.Row);
            }
            foreach (var (field, message) in errors)
                problems.Add(new BulkProblem(record.Row, field switch { "date" => "日期", "kind" => "类型", _ => "名称" }, message));
            if (errors.Count == 0) days.Add((date!.Value, kind!.Value, record.Fields[2].Trim()));
        }
        if (problems.Count > 0) return new(problems, [], null);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return new([], [], AdminOutcome.SignedOut.Message);
        var county = County(actor);
        await using (var delete = new NpgsqlCommand(
            "DELETE FROM work_calendar_day WHERE county_code = $1 AND day >= make_date($2, 1, 1) AND day < make_date($2 + 1, 1, 1)", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
            delete.Parameters.Add(new NpgsqlParameter<int> { TypedValue = year!.Value });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO work_calendar_day (day, county_code, kind, name) SELECT d, $1, k, n FROM unnest($2::date[], $3::text[], $4::text[]) AS x (d, k, n)
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
            insert.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = days.Select(d => d.Date).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = days.Select(d => d.Kind.Code()).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = days.Select(d => d.Name).ToArray() });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        var source = $"{actor.DisplayName} 于 {ChinaTime.Date(clock.GetUtcNow()):yyyy-MM-dd} 导入";
        await using (var mark = new NpgsqlCommand("""
            INSERT INTO work_calendar_year (year, county_code, source) VALUES ($1, $2, $3)
            ON CONFLICT (year, county_code) DO UPDATE SET source = EXCLUDED.source
            """, connection, transaction))
        {
            mark.Parameters.Add(new NpgsqlParameter<int> { TypedValue = year.Value });
            mark.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
            mark.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source.Length > 200 ? source[..200] : source });
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "calendar.import", "work_calendar_year",
            $"{county}:{year}", $"导入 {year} 年工作日历：放假 {days.Count(d => d.Kind == DayOverrideKind.Holiday)} 天，调休上班 {days.Count(d => d.Kind == DayOverrideKind.Workday)} 天",
            null, new { Year = year, Days = days.Count }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Calendar {Year} of county {County} imported by {ActorId}", year, county, actor.Id);
        return new([], [], null) { ImportedYear = year, ImportedDays = days.Count };
    }

    public async Task<DispatchRules> RulesAsync(CurrentStaff actor, CancellationToken cancellationToken)
    {
        // The VALUES row stands for "no row": the defaults must match the column defaults of migration 0010.
        await using var command = dataSource.CreateCommand("""
            SELECT coalesce(s.escalate_grid_minutes, 240), coalesce(s.escalate_village_minutes, 1440), coalesce(s.routine_arrival_minutes, 240),
                   coalesce(s.tough_arrival_minutes, 120), coalesce(s.criticism_after_work_days, 5)
            FROM (VALUES (1)) AS one LEFT JOIN dispatch_setting s ON s.county_code = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = County(actor) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new DispatchRules(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
    }

    public async Task<AdminOutcome> SetRulesAsync(CurrentStaff staff, string? escalateGrid, string? escalateVillage, string? routineArrival,
        string? toughArrival, string? criticismDays, CancellationToken cancellationToken)
    {
        if (staff.Role != StaffRole.CountyAdmin) return AdminOutcome.Forbidden(NotCountyAdmin);
        var errors = new Dictionary<string, string>();
        int Number(string field, string? text, string label, int max, string unit)
        {
            if (!int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
                errors[field] = $"{label}应为正整数（{unit}）。";
            else if (value > max) errors[field] = $"{label}不能超过 {max} {unit}。";
            return value;
        }
        var rules = new DispatchRules(
            Number("escalateGrid", escalateGrid, "网格未处置上报村级", 10_080, "分钟"),
            Number("escalateVillage", escalateVillage, "村级未办结上报乡镇", 43_200, "分钟"),
            Number("routineArrival", routineArrival, "日常哨到场时限", 1_440, "分钟"),
            Number("toughArrival", toughArrival, "攻坚哨到场时限", 1_440, "分钟"),
            Number("criticismDays", criticismDays, "通报批评", 60, "个工作日"));
        if (errors.Count > 0) return AdminOutcome.Invalid(errors);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        var before = await RulesAsync(actor, cancellationToken);
        await using (var command = new NpgsqlCommand("""
            INSERT INTO dispatch_setting (county_code, escalate_grid_minutes, escalate_village_minutes, routine_arrival_minutes,
                                          tough_arrival_minutes, criticism_after_work_days)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (county_code) DO UPDATE SET escalate_grid_minutes = EXCLUDED.escalate_grid_minutes,
                escalate_village_minutes = EXCLUDED.escalate_village_minutes, routine_arrival_minutes = EXCLUDED.routine_arrival_minutes,
                tough_arrival_minutes = EXCLUDED.tough_arrival_minutes, criticism_after_work_days = EXCLUDED.criticism_after_work_days
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = County(actor) });
            foreach (var value in new[] { rules.EscalateGridMinutes, rules.EscalateVillageMinutes, rules.RoutineArrivalMinutes, rules.ToughArrivalMinutes, rules.CriticismAfterWorkDays })
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = value });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "dispatch_settings.update", "dispatch_setting",
            County(actor), $"修改派遣时限：日常哨 {rules.RoutineArrivalMinutes} 分钟、攻坚哨 {rules.ToughArrivalMinutes} 分钟、上报村级 {rules.EscalateGridMinutes} 分钟、上报乡镇 {rules.EscalateVillageMinutes} 分钟、通报批评 {rules.CriticismAfterWorkDays} 个工作日",
            before, rules), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AdminOutcome.Done("已保存派遣时限设置，此后的吹哨和督办按新设置计。");
    }

    public const int MaxWorkPeriods = 4;

    public async Task<WorkHours> WorkHoursAsync(CurrentStaff actor, CancellationToken cancellationToken)
    {
        var calendar = await WorkCalendarLoader.LoadAsync(dataSource, County(actor), cancellationToken);
        await using var own = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM work_period WHERE county_code = $1)");
        own.Parameters.Add(new NpgsqlParameter<string> { TypedValue = County(actor) });
        return new WorkHours(calendar.Periods, (bool)(await own.ExecuteScalarAsync(cancellationToken))!);
    }

    /// <summary>
    /// Parses "08:30-12:00, 14:30-17:30" (commas, semicolons or new lines between periods; '-', '–' or '~' inside one) into
    /// periods, judged by the domain's rule (<see cref="WorkCalendar.PeriodsProblem"/>); null with the reason in Chinese.
    /// </summary>
    public static IReadOnlyList<WorkingPeriod>? ParseWorkHours(string? text, out string? problem)
    {
        problem = null;
        var parts = (text ?? "").Split([',', '，', ';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) { problem = "请填写工作时段，如 08:30-12:00, 14:30-17:30。"; return null; }
        if (parts.Length > MaxWorkPeriods) { problem = $"工作时段最多 {MaxWorkPeriods} 个。"; return null; }
        var periods = new List<WorkingPeriod>();
        foreach (var part in parts)
        {
            var ends = part.Split(['-', '–', '~', '～'], StringSplitOptions.TrimEntries);
            if (ends.Length != 2 || !TimeOnly.TryParseExact(ends[0], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !TimeOnly.TryParseExact(ends[1], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                problem = $"“{part}”不是有效的时段，应写作 08:30-12:00。";
                return null;
            }
            periods.Add(new WorkingPeriod(start, end));
        }
        problem = WorkCalendar.PeriodsProblem(periods);
        return problem is null ? periods.OrderBy(p => p.Start).ToList() : null;
    }

    /// <summary>Sets the county's own working hours (replacing its rows in one transaction), or with null goes back to the default.</summary>
    public async Task<AdminOutcome> SetWorkHoursAsync(CurrentStaff staff, string? text, bool backToDefault, CancellationToken cancellationToken)
    {
        if (staff.Role != StaffRole.CountyAdmin) return AdminOutcome.Forbidden(NotCountyAdmin);
        IReadOnlyList<WorkingPeriod>? periods = null;
        if (!backToDefault)
        {
            periods = ParseWorkHours(text, out var problem);
            if (periods is null) return AdminOutcome.Invalid(new Dictionary<string, string> { ["workHours"] = problem! });
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        var county = County(actor);
        var before = await WorkCalendarLoader.LoadAsync(connection, transaction, county, cancellationToken);
        await using (var delete = new NpgsqlCommand("DELETE FROM work_period WHERE county_code = $1", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var period in periods ?? [])
        {
            await using var insert = new NpgsqlCommand("INSERT INTO work_period (county_code, starts_at, ends_at) VALUES ($1, $2, $3)", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
            insert.Parameters.Add(new NpgsqlParameter<TimeOnly> { TypedValue = period.Start });
            insert.Parameters.Add(new NpgsqlParameter<TimeOnly> { TypedValue = period.End });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        var after = await WorkCalendarLoader.LoadAsync(connection, transaction, county, cancellationToken);
        var afterText = new WorkHours(after.Periods, periods is not null).Text;
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "calendar.work_hours", "work_period",
            county, periods is null ? $"工作时间恢复为默认：{afterText}" : $"工作时间改为 {afterText}",
            new { Periods = new WorkHours(before.Periods, false).Text }, new { Periods = afterText, CountyOwn = periods is not null }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Working hours of county {County} set by {ActorId}", county, actor.Id);
        return AdminOutcome.Done(periods is null
            ? $"已恢复默认工作时间（{afterText}），此后计算的办理时限按此计。"
            : $"已保存本县工作时间（{afterText}，每个工作日 {after.WorkingDayLength.TotalHours:0.##} 小时），此后计算的办理时限按此计。");
    }
}
