using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Territory;
using GridGovernance.Web.Features.Admin;
using GridGovernance.Web.Features.Tiles;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using GridGovernance.Web.Plumbing;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGovernance.Web.Features.GridEditing;

/// <summary>The five redraws of grid editing (their codes are the API's and the audit's: grid.split …).</summary>
internal enum GridEditAction { Split, Merge, MoveBorder, Create, Retire }

internal static class GridEditActions
{
    public static string Code(this GridEditAction action) => action switch
    {
        GridEditAction.Split => "split",
        GridEditAction.Merge => "merge",
        GridEditAction.MoveBorder => "move_border",
        GridEditAction.Create => "create",
        _ => "retire",
    };

    public static GridEditAction? FromCode(string? code) => code switch
    {
        "split" => GridEditAction.Split,
        "merge" => GridEditAction.Merge,
        "move_border" or "move-border" => GridEditAction.MoveBorder,
        "create" => GridEditAction.Create,
        "retire" => GridEditAction.Retire,
        _ => null,
    };

    public static string Name(this GridEditAction action) => action switch
    {
        GridEditAction.Split => "分割网格",
        GridEditAction.Merge => "合并网格",
        GridEditAction.MoveBorder => "调整边界",
        GridEditAction.Create => "新建网格",
        _ => "撤销网格",
    };
}

/// <summary>
/// One redraw. <paramref name="GridCode"/>: the grid split, kept (merge), redrawn (move border) or retired;
/// <paramref name="OtherCode"/>: the grid merged into it, the neighbour across the moved border, or the neighbour that takes
/// a retired grid's ground; <paramref name="VillageCode"/>: where a grid is created; <paramref name="Shape"/>: the drawn line
/// (split) or outline (move border, create); <paramref name="Name"/>: the new grid's name (split, create).
/// </summary>
internal sealed record GridEditRequest(GridEditAction Action, string? GridCode, string? OtherCode, string? VillageCode, Geometry? Shape, string? Name);

/// <summary>A household or 十联户 unit a redraw moved to another grid (codes only), with a note when a person should look.</summary>
internal sealed record GridMove(string Kind, string Code, string FromGrid, string ToGrid, string? Note)
{
    public string KindName => Kind == "household" ? "住户" : "十联户";
}

/// <summary>How a redraw ended: nothing was written unless <see cref="Ok"/>.</summary>
internal sealed record GridEditOutcome(AdminStatus Status, string Message, IReadOnlyList<string> Grids, IReadOnlyList<GridMove> Moves)
{
    public bool Ok => Status == AdminStatus.Ok;

    public static GridEditOutcome Refused(AdminStatus status, string message) => new(status, message, [], []);

    public int StatusCode => Status switch
    {
        AdminStatus.Ok => StatusCodes.Status200OK,
        AdminStatus.Invalid => StatusCodes.Status400BadRequest,
        AdminStatus.Forbidden => StatusCodes.Status403Forbidden,
        AdminStatus.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status409Conflict,
    };
}

/// <summary>A village the caller may edit, for the picker.</summary>
internal sealed record EditableVillage(string Code, string Name, string TownshipName);

/// <summary>A live grid of the village as the page lists it.</summary>
internal sealed record GridListRow(string Code, string Name, string Kind, int Households, int LinkUnits, double AreaKm2, bool PlacardReprint,
    DateTimeOffset? ValidFrom);

/// <summary>A village opened for editing: its grids (and their GeoJSON for the map), coverage, bounds and what moved lately.</summary>
internal sealed record VillageGrids(string Code, string Name, string TownshipName, double Coverage, Envelope Bounds,
    IReadOnlyList<GridListRow> Grids, string GeoJson, IReadOnlyList<GridMove> ToReview, IReadOnlyList<string> RetiredWithAccounts);

