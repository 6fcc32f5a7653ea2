using System.Globalization;
using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Features.Tiles;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using Npgsql;

namespace GridGovernance.Web.Features.Admin;

/// <summary>A household as the maintenance page lists it (the phone masked: the page edits places, not contacts).</summary>
internal sealed record HouseholdRow(string Code, string GridCode, string? LinkUnitCode, string HeadName, short Members, string? MaskedPhone,
    string? Address, double Lng, double Lat, bool IsLeader);

/// <summary>A 十联户 unit with its 联户长 household.</summary>
internal sealed record LinkUnitRow(string Code, string Name, string GridCode, string? LeaderCode, string? LeaderName, int Households);

/// <summary>What the new-household form carries.</summary>
internal sealed record NewHousehold(string? GridCode, string? LinkUnitCode, string? HeadName, string? Members, string? Phone, string? Address,
    string? Lng, string? Lat);

/// <summary>
/// Household and 十联户 maintenance (issue 12 point 5): move a household (to another unit or grid, chosen or by its new
/// position), change a unit's 联户长, add and retire households. County administrators anywhere in their county, township
/// dispatchers in their township (CoversTerritory); one transaction each with its audit row; refusals in Chinese write nothing.
/// A household that changes grid takes a code of its new grid (the case file follows it: migration 0028); the tiles'
/// territory revision moves, so the maps show the change at once.
/// </summary>
internal sealed class HouseholdAdminService(NpgsqlDataSource dataSource, TerritoryRevision revision, ILogger<HouseholdAdminService> logger)
{
    public const string NotAllowed = "只有县级管理员和乡镇调度员可以维护住户和十联户。";

    private static bool MayMaintain(CurrentStaff staff) => staff.Role is StaffRole.CountyAdmin or StaffRole.TownshipDispatcher;

