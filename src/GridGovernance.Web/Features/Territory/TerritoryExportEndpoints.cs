using GridGovernance.Data.Export;
using GridGovernance.Domain.Calendar;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using Npgsql;

namespace GridGovernance.Web.Features.Territory;

/// <summary>
/// GET /api/admin/territory/export.zip (all seven files; with ?history=true also the grids' history, 含历史) and
/// /api/admin/territory/export/{file} (one of them, or grid-history.geojson / grid-history.csv) for the county administrator's
/// own county. The files carry personal data, so each download is on the audit trail before it starts.
/// </summary>
internal static class TerritoryExportEndpoints
{
    public static async Task<IResult> ZipAsync(string? history, CurrentStaff staff, NpgsqlDataSource dataSource, TimeProvider clock,
        CancellationToken ct)
    {
        bool withHistory;
        if (string.IsNullOrEmpty(history)) withHistory = false;
        else if (!bool.TryParse(history, out withHistory))
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "参数 history 应为 true 或 false。");
        await RecordAsync(dataSource, staff, withHistory ? "全部区划与住户文件（zip，含网格历史）" : "全部区划与住户文件（zip）", ct);
        var name = $"区划数据-{staff.ScopeCode}-{ChinaTime.Date(clock.GetUtcNow()).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}"
            + (withHistory ? "-含历史.zip" : ".zip");
        return Results.Stream(body => TerritoryExporter.WriteZipAsync(dataSource, staff.ScopeCode, body, withHistory, ct), "application/zip", name);
    }

    public static async Task<IResult> FileAsync(string file, CurrentStaff staff, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var files = TerritoryExporter.FileNames.Concat(TerritoryExporter.HistoryFileNames).ToList();
        if (!files.Contains(file, StringComparer.Ordinal))
            return ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound,
                $"没有名为“{file}”的导出文件；可导出：{string.Join("、", files)}。");
        await RecordAsync(dataSource, staff, file, ct);
        var type = file.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv; charset=utf-8" : "application/geo+json";
        return Results.Stream(body => TerritoryExporter.WriteFileAsync(dataSource, staff.ScopeCode, file, body, ct), type, file);
    }

    private static async Task RecordAsync(NpgsqlDataSource dataSource, CurrentStaff staff, string what, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await AuditTrail.RecordAsync(connection, null, new AuditEntry(
            staff.Id, staff.DisplayName, "territory.export", "county", staff.ScopeCode, $"导出{what}"), ct);
    }
}
