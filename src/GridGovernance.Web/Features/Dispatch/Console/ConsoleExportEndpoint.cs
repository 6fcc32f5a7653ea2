using System.Globalization;
using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>
/// GET /dispatch/export.csv and /dispatch/export.xlsx: the console's list under the same filter (and order) as the page, every page of it up to
/// <see cref="ConsoleQueries.ExportLimit"/> rows, as a spreadsheet file. No phone numbers or descriptions: the file leaves the
/// system, and the list does not show them either.
/// </summary>
internal static class ConsoleExportEndpoint
{
    public static readonly string[] Headers = ["案件编号", "问题类别", "状态", "村（社区）", "网格", "上报时间", "时限状态", "剩余/超时", "督办次数", "应急"];

    /// <summary>The handler for one format: the route's extension is fixed, so each format is its own endpoint.</summary>
    public static Delegate For(SpreadsheetFormat format) =>
        (HttpContext http, CurrentStaff staff, NpgsqlDataSource dataSource, CaseSecrets secrets, TimeProvider clock, CancellationToken ct) =>
            GetAsync(http, staff, dataSource, secrets, clock, format, ct);

    private static async Task<IResult> GetAsync(HttpContext http, CurrentStaff staff, NpgsqlDataSource dataSource, CaseSecrets secrets,
        TimeProvider clock, SpreadsheetFormat format, CancellationToken ct)
    {
        if (!staff.UsesConsole()) return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, "只有调度台的使用者可以导出案件列表。");
        var filter = ConsoleFilter.Parse(http.Request.Query, staff.ScopeCode);
        if (filter.Problem is { } problem) return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, problem);
        var now = clock.GetUtcNow();
        var rows = await ConsoleQueries.ExportAsync(dataSource, staff, filter, now, secrets, ct);
        return SpreadsheetFile.Result(format, $"案件列表-{staff.ScopeCode}-{ChinaTime.Sortable(now)[..10]}", Headers, rows.Select(r => new[]
        {
            r.Number, r.CategoryName, r.State.Chinese(), r.VillageName, r.GridName, ChinaTime.Sortable(r.CreatedAt),
            r.Deadline?.Light.Chinese() ?? "", r.Deadline?.Text ?? "", r.Supervisions.ToString(CultureInfo.InvariantCulture), r.Urgent ? "是" : "",
        }));
    }
}