    /// <summary>Households of the caller's territory whose code, head or address contains <paramref name="text"/> (at most 50).</summary>
    public async Task<IReadOnlyList<HouseholdRow>> SearchAsync(CurrentStaff staff, string? text, CancellationToken cancellationToken)
    {
        if (!MayMaintain(staff) || string.IsNullOrWhiteSpace(text)) return [];
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT {HouseholdColumns} FROM household h
            WHERE {StaffScopeSql.CoversTerritory("h.grid_code")}
              AND (starts_with(h.code, @text) OR strpos(h.head_name, @text) > 0 OR strpos(coalesce(h.address, ''), @text) > 0)
            ORDER BY h.code LIMIT 50
            """);
        command.Parameters.AddWithValue("text", text.Trim());
        return await ReadHouseholdsAsync(command, cancellationToken);
    }

    /// <summary>The units of a grid in the caller's territory, with their 联户长 and household counts.</summary>
    public async Task<IReadOnlyList<LinkUnitRow>> UnitsAsync(CurrentStaff staff, string gridCode, CancellationToken cancellationToken)
    {
        if (!MayMaintain(staff)) return [];
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT u.code, u.name, u.grid_code, u.leader_household_code, l.head_name,
                   (SELECT count(*)::int FROM household h WHERE h.link_unit_code = u.code)
            FROM link_unit u LEFT JOIN household l ON l.code = u.leader_household_code
            WHERE u.grid_code = @grid AND {StaffScopeSql.CoversTerritory("u.grid_code")}
            ORDER BY u.code
            """);
        command.Parameters.AddWithValue("grid", gridCode);
        var rows = new List<LinkUnitRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new LinkUnitRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5)));
        return rows;
    }

    /// <summary>The households of one unit (for choosing its 联户长).</summary>
    public async Task<IReadOnlyList<HouseholdRow>> UnitHouseholdsAsync(CurrentStaff staff, string unitCode, CancellationToken cancellationToken)
    {
        if (!MayMaintain(staff)) return [];
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT {HouseholdColumns} FROM household h
            WHERE h.link_unit_code = @unit AND {StaffScopeSql.CoversTerritory("h.grid_code")}
            ORDER BY h.code
            """);
        command.Parameters.AddWithValue("unit", unitCode);
        return await ReadHouseholdsAsync(command, cancellationToken);
    }

    /// <summary>
    /// Moves a household into another 十联户 unit (<paramref name="unitCode"/>, any grid of the caller's territory), or — when
    /// <paramref name="unitCode"/> is empty and a position is given — to where it now stands: the grid that
    /// <c>grid_at_point</c> gives (no unit until one is chosen). A grid change gives the household a new code of that grid.
    /// </summary>
    public async Task<AdminOutcome> MoveAsync(CurrentStaff staff, string code, string? unitCode, string? lngText, string? latText,
        CancellationToken cancellationToken)
    {
        if (!MayMaintain(staff)) return AdminOutcome.Forbidden(NotAllowed);
        unitCode = string.IsNullOrWhiteSpace(unitCode) ? null : unitCode.Trim();
        double? lng = null, lat = null;
        if (!string.IsNullOrWhiteSpace(lngText) || !string.IsNullOrWhiteSpace(latText))
        {
            if (Coordinate(lngText, 180) is not { } x) return AdminOutcome.Invalid("lng", "经度应为 -180 至 180 的数字（WGS-84）。");
            if (Coordinate(latText, 90) is not { } y) return AdminOutcome.Invalid("lat", "纬度应为 -90 至 90 的数字（WGS-84）。");
            (lng, lat) = (x, y);
        }
        if (unitCode is null && lng is null) return AdminOutcome.Invalid("unit", "请选择要迁入的十联户，或填写新的位置。");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        if (await HouseholdForUpdateAsync(connection, transaction, actor, code, cancellationToken) is not { } before)
            return AdminOutcome.NotFound("该住户不存在或不在您的管辖范围内。");
        if (before.IsLeader) return AdminOutcome.Invalid("unit", "该户是所在十联户的联户长：请先为该十联户更换联户长，再迁移此户。");

        string targetGrid;
        if (unitCode is not null)
        {
            await using var unit = StaffScopeSql.Command(connection, transaction, actor,
                $"SELECT u.grid_code FROM link_unit u WHERE u.code = @unit AND {StaffScopeSql.CoversTerritory("u.grid_code")}");
            unit.Parameters.AddWithValue("unit", unitCode);
            if (await unit.ExecuteScalarAsync(cancellationToken) is not string grid)
                return AdminOutcome.Invalid("unit", $"十联户 {unitCode} 不存在或不在您的管辖范围内。");
            targetGrid = grid;
            if (unitCode == before.LinkUnitCode && lng is null) return AdminOutcome.Invalid("unit", "该户已在这个十联户中。");
        }
        else
        {
            await using var locate = new NpgsqlCommand("SELECT grid_code FROM grid_at_point($1, $2) WHERE inside_grid", connection, transaction);
            locate.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lng!.Value });
            locate.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat!.Value });
            if (await locate.ExecuteScalarAsync(cancellationToken) is not string grid)
                return AdminOutcome.Invalid("lng", "这个位置不在任何网格内。");
            targetGrid = grid;
        }
        if (!targetGrid.StartsWith(actor.ScopeCode, StringComparison.Ordinal))
            return AdminOutcome.Invalid("unit", "新的网格不在您的管辖范围内。");
        if (lng is not null && !await InsideGridAsync(connection, transaction, targetGrid, lng.Value, lat!.Value, cancellationToken))
            return AdminOutcome.Invalid("lng", $"新的位置不在网格 {targetGrid} 内。");

        var newCode = targetGrid == before.GridCode ? before.Code : await NextCodeAsync(connection, transaction, targetGrid, cancellationToken);
        // Moving by position keeps the unit only when the grid stays; across grids the household waits for a unit to be chosen.
        var newUnit = unitCode ?? (targetGrid == before.GridCode ? before.LinkUnitCode : null);
        await using (var update = new NpgsqlCommand("""
            UPDATE household SET code = $2, grid_code = $3, link_unit_code = $4,
                geom = CASE WHEN $5::float8 IS NULL THEN geom ELSE ST_SetSRID(ST_MakePoint($5, $6), 4326) END
            WHERE code = $1
            """, connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = before.Code });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = newCode });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = targetGrid });
            update.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = newUnit });
            update.Parameters.Add(new NpgsqlParameter<double?> { TypedValue = lng });
            update.Parameters.Add(new NpgsqlParameter<double?> { TypedValue = lat });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await RefreshHullsAsync(connection, transaction, [before.LinkUnitCode, newUnit], cancellationToken);
        var summary = newCode == before.Code
            ? $"迁移住户 {before.Code}（{before.HeadName}）：{Unit(before.LinkUnitCode)} → {Unit(newUnit)}"
            : $"迁移住户 {before.HeadName}：{before.Code} → {newCode}（网格 {before.GridCode} → {targetGrid}，{Unit(newUnit)}）";
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "household.move", "household", newCode, summary,
            new { before.Code, before.GridCode, before.LinkUnitCode, before.Lng, before.Lat },
            new { Code = newCode, GridCode = targetGrid, LinkUnitCode = newUnit, Lng = lng ?? before.Lng, Lat = lat ?? before.Lat }), cancellationToken);
        var newRevision = await TerritoryChangedAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        revision.Advance(newRevision);
        logger.LogInformation("Household moved by {ActorId}", actor.Id);
        return AdminOutcome.Done(newCode == before.Code ? $"已迁移住户 {newCode}。" : $"已迁移住户，新编码 {newCode}。");
    }

    /// <summary>Makes <paramref name="householdCode"/> (a household of the unit) the unit's 联户长.</summary>
    public async Task<AdminOutcome> SetLeaderAsync(CurrentStaff staff, string unitCode, string? householdCode, CancellationToken cancellationToken)
    {
        if (!MayMaintain(staff)) return AdminOutcome.Forbidden(NotAllowed);
        if (string.IsNullOrWhiteSpace(householdCode)) return AdminOutcome.Invalid("leader", "请选择新的联户长住户。");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        string name;
        string? oldLeader;
        bool hadAccount;
        await using (var unit = StaffScopeSql.Command(connection, transaction, actor, $"""
            SELECT u.name, u.leader_household_code, u.leader_account_id IS NOT NULL
            FROM link_unit u WHERE u.code = @unit AND {StaffScopeSql.CoversTerritory("u.grid_code")} FOR UPDATE
            """))
        {
            unit.Parameters.AddWithValue("unit", unitCode);
            await using var reader = await unit.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return AdminOutcome.NotFound("该十联户不存在或不在您的管辖范围内。");
            (name, oldLeader, hadAccount) = (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetBoolean(2));
        }
        string headName;
        await using (var household = new NpgsqlCommand("SELECT head_name FROM household WHERE code = $1 AND link_unit_code = $2", connection, transaction))
        {
            household.Parameters.Add(new NpgsqlParameter<string> { TypedValue = householdCode.Trim() });
            household.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unitCode });
            if (await household.ExecuteScalarAsync(cancellationToken) is not string head)
                return AdminOutcome.Invalid("leader", "联户长必须是本十联户的住户。");
            headName = head;
        }
        if (oldLeader == householdCode.Trim()) return AdminOutcome.Invalid("leader", "该户已是本十联户的联户长。");
        await using (var update = new NpgsqlCommand("UPDATE link_unit SET leader_household_code = $2 WHERE code = $1", connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unitCode });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = householdCode.Trim() });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        // The old leader's account is no longer the unit's leader's (migration 0025's trigger ends the link): the row says so.
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "link_unit.leader", "link_unit", unitCode,
            $"更换 {name} 的联户长为 {headName}（{householdCode.Trim()}）{(hadAccount ? "；原联户长的账号关联已解除" : "")}",
            new { Leader = oldLeader }, new { Leader = householdCode.Trim() }), cancellationToken);
        var newRevision = await TerritoryChangedAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        revision.Advance(newRevision);
        return AdminOutcome.Done($"已将 {headName} 设为 {name} 的联户长。{(hadAccount ? "原联户长的账号已不再关联为本十联户联户长，可在账号管理中为新联户长开通账号。" : "")}");
    }

    /// <summary>A new household in a grid of the caller's territory (optionally in one of its units), at a position inside the grid.</summary>
    public async Task<AdminOutcome> AddAsync(CurrentStaff staff, NewHousehold input, CancellationToken cancellationToken)
    {
        if (!MayMaintain(staff)) return AdminOutcome.Forbidden(NotAllowed);
        var errors = new Dictionary<string, string>();
        var grid = (input.GridCode ?? "").Trim();
        if (grid.Length != 15 || !grid.All(char.IsAsciiDigit)) errors["grid"] = "网格编码应为 15 位数字。";
        var unit = string.IsNullOrWhiteSpace(input.LinkUnitCode) ? null : input.LinkUnitCode.Trim();
        if (unit is not null && !unit.StartsWith(grid, StringComparison.Ordinal)) errors["unit"] = "十联户应属于所选网格。";
        var head = (input.HeadName ?? "").Trim();
        if (head.Length is 0 or > 50 || head.Any(char.IsControl)) errors["headName"] = "户主姓名应为 1–50 个字。";
        if (!short.TryParse(input.Members, NumberStyles.None, CultureInfo.InvariantCulture, out var members) || members is < 1 or > 30)
            errors["members"] = "人口数应为 1–30 的整数。";
        var phone = string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone.Trim();
        if (AccountAdministration.PhoneProblem(phone, required: false) is { } phoneProblem) errors["phone"] = phoneProblem;
        var address = string.IsNullOrWhiteSpace(input.Address) ? null : input.Address.Trim();
        if (address is { Length: > 200 } || address?.Any(char.IsControl) == true) errors["address"] = "地址不能超过 200 个字。";
        var lng = Coordinate(input.Lng, 180);
        var lat = Coordinate(input.Lat, 90);
        if (lng is null || lat is null) errors["position"] = "请填写有效的经纬度（WGS-84）。";
        if (errors.Count > 0) return AdminOutcome.Invalid(errors);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        await using (var exists = StaffScopeSql.Command(connection, transaction, actor,
            $"SELECT EXISTS (SELECT 1 FROM grid g WHERE g.code = @grid AND {StaffScopeSql.CoversTerritory("g.code")}) AND (@unit::text IS NULL OR EXISTS (SELECT 1 FROM link_unit u WHERE u.code = @unit::text AND u.grid_code = @grid))"))
        {
            exists.Parameters.AddWithValue("grid", grid);
            exists.Parameters.Add(new NpgsqlParameter<string?>("unit", unit));
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
                return AdminOutcome.Invalid("grid", "网格或十联户不存在，或不在您的管辖范围内。");
        }
        if (!await InsideGridAsync(connection, transaction, grid, lng!.Value, lat!.Value, cancellationToken))
            return AdminOutcome.Invalid("position", $"位置不在网格 {grid} 内。");
        var code = await NextCodeAsync(connection, transaction, grid, cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO household (code, grid_code, link_unit_code, head_name, members, phone, address, geom)
            VALUES ($1, $2, $3, $4, $5, $6, $7, ST_SetSRID(ST_MakePoint($8, $9), 4326))
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grid });
            insert.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = unit });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = head });
            insert.Parameters.Add(new NpgsqlParameter<short> { TypedValue = members });
            insert.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = phone });
            insert.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = address });
            insert.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lng.Value });
            insert.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat.Value });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await RefreshHullsAsync(connection, transaction, [unit], cancellationToken);
        // No phone in the audit row: the trail is read more widely than the household card.
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "household.add", "household", code,
            $"新增住户 {code}（{head}，{members} 人，{Unit(unit)}）", null,
            new { Code = code, GridCode = grid, LinkUnitCode = unit, HeadName = head, Members = members, HasPhone = phone is not null }), cancellationToken);
        var newRevision = await TerritoryChangedAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        revision.Advance(newRevision);
        return AdminOutcome.Done($"已新增住户 {code}。");
    }

    /// <summary>Retires a household (moved away, merged, demolished): archived without its phone, then removed from the live table.</summary>
    public async Task<AdminOutcome> RetireAsync(CurrentStaff staff, string code, string? reason, CancellationToken cancellationToken)
    {
        if (!MayMaintain(staff)) return AdminOutcome.Forbidden(NotAllowed);
        reason = (reason ?? "").Trim();
        if (reason.Length is 0 or > 200 || reason.Any(char.IsControl)) return AdminOutcome.Invalid("reason", "请填写注销原因（1–200 个字，如“整户迁出”）。");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;
        if (await HouseholdForUpdateAsync(connection, transaction, actor, code, cancellationToken) is not { } before)
            return AdminOutcome.NotFound("该住户不存在或不在您的管辖范围内。");
        if (before.IsLeader) return AdminOutcome.Invalid("reason", "该户是所在十联户的联户长：请先更换联户长，再注销此户。");
        await using (var cases = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM case_file WHERE on_behalf_household_code = $1)", connection, transaction))
        {
            cases.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
            if ((bool)(await cases.ExecuteScalarAsync(cancellationToken))!)
                return AdminOutcome.Invalid("reason", "该户有联户长代报的案件记录，案件须保留所涉住户，不能注销；可把它迁到正确的十联户或网格。");
        }
        await using (var archive = new NpgsqlCommand("""
            INSERT INTO household_retired (code, grid_code, link_unit_code, head_name, members, address, geom, reason, retired_by)
            SELECT code, grid_code, link_unit_code, head_name, members, address, geom, $2, $3 FROM household WHERE code = $1;
            """, connection, transaction))
        {
            archive.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
            archive.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reason });
            archive.Parameters.Add(new NpgsqlParameter<long> { TypedValue = actor.Id });
            await archive.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var delete = new NpgsqlCommand("DELETE FROM household WHERE code = $1", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await RefreshHullsAsync(connection, transaction, [before.LinkUnitCode], cancellationToken);
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "household.retire", "household", code,
            $"注销住户 {code}（{before.HeadName}）：{reason}", new { before.GridCode, before.LinkUnitCode, before.HeadName, before.Members }, new { Reason = reason }),
            cancellationToken);
        var newRevision = await TerritoryChangedAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        revision.Advance(newRevision);
        return AdminOutcome.Done($"已注销住户 {code}。");
    }

    private const string HouseholdColumns = """
        h.code, h.grid_code, h.link_unit_code, h.head_name, h.members,
        CASE WHEN h.phone IS NULL THEN NULL ELSE left(h.phone, 3) || '****' || right(h.phone, 4) END,
        h.address, ST_X(h.geom), ST_Y(h.geom),
        EXISTS (SELECT 1 FROM link_unit l WHERE l.leader_household_code = h.code)
        """;

    private static async Task<IReadOnlyList<HouseholdRow>> ReadHouseholdsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<HouseholdRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add(ReadHousehold(reader));
        return rows;
    }

    private static HouseholdRow ReadHousehold(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetInt16(4),
            reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetDouble(7),
            reader.GetDouble(8), reader.GetBoolean(9));

    private static async Task<HouseholdRow?> HouseholdForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CurrentStaff actor,
        string code, CancellationToken cancellationToken)
    {
        await using var command = StaffScopeSql.Command(connection, transaction, actor,
            $"SELECT {HouseholdColumns} FROM household h WHERE h.code = @code AND {StaffScopeSql.CoversTerritory("h.grid_code")} FOR UPDATE OF h");
        command.Parameters.AddWithValue("code", code);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadHousehold(reader) : null;
    }

    /// <summary>As the importer checks a household: within about a metre of its grid.</summary>
    private static async Task<bool> InsideGridAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string grid, double lng, double lat,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM grid WHERE code = $1 AND ST_DWithin(geom, ST_SetSRID(ST_MakePoint($2, $3), 4326), 0.00001))",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grid });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lng });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The grid's next household number, never one a live or retired household had (old records keep meaning one household).</summary>
    private static async Task<string> NextCodeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string grid, CancellationToken cancellationToken)
    {
        await using (var lockGrid = new NpgsqlCommand("SELECT 1 FROM grid WHERE code = $1 FOR UPDATE", connection, transaction))
        {
            lockGrid.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grid });
            await lockGrid.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(max(right(code, 4)::int), 0) + 1 FROM (
                SELECT code FROM household WHERE grid_code = $1 UNION ALL SELECT code FROM household_retired WHERE grid_code = $1) c
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grid });
        var next = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (next > 9999) throw new InvalidOperationException($"网格 {grid} 的住户编号已用完");
        return grid + next.ToString("D4", CultureInfo.InvariantCulture);
    }

    /// <summary>A unit's outline for the map, as the importer draws it: its households' hull widened by 12 m.</summary>
    private static async Task RefreshHullsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string?[] units, CancellationToken cancellationToken)
    {
        var codes = units.Where(u => u is not null).Distinct().Cast<string>().ToArray();
        if (codes.Length == 0) return;
        await using var command = new NpgsqlCommand("""
            UPDATE link_unit u SET hull = (
                SELECT ST_Buffer(ST_ConvexHull(ST_Collect(h.geom))::geography, 12, 'quad_segs=4')::geometry
                FROM household h WHERE h.link_unit_code = u.code)
            WHERE u.code = ANY($1)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = codes });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Moves the tiles' territory revision on (household tiles and grid counts change); answers the new revision.</summary>
    private static async Task<long> TerritoryChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TerritoryRevision.BumpSql, connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static double? Coordinate(string? text, double limit) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && Math.Abs(value) <= limit
            ? value : null;

    private static string Unit(string? unit) => unit is null ? "不属任何十联户" : $"十联户 {unit}";
}
