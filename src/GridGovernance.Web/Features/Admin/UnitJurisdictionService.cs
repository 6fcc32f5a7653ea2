using System.Globalization;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Departments;
using GridGovernance.Web.Features.Departments;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using GridGovernance.Web.Plumbing;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGovernance.Web.Features.Admin;

/// <summary>A unit's jurisdiction as the map shows it: the outline (a FeatureCollection) and its size; null outline: 全县.</summary>
internal sealed record UnitArea(string Code, string Name, string? TownshipName, string? GeoJson, double? AreaKm2)
{
    /// <summary>Township units take their township's polygon (department_units_sync) and cannot be redrawn on their own.</summary>
    public bool FollowsTownship => TownshipName is not null;
}

/// <summary>The county's outline for the maps (simplified for display) and its box (west, south, east, north).</summary>
internal sealed record CountyOutline(string Code, string Name, string GeoJson, double[] Bounds);

/// <summary>One line of the routing preview: a unit that would get the case, in routing order.</summary>
internal sealed record PreviewUnit(int Rank, string PartyName, string DepartmentName, string UnitCode, string UnitName, string? Phone,
    UnitMatch Match)
{
    public string MatchName => Match switch
    {
        UnitMatch.Jurisdiction => "辖区内",
        UnitMatch.CountyWide => "全县",
        _ => "最近辖区",
    };

    public string MatchCode => Match switch
    {
        UnitMatch.Jurisdiction => "jurisdiction",
        UnitMatch.CountyWide => "county",
        _ => "nearest",
    };
}

/// <summary>The preview's answer: the units in order, or why there are none (Chinese).</summary>
internal sealed record RoutingPreview(IReadOnlyList<PreviewUnit> Units, string? Problem, string? Order)
{
    public static RoutingPreview Refused(string problem) => new([], problem, null);
}

/// <summary>
/// Unit jurisdictions on the map (issue 12, /admin/departments): a unit's 管辖区域 drawn (Leaflet-Geoman through the Blazor
/// Leaflet components) or imported from a GeoJSON file, checked in .NET (<see cref="JurisdictionShapes"/>: polygonal, valid,
/// inside the county — what lies outside is cut off) and by the database (territory_geom_ok; migration 0026: inside the
/// county), saved through Npgsql.NetTopologySuite, or cleared back to 全县 — one transaction each with its audit row
/// (unit.jurisdiction: before/after area, vertices and box, never the coordinates). And the 派单预览: who would get a case of
/// a 小类 at a point, from <see cref="UnitRouting"/> — the one author of routing. County administrators, their county only.
/// </summary>
internal sealed class UnitJurisdictionService(NpgsqlDataSource dataSource, ILogger<UnitJurisdictionService> logger)
{
    /// <summary>≈ 50 m at 凌云's latitude: enough for a county's outline on a map of the whole county.</summary>
    private const double DisplayTolerance = 0.0005;

    private static string? CountyOf(CurrentStaff actor) => actor.Role == StaffRole.CountyAdmin ? DepartmentsFeature.CountyOf(actor) : null;