/// <summary>
/// Grid editing (issue 12, point 5): split, merge, move a shared border, create and retire grids of a village. The county
/// administrator edits any village of the county, a township dispatcher the villages of their township (the one scope
/// rule: <see cref="StaffScopeSql.CoversTerritory"/>). .NET (<see cref="GridShapes"/>) makes and checks the new shapes; the
/// database checks them again — valid, inside the village (trigger of 0001), no overlap (grid_no_overlap) and the village
/// still covered (grid_edit_check_coverage) — in the same transaction that writes them, re-assigns the households and
/// 十联户 units by position (grid_at_point), flags the placards, bumps the territory revision (tile caches key on it) and
/// writes the audit row. Anything refused writes nothing.
/// </summary>
internal sealed class GridEditService(NpgsqlDataSource dataSource, TerritoryRevision revision, ILogger<GridEditService> logger)
{
    public const string NotAllowed = "只有县级管理员和乡镇调度员（本乡镇）可以编辑网格。";

    public static bool MayEdit(CurrentStaff staff) => staff.Role is StaffRole.CountyAdmin or StaffRole.TownshipDispatcher;

    public async Task<IReadOnlyList<EditableVillage>> VillagesAsync(CurrentStaff staff, CancellationToken ct)
    {
        if (!MayEdit(staff)) return [];
        var sql = $"""
            SELECT v.code, v.name, t.name FROM village v JOIN township t ON t.code = v.township_code
            WHERE {StaffScopeSql.CoversTerritory("v.code")} ORDER BY v.code
            """;
        await using var command = StaffScopeSql.Command(dataSource, staff, sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var villages = new List<EditableVillage>();
        while (await reader.ReadAsync(ct)) villages.Add(new EditableVillage(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return villages;
    }

    private static readonly string GridsGeoJsonSql = GeoJsonSql.FeatureCollection("""
        SELECT g.geom, json_build_object('code', g.code, 'name', g.name, 'reprint', g.placard_reprint) AS properties, g.code AS ord
        FROM grid g WHERE g.village_code = @village AND g.retired_at IS NULL
        """);

    /// <summary>The village with its live grids; null when it does not exist or lies outside the caller's territory.</summary>
    public async Task<VillageGrids?> VillageAsync(CurrentStaff staff, string villageCode, CancellationToken ct)
    {
        if (!MayEdit(staff) || TerritoryCode.Problem(villageCode, TerritoryLevel.Village) is not null) return null;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        string name, township;
        double coverage;
        Envelope bounds;
        await using (var command = StaffScopeSql.Command(connection, null, staff, $"""
            SELECT v.name, t.name, village_grid_coverage(v.code), ST_Envelope(v.geom)
            FROM village v JOIN township t ON t.code = v.township_code
            WHERE v.code = @village AND {StaffScopeSql.CoversTerritory("v.code")}
            """))
        {
            command.Parameters.AddWithValue("village", villageCode);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            (name, township, coverage) = (reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? 0 : reader.GetDouble(2));
            bounds = reader.GetFieldValue<Geometry>(3).EnvelopeInternal;
        }

        var grids = new List<GridListRow>();
        await using (var command = new NpgsqlCommand("""
            SELECT g.code, g.name, g.kind,
                   (SELECT count(*) FROM household h WHERE h.grid_code = g.code)::int,
                   (SELECT count(*) FROM link_unit u WHERE u.grid_code = g.code)::int,
                   ST_Area(g.geom::geography) / 1e6, g.placard_reprint, nullif(g.valid_from, '-infinity')
            FROM grid g WHERE g.village_code = $1 AND g.retired_at IS NULL ORDER BY g.code
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = villageCode });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                grids.Add(new GridListRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4),
                    reader.GetDouble(5), reader.GetBoolean(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
        }

        string geoJson;
        await using (var command = new NpgsqlCommand(GridsGeoJsonSql, connection))
        {
            command.Parameters.AddWithValue("village", villageCode);
            geoJson = (string)(await command.ExecuteScalarAsync(ct))!;
        }

        var moves = new List<GridMove>();
        await using (var command = new NpgsqlCommand("""
            SELECT item_kind, item_code, from_grid, to_grid, note FROM grid_reassignment
            WHERE village_code = $1 AND reviewed_at IS NULL ORDER BY id DESC LIMIT 500
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = villageCode });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                moves.Add(new GridMove(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        // Accounts still scoped to a retired grid keep working on its old cases but receive no new ones: say so.
        var orphaned = new List<string>();
        await using (var command = new NpgsqlCommand("""
            SELECT g.code || ' ' || g.name || '（' || count(a.id) || ' 个账号）'
            FROM grid g JOIN staff_account a ON a.scope_code = g.code AND NOT a.disabled
            WHERE g.village_code = $1 AND g.retired_at IS NOT NULL GROUP BY g.code, g.name ORDER BY g.code
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = villageCode });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) orphaned.Add(reader.GetString(0));
        }
        return new VillageGrids(villageCode, name, township, coverage, bounds, grids, geoJson, moves, orphaned);
    }

    /// <summary>The GeoJSON of the village's live grids (the API's GET), or null outside the caller's territory.</summary>
    public async Task<string?> GridsGeoJsonAsync(CurrentStaff staff, string villageCode, CancellationToken ct) =>
        (await VillageAsync(staff, villageCode, ct))?.GeoJson;

    private sealed record GridRow(string Code, string Name, string Kind, string VillageCode, MultiPolygon Geom);

    public async Task<GridEditOutcome> EditAsync(CurrentStaff staff, GridEditRequest request, CancellationToken ct)
    {
        if (!MayEdit(staff)) return GridEditOutcome.Refused(AdminStatus.Forbidden, NotAllowed);
        var name = request.Name?.Trim();
        if (request.Action is GridEditAction.Split or GridEditAction.Create)
        {
            if (string.IsNullOrEmpty(name)) return GridEditOutcome.Refused(AdminStatus.Invalid, "请填写新网格的名称。");
            if (name.Length > 100 || name.Any(char.IsControl)) return GridEditOutcome.Refused(AdminStatus.Invalid, "网格名称不超过 100 个字，且不能含控制字符。");
        }
        if (request.Shape is { } shape && (shape.SRID is not (0 or 4326) || !WithinWorld(shape.EnvelopeInternal)))
            return GridEditOutcome.Refused(AdminStatus.Invalid, "图形坐标应为 WGS-84 经纬度。");

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, ct) is not { } actor)
            return GridEditOutcome.Refused(AdminStatus.SignedOut, AdminOutcome.SignedOut.Message!);

        // The village: named directly (create) or the first grid's. Its grids are locked, so two editors of one village
        // take turns and each checks the shapes the other left. FOR NO KEY UPDATE, not FOR UPDATE: a case filed meanwhile only
        // key-shares its grid row (the foreign key), and must neither wait for the edit nor, holding the outbox's ordering lock
        // that the edit takes last (territory event), make it wait in turn.
        string? villageCode = request.Action == GridEditAction.Create ? request.VillageCode
            : request.GridCode is { Length: 15 } code && TerritoryCode.Problem(code, TerritoryLevel.Grid) is null ? code[..12] : null;
        if (villageCode is null || TerritoryCode.Problem(villageCode, TerritoryLevel.Village) is not null)
            return GridEditOutcome.Refused(AdminStatus.Invalid, request.Action == GridEditAction.Create ? "请选择村（社区）。" : "请选择网格。");
        Geometry villageGeom;
        await using (var command = StaffScopeSql.Command(connection, transaction, actor, $"""
            SELECT v.geom FROM village v WHERE v.code = @village AND {StaffScopeSql.CoversTerritory("v.code")} FOR SHARE
            """))
        {
            command.Parameters.AddWithValue("village", villageCode);
            if (await command.ExecuteScalarAsync(ct) is not Geometry g)
                return GridEditOutcome.Refused(AdminStatus.NotFound, "该村（社区）不存在或不在您的管辖范围内。");
            villageGeom = g;
        }
        var grids = new Dictionary<string, GridRow>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("""
            SELECT code, name, kind, village_code, geom FROM grid WHERE village_code = $1 AND retired_at IS NULL ORDER BY code FOR NO KEY UPDATE
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = villageCode });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                grids[reader.GetString(0)] = new GridRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetFieldValue<MultiPolygon>(4));
        }
        GridRow? Find(string? c) => c is not null && grids.TryGetValue(c, out var row) ? row : null;
        var grid = Find(request.GridCode);
        var other = Find(request.OtherCode);
        if (request.Action != GridEditAction.Create && grid is null)
            return GridEditOutcome.Refused(AdminStatus.NotFound, $"没有编码为 {request.GridCode} 的在用网格，或它不在您的管辖范围内。");
        if (request.Action is GridEditAction.Merge or GridEditAction.MoveBorder or GridEditAction.Retire)
        {
            if (other is null)
                return GridEditOutcome.Refused(AdminStatus.Invalid, request.OtherCode is null or ""
                    ? "请选择相邻的网格。" : $"相邻网格 {request.OtherCode} 不是本村（社区）的在用网格。");
            if (other.Code == grid!.Code) return GridEditOutcome.Refused(AdminStatus.Invalid, "请选择另一个网格。");
        }

        var coverageBefore = await ScalarAsync<double>(connection, transaction, "SELECT coalesce(village_grid_coverage($1), 0)", villageCode, ct);
        var touched = new List<string>();
        var retired = new List<string>();
        var summary = "";
        ShapeResult result;
        switch (request.Action)
        {
            case GridEditAction.Split:
                result = GridShapes.Split(grid!.Geom, request.Shape);
                if (result.Problem is not null) break;
                var newCode = await NextCodeAsync(connection, transaction, villageCode, ct);
                if (newCode is null) { result = ShapeResult.Refused("本村（社区）的网格编号已用尽（001–999）。"); break; }
                await UpdateGeomAsync(connection, transaction, grid.Code, result.Shapes[0], ct);
                await InsertGridAsync(connection, transaction, newCode, villageCode, name!, grid.Kind, result.Shapes[1], ct);
                touched.AddRange([grid.Code, newCode]);
                summary = $"分割网格 {grid.Name}（{grid.Code}），新建 {name}（{newCode}）";
                break;
            case GridEditAction.Merge:
            case GridEditAction.Retire:
                // Merge keeps the first grid and retires the second; retire retires the first into the second. Same shapes.
                var (survivor, gone) = request.Action == GridEditAction.Merge ? (grid!, other!) : (other!, grid!);
                result = GridShapes.Join(survivor.Geom, gone.Geom);
                if (result.Problem is not null) break;
                await RetireAsync(connection, transaction, gone.Code, survivor.Code, ct);
                await UpdateGeomAsync(connection, transaction, survivor.Code, result.Shapes[0], ct);
                touched.AddRange([survivor.Code, gone.Code]);
                retired.Add(gone.Code);
                summary = request.Action == GridEditAction.Merge
                    ? $"合并网格 {gone.Name}（{gone.Code}）并入 {survivor.Name}（{survivor.Code}）"
                    : $"撤销网格 {gone.Name}（{gone.Code}），范围并入 {survivor.Name}（{survivor.Code}）";
                break;
            case GridEditAction.MoveBorder:
                result = GridShapes.MoveBorder(grid!.Geom, other!.Geom, request.Shape);
                if (result.Problem is not null) break;
                await UpdateGeomAsync(connection, transaction, grid.Code, result.Shapes[0], ct);
                await UpdateGeomAsync(connection, transaction, other.Code, result.Shapes[1], ct);
                touched.AddRange([grid.Code, other.Code]);
                summary = $"调整网格 {grid.Name}（{grid.Code}）与 {other.Name}（{other.Code}）的边界";
                break;
            default:
                result = GridShapes.Create(request.Shape, villageGeom, grids.Values.Select(g => (Geometry)g.Geom));
                if (result.Problem is not null) break;
                var createdCode = await NextCodeAsync(connection, transaction, villageCode, ct);
                if (createdCode is null) { result = ShapeResult.Refused("本村（社区）的网格编号已用尽（001–999）。"); break; }
                await InsertGridAsync(connection, transaction, createdCode, villageCode, name!, "comprehensive", result.Shapes[0], ct);
                touched.Add(createdCode);
                summary = $"新建网格 {name}（{createdCode}）";
                break;
        }
        if (result.Problem is { } problem) return GridEditOutcome.Refused(AdminStatus.Invalid, problem);

        try
        {
            var before = await SummariesAsync(connection, transaction, touched, asOfVersion: true, ct);
            var coverageAfter = await ScalarAsync<double>(connection, transaction, "SELECT grid_edit_check_coverage($1, $2)", villageCode, ct, coverageBefore);
            // The deferred overlap check runs here, not at commit, so its refusal is answered like the others.
            await using (var command = new NpgsqlCommand("SET CONSTRAINTS grid_no_overlap IMMEDIATE", connection, transaction))
                await command.ExecuteNonQueryAsync(ct);
            var moves = await ReassignAsync(connection, transaction, villageCode, request.Action, touched, ct);
            long newRevision;
            await using (var command = new NpgsqlCommand(TerritoryRevision.BumpSql, connection, transaction))
                newRevision = (long)(await command.ExecuteScalarAsync(ct))!;
            var after = await SummariesAsync(connection, transaction, touched, asOfVersion: false, ct);
            await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "grid." + request.Action.Code(),
                "grid", touched[0],
                $"{summary}；{moves.Count(m => m.Kind == "household")} 户、{moves.Count(m => m.Kind == "link_unit")} 个十联户改属新网格",
                new { Village = villageCode, Coverage = Math.Round(coverageBefore, 6), Grids = before },
                new
                {
                    Village = villageCode, Coverage = Math.Round(coverageAfter, 6), Grids = after, Retired = retired,
                    HouseholdsMoved = moves.Count(m => m.Kind == "household"), LinkUnitsMoved = moves.Count(m => m.Kind == "link_unit"),
                }), ct);
            // Last: the outbox's ordering lock is held from here to the commit.
            await PublishAsync(connection, transaction, request.Action, villageCode, touched, retired, newRevision, ct);
            await transaction.CommitAsync(ct);
            revision.Advance(newRevision);
            logger.LogInformation("Grid edit {Action} in village {VillageCode} by {ActorId}: {GridCodes}", request.Action.Code(), villageCode,
                actor.Id, string.Join(",", touched));
            return new GridEditOutcome(AdminStatus.Ok,
                $"已{request.Action.Name()}：{summary}。{(moves.Count == 0 ? "没有住户或十联户需要改属。" : $"{moves.Count} 条住户/十联户改属记录待复核。")}",
                touched, moves);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.ExclusionViolation)
        {
            logger.LogInformation("Grid edit {Action} in village {VillageCode} refused by the database: {Constraint}", request.Action.Code(),
                villageCode, e.ConstraintName);
            return GridEditOutcome.Refused(AdminStatus.Invalid, e.ConstraintName switch
            {
                "grid_inside_parent" => "网格超出了所在村（社区）的范围。",
                "grid_no_overlap" => $"与其他网格重叠：{e.MessageText}。",
                "village_grid_coverage" => $"编辑后村（社区）没有被网格完全覆盖：{e.MessageText}。",
                "grid_geom_check" => "网格图形无效。",
                _ => $"数据库拒绝了此次编辑：{e.MessageText}",
            });
        }
    }

    /// <summary>
    /// The live event of an edit (migration 0043, type territory.grids): every open map of the ground re-reads its grids. Its
    /// scope is the county, township and village of the edit and the grids it touched; its payload codes and the territory
    /// revision only — the revision the maps ask their tiles for, so that no instance answers them from an older one.
    /// </summary>
    private static async Task PublishAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, GridEditAction action, string village,
        List<string> touched, List<string> retired, long newRevision, CancellationToken ct)
    {
        string[] scopes = [village[..(int)TerritoryLevel.County], village[..(int)TerritoryLevel.Township], village, .. touched];
        var payload = System.Text.Json.JsonSerializer.Serialize(new
        {
            action = action.Code(), village, grids = touched, retired, revision = newRevision,
        });
        await using var command = new NpgsqlCommand("SELECT publish_territory_event('territory.grids', $1, $2::jsonb)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = scopes });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payload });
        await command.ExecuteScalarAsync(ct);
    }

    /// <summary>Marks a grid's placard as reprinted (the flag a redraw set).</summary>
    public async Task<GridEditOutcome> PlacardPrintedAsync(CurrentStaff staff, string gridCode, CancellationToken ct)
    {
        if (!MayEdit(staff)) return GridEditOutcome.Refused(AdminStatus.Forbidden, NotAllowed);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, ct) is not { } actor)
            return GridEditOutcome.Refused(AdminStatus.SignedOut, AdminOutcome.SignedOut.Message!);
        string? name;
        await using (var command = StaffScopeSql.Command(connection, transaction, actor, $"""
            UPDATE grid g SET placard_reprint = false
            WHERE g.code = @grid AND g.placard_reprint AND {StaffScopeSql.CoversTerritory("g.code")} RETURNING g.name
            """))
        {
            command.Parameters.AddWithValue("grid", gridCode);
            name = await command.ExecuteScalarAsync(ct) as string;
        }
        if (name is null) return GridEditOutcome.Refused(AdminStatus.NotFound, "该网格不存在、不在您的管辖范围内，或公示牌无需重印。");
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "grid.placard_printed", "grid", gridCode,
            $"网格 {name} 的公示牌已重印", new { PlacardReprint = true }, new { PlacardReprint = false }), ct);
        await transaction.CommitAsync(ct);
        return new GridEditOutcome(AdminStatus.Ok, $"已记录 {name} 的公示牌已重印。", [gridCode], []);
    }

    /// <summary>Marks every re-assignment of the village as reviewed.</summary>
    public async Task<GridEditOutcome> ReviewedAsync(CurrentStaff staff, string villageCode, CancellationToken ct)
    {
        if (!MayEdit(staff)) return GridEditOutcome.Refused(AdminStatus.Forbidden, NotAllowed);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, ct) is not { } actor)
            return GridEditOutcome.Refused(AdminStatus.SignedOut, AdminOutcome.SignedOut.Message!);
        int count;
        await using (var command = StaffScopeSql.Command(connection, transaction, actor, $"""
            UPDATE grid_reassignment r SET reviewed_at = now()
            WHERE r.village_code = @village AND r.reviewed_at IS NULL AND {StaffScopeSql.CoversTerritory("r.village_code")}
            """))
        {
            command.Parameters.AddWithValue("village", villageCode);
            count = await command.ExecuteNonQueryAsync(ct);
        }
        if (count == 0) return GridEditOutcome.Refused(AdminStatus.NotFound, "没有待复核的改属记录。");
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "grid.reassignment_reviewed", "village",
            villageCode, $"复核村（社区）{villageCode} 的 {count} 条网格改属记录", null, new { Reviewed = count }), ct);
        await transaction.CommitAsync(ct);
        return new GridEditOutcome(AdminStatus.Ok, $"已将 {count} 条改属记录标记为已复核。", [], []);
    }

    private static bool WithinWorld(Envelope e) => e.MinX >= -180 && e.MaxX <= 180 && e.MinY >= -90 && e.MaxY <= 90;

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string text,
        CancellationToken ct, double? number = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = text });
        if (number is { } n) command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = n });
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The village's next free grid number (retired grids keep theirs: a code is never given twice).</summary>
    private static async Task<string?> NextCodeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string village, CancellationToken ct)
    {
        var next = await ScalarAsync<int>(connection, transaction,
            "SELECT coalesce(max(right(code, 3)::int), 0) + 1 FROM grid WHERE village_code = $1", village, ct);
        return next > 999 ? null : village + next.ToString("000", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task UpdateGeomAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string code, MultiPolygon geom, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("UPDATE grid SET geom = $2, placard_reprint = true WHERE code = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        command.Parameters.Add(new NpgsqlParameter<Geometry> { TypedValue = geom });
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task InsertGridAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string code, string village, string name,
        string kind, MultiPolygon geom, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO grid (code, village_code, name, kind, geom, placard_reprint) VALUES ($1, $2, $3, $4, $5, true)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = village });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        command.Parameters.Add(new NpgsqlParameter<Geometry> { TypedValue = geom });
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task RetireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string code, string successor, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE grid SET retired_at = now(), successor_code = $2, placard_reprint = true WHERE code = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = successor });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Before/after geometry summary for the audit row: per grid its name, area (m²), vertex count and bounds — no shapes,
    /// no people. Before the edit the shapes come from the history the trigger kept (or the row, for a grid not yet changed).
    /// </summary>
    private static async Task<List<object>> SummariesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<string> codes,
        bool asOfVersion, CancellationToken ct)
    {
        var sql = asOfVersion
            ? """
              SELECT g.code, g.name, s.geom IS NOT NULL, round(ST_Area(s.geom::geography)), ST_NPoints(s.geom), ST_Extent(s.geom)::text
              FROM grid g
              LEFT JOIN LATERAL (SELECT coalesce((SELECT v.geom FROM grid_version v WHERE v.grid_code = g.code AND v.valid_to = now()
                                                  ORDER BY v.id DESC LIMIT 1),
                                                 CASE WHEN g.valid_from < now() THEN g.geom END) AS geom) s ON true
              WHERE g.code = ANY($1) GROUP BY g.code, g.name, s.geom ORDER BY g.code
              """
            : """
              SELECT g.code, g.name, g.retired_at IS NULL, round(ST_Area(g.geom::geography)), ST_NPoints(g.geom), ST_Extent(g.geom)::text
              FROM grid g WHERE g.code = ANY($1) GROUP BY g.code, g.name, g.retired_at, g.geom ORDER BY g.code
              """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = codes.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<object>();
        while (await reader.ReadAsync(ct))
        {
            if (!reader.GetBoolean(2)) { rows.Add(new { Code = reader.GetString(0), Name = reader.GetString(1), Live = false }); continue; }
            rows.Add(new
            {
                Code = reader.GetString(0), Name = reader.GetString(1), AreaM2 = reader.GetDouble(3), Vertices = reader.GetInt32(4),
                Bounds = reader.IsDBNull(5) ? null : reader.GetString(5),
            });
        }
        return rows;
    }

    /// <summary>
    /// Households and 十联户 units in the changed grids (or now inside them) go to the grid that holds their position now
    /// (grid_at_point, the one rule; live grids only). Each move is kept for review; a household whose own position puts it in
    /// another grid than its unit's is noted, because a 十联户 unit is not split by a redraw on its own.
    /// </summary>
    private static async Task<List<GridMove>> ReassignAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string village,
        GridEditAction action, List<string> codes, CancellationToken ct)
    {
        const string sql = """
            WITH area AS (SELECT ST_Union(geom) AS geom FROM grid WHERE code = ANY($1) AND retired_at IS NULL),
            unit_moves AS (
                SELECT u.code, u.grid_code AS from_grid, p.grid_code AS to_grid
                FROM link_unit u CROSS JOIN area a
                CROSS JOIN LATERAL grid_at_point(ST_X(u.geom), ST_Y(u.geom)) p
                WHERE (u.grid_code = ANY($1) OR ST_Intersects(u.geom, a.geom))
                  AND p.grid_code <> u.grid_code AND left(p.grid_code, 12) = left(u.code, 12)),
            units AS (UPDATE link_unit u SET grid_code = m.to_grid FROM unit_moves m WHERE u.code = m.code
                      RETURNING u.code, m.from_grid, m.to_grid),
            household_moves AS (
                SELECT h.code, h.grid_code AS from_grid, p.grid_code AS to_grid, h.link_unit_code
                FROM household h CROSS JOIN area a
                CROSS JOIN LATERAL grid_at_point(ST_X(h.geom), ST_Y(h.geom)) p
                WHERE (h.grid_code = ANY($1) OR ST_Intersects(h.geom, a.geom))
                  AND p.grid_code <> h.grid_code AND left(p.grid_code, 12) = left(h.code, 12)),
            households AS (UPDATE household h SET grid_code = m.to_grid FROM household_moves m WHERE h.code = m.code
                           RETURNING h.code, m.from_grid, m.to_grid, m.link_unit_code),
            moved AS (
                SELECT 'link_unit' AS kind, code, from_grid, to_grid, NULL::text AS note FROM units
                UNION ALL
                SELECT 'household', h.code, h.from_grid, h.to_grid,
                       CASE WHEN coalesce((SELECT m.to_grid FROM units m WHERE m.code = h.link_unit_code),
                                          (SELECT u.grid_code FROM link_unit u WHERE u.code = h.link_unit_code)) <> h.to_grid
                            THEN '与所属十联户 ' || h.link_unit_code || ' 不在同一网格' END
                FROM households h)
            INSERT INTO grid_reassignment (village_code, action, item_kind, item_code, from_grid, to_grid, note)
            SELECT $2, $3, kind, code, from_grid, to_grid, note FROM moved
            RETURNING item_kind, item_code, from_grid, to_grid, note
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = codes.ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = village });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action.Code() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var moves = new List<GridMove>();
        while (await reader.ReadAsync(ct))
            moves.Add(new GridMove(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        return moves.OrderBy(m => m.Kind == "household").ThenBy(m => m.Code, StringComparer.Ordinal).ToList();
    }
}