    public async Task<CountyOutline?> CountyOutlineAsync(CurrentStaff actor, CancellationToken cancellationToken)
    {
        if (CountyOf(actor) is not { } county) return null;
        await using var command = dataSource.CreateCommand($"""
            WITH c AS (SELECT code, name, geom FROM county WHERE code = $1)
            SELECT c.code, c.name,
                   ({GeoJsonSql.FeatureCollection("SELECT ST_SimplifyPreserveTopology(geom, " + DisplayTolerance.ToString(CultureInfo.InvariantCulture) + ") AS geom, json_build_object('code', code) AS properties, code AS ord FROM county WHERE code = $1")}),
                   ST_XMin(c.geom), ST_YMin(c.geom), ST_XMax(c.geom), ST_YMax(c.geom)
            FROM c
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new CountyOutline(reader.GetString(0), reader.GetString(1), reader.GetString(2),
            [reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6)]);
    }

    /// <summary>A unit of the caller's county with its jurisdiction's outline; null when it is not one.</summary>
    public async Task<UnitArea?> AreaAsync(CurrentStaff actor, string? code, CancellationToken cancellationToken)
    {
        if (CountyOf(actor) is null || string.IsNullOrEmpty(code)) return null;
        await using var command = StaffScopeSql.Command(dataSource, actor, $"""
            SELECT u.code, u.name, t.name,
                   CASE WHEN u.jurisdiction IS NOT NULL THEN ({GeoJsonSql.FeatureCollection(
                       "SELECT x.jurisdiction AS geom, json_build_object('code', x.code, 'name', x.name) AS properties, x.code AS ord FROM department_unit x WHERE x.code = @code")}) END,
                   ST_Area(u.jurisdiction::geography) / 1e6
            FROM department_unit u LEFT JOIN township t ON t.code = u.township_code
            WHERE u.code = @code AND {StaffScopeSql.CoversTerritory("u.code")}
            """);
        command.Parameters.AddWithValue("code", code);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new UnitArea(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetDouble(4));
    }

    /// <summary>Reads an uploaded GeoJSON file (at most <see cref="JurisdictionShapes.MaxFileBytes"/>) into a shape to check and save.</summary>
    public static async Task<(Geometry? Shape, string? Problem)> ReadFileAsync(Stream stream, long size, CancellationToken cancellationToken)
    {
        if (size > JurisdictionShapes.MaxFileBytes) return (null, $"文件太大（上限 {JurisdictionShapes.MaxFileBytes / 1024 / 1024} MB）。");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return JurisdictionShapes.ReadGeoJson(text);
    }

    /// <summary>
    /// Sets the unit's jurisdiction to <paramref name="shape"/> (drawn or imported: <paramref name="source"/> says which, for
    /// the audit), or clears it back to 全县 when <paramref name="shape"/> is null and <paramref name="clear"/> is set.
    /// </summary>
    public async Task<AdminOutcome> SetAsync(CurrentStaff staff, string code, Geometry? shape, string source, CancellationToken cancellationToken,
        bool clear = false)
    {
        if (CountyOf(staff) is null) return AdminOutcome.Forbidden(UnitAdminService.NotCountyAdmin);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await AdminActor.CurrentAsync(connection, transaction, staff, cancellationToken) is not { } actor) return AdminOutcome.SignedOut;

        string name, county;
        string? township;
        object? before;
        await using (var command = StaffScopeSql.Command(connection, transaction, actor, $"""
            SELECT u.name, u.county_code, t.name, {SummarySql("u.jurisdiction")}
            FROM department_unit u LEFT JOIN township t ON t.code = u.township_code
            WHERE u.code = @code AND {StaffScopeSql.CoversTerritory("u.code")}
            FOR UPDATE OF u
            """))
        {
            command.Parameters.AddWithValue("code", code);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return AdminOutcome.NotFound("该单位不存在或不在本县。");
            (name, county, township) = (reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
            before = ReadSummary(reader, 3);
        }
        if (township is not null)
            return AdminOutcome.Invalid("area", $"{name}的管辖区域随{township}的边界，不能单独修改（重画乡镇边界时随之改变）。");

        MultiPolygon? stored = null;
        var trimmedNote = "";
        if (!clear)
        {
            Geometry countyGeom;
            await using (var command = new NpgsqlCommand("SELECT geom FROM county WHERE code = $1", connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
                countyGeom = (Geometry)(await command.ExecuteScalarAsync(cancellationToken))!;
            }
            var checkedShape = JurisdictionShapes.Check(shape, countyGeom);
            if (checkedShape.Problem is { } problem) return AdminOutcome.Invalid("area", problem);
            stored = checkedShape.Shape!;
            if (checkedShape.TrimmedShare >= 0.0005)
                trimmedNote = $"（超出县界的部分约 {(checkedShape.TrimmedShare * 100).ToString("0.#", CultureInfo.InvariantCulture)}% 已去掉）";
        }
        else if (before is null)
        {
            return AdminOutcome.Invalid("area", $"{name}的管辖区域已是全县。");
        }

        object? after;
        try
        {
            await using var command = new NpgsqlCommand($"""
                UPDATE department_unit SET jurisdiction = $2 WHERE code = $1
                RETURNING {SummarySql("jurisdiction")}
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
            command.Parameters.Add(new NpgsqlParameter<Geometry?> { TypedValue = stored });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            after = ReadSummary(reader, 0);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
        {
            logger.LogInformation("Jurisdiction of unit {UnitCode} refused by the database: {Constraint}", code, e.ConstraintName);
            return AdminOutcome.Invalid("area", e.ConstraintName == "department_unit_jurisdiction_in_county"
                ? "管辖区域超出了本县的范围。"
                : "管辖区域图形无效（数据库检查未通过），请重画或检查文件。");
        }

        var summary = clear
            ? $"{name}的管辖区域恢复为全县"
            : $"{name}的管辖区域改为{(source == "import" ? "导入的" : "所画的")}范围 {Km2(after)} km²{trimmedNote}";
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(actor.Id, actor.DisplayName, "unit.jurisdiction", "department_unit", code,
            summary, new { Jurisdiction = before ?? "全县" }, new { Jurisdiction = after ?? "全县", Source = clear ? "clear" : source }),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Jurisdiction of unit {UnitCode} {Change} by {ActorId}", code, clear ? "cleared" : "set", actor.Id);
        return AdminOutcome.Done($"已保存：{summary}。");
    }

    /// <summary>Clears the unit's jurisdiction: it answers for the whole county again.</summary>
    public Task<AdminOutcome> ClearAsync(CurrentStaff staff, string code, CancellationToken cancellationToken) =>
        SetAsync(staff, code, null, "clear", cancellationToken, clear: true);

    // Area (m², on the sphere), vertex count and box of a jurisdiction: what the audit keeps instead of coordinates.
    private static string SummarySql(string column) =>
        $"round(ST_Area({column}::geography)), ST_NPoints({column}), ST_XMin({column}), ST_YMin({column}), ST_XMax({column}), ST_YMax({column})";

    private static object? ReadSummary(NpgsqlDataReader reader, int first)
    {
        if (reader.IsDBNull(first)) return null;
        double R(int i) => Math.Round(reader.GetDouble(first + i), 6);
        return new AreaSummary(reader.GetDouble(first), reader.GetInt32(first + 1), [R(2), R(3), R(4), R(5)]);
    }

    private sealed record AreaSummary(double AreaM2, int Vertices, double[] Bounds);

    private static string Km2(object? summary) =>
        summary is AreaSummary s ? (s.AreaM2 / 1e6).ToString("0.###", CultureInfo.InvariantCulture) : "0";

    /// <summary>
    /// 派单预览: the units that would get a case of <paramref name="category"/> at the point, in routing order, with party,
    /// how each was matched and its office phone — <see cref="UnitRouting"/>'s answer, unchanged.
    /// </summary>
    public async Task<RoutingPreview> PreviewAsync(CurrentStaff actor, string? category, double lng, double lat, CancellationToken cancellationToken)
    {
        if (CountyOf(actor) is not { } county) return RoutingPreview.Refused(UnitAdminService.NotCountyAdmin);
        if (string.IsNullOrWhiteSpace(category)) return RoutingPreview.Refused("请先选择小类。");
        if (double.IsNaN(lng) || double.IsNaN(lat) || lng is < -180 or > 180 || lat is < -90 or > 90)
            return RoutingPreview.Refused("位置不是有效的经纬度。");
        var result = await UnitRouting.RouteAsync(dataSource, category.Trim(), lng, lat, county, cancellationToken);
        return result.Outcome switch
        {
            RoutingOutcome.UnknownCategory => RoutingPreview.Refused($"没有编码为 {category} 的小类（或该小类已停用）。"),
            RoutingOutcome.OutsideCounty => RoutingPreview.Refused("该位置不在本县范围内，请在县界内选点。"),
            _ when result.Units.Count == 0 => new RoutingPreview([], "该小类在本县没有可派遣的单位（请检查派遣规则和单位是否停用）。", null),
            _ => new RoutingPreview(result.Units.Select(u => new PreviewUnit(u.Rank, u.Party.Chinese(), u.DepartmentName, u.UnitCode, u.UnitName,
                u.UnitPhone, u.Match)).ToList(), null, result.Category is { } c ? ResponsibilityOrder.Chinese(c.Kind) : null),
        };
    }
}
