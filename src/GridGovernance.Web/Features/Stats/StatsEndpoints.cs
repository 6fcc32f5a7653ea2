using GridGovernance.Domain.Evaluation;
using GridGovernance.Web.Features.Departments;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Npgsql;

namespace GridGovernance.Web.Features.Stats;

/// <summary>
/// The evaluation's staff API: a live ranking (JSON or CSV), the cases behind a number, and the published county ranking.
/// Live figures are the caller's own areas (<see cref="StaffScopeSql.CoversTerritory"/>); published ones are the county's.
/// </summary>
internal static class StatsEndpoints
{
    /// <summary>The query of a ranking: month (default this month), area (default the caller's territory), level (default the area's children).</summary>
    internal sealed record RankingQuery(string County, EvaluationMonth Month, string Area, StatsLevel Level);

    internal static (RankingQuery? Query, IResult? Problem) Parse(HttpRequest request, CurrentStaff staff, StatsService stats,
        bool needsLevel = true)
    {
        if (DepartmentsFeature.CountyOf(staff) is not { } county)
            return (null, ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, "当前账号未关联到县（区），无法查看考核统计。"));
        var monthText = request.Query["month"].ToString().Trim();
        var month = monthText.Length == 0 ? stats.CurrentMonth : EvaluationMonth.TryParse(monthText);
        if (month is null)
            return (null, Bad($"参数 month（月份）应为“年-月”，如 2026-11，实际为“{monthText}”。"));
        var area = request.Query["area"].ToString().Trim();
        if (area.Length == 0) area = staff.ScopeCode;
        if (!area.All(char.IsAsciiDigit) || !area.StartsWith(county, StringComparison.Ordinal))
            return (null, Bad($"参数 area（区域）应为本县的区划编码，实际为“{area}”。"));
        var levelText = request.Query["level"].ToString().Trim();
        StatsLevel? level = levelText.Length == 0 ? StatsLevels.ChildrenOf(area) : StatsLevels.FromCode(levelText);
        if (level is null && !needsLevel) level = StatsLevel.Grid;
        if (level is null)
            return (null, Bad(levelText.Length == 0
                ? "网格及以下不再分级排名；请指定上一级区域，或用 level=unit 查看部门单位。"
                : $"参数 level 应为 township、village、grid 或 unit，实际为“{levelText}”。"));
        return (new RankingQuery(county, month.Value, area, level.Value), null);
    }

    private static IResult Bad(string detail) => ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, detail);

    private static IResult NotYours(string area) =>
        ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, $"区域 {area} 不在您的管辖范围内，或没有可统计的下级。");

    public static async Task<IResult> RankingAsync(HttpRequest request, CurrentStaff staff, StatsService stats, CancellationToken ct)
    {
        var (query, problem) = Parse(request, staff, stats);
        if (problem is not null) return problem;
        var table = await stats.LiveAsync(staff, query!.County, query.Level, query.Area, query.Month, ct);
        return table is null ? NotYours(query.Area) : Results.Ok(ToJson(table));
    }

    /// <summary>The ranking as a file, one endpoint per format (ranking.csv, ranking.xlsx).</summary>
    public static Delegate RankingFile(SpreadsheetFormat format) =>
        (HttpRequest request, CurrentStaff staff, StatsService stats, CancellationToken ct) => RankingFileAsync(request, staff, stats, format, ct);

    private static async Task<IResult> RankingFileAsync(HttpRequest request, CurrentStaff staff, StatsService stats, SpreadsheetFormat format,
        CancellationToken ct)
    {
        var (query, problem) = Parse(request, staff, stats);
        if (problem is not null) return problem;
        var table = await stats.LiveAsync(staff, query!.County, query.Level, query.Area, query.Month, ct);
        if (table is null) return NotYours(query.Area);
        return SpreadsheetFile.Result(format, $"考核排名-{query.Level.Chinese()}-{query.Area}-{query.Month.Key}", StatsSheet.Headers, StatsSheet.Rows(table));
    }

    /// <summary>The tables below the ranking on /stats, each offered as a file.</summary>
    internal enum PageTable
    {
        VolumeBySource,
        VolumeByCategory,
        Posts,
    }

    /// <summary>
    /// A table of /stats below the ranking as a file (volume-by-source, volume-by-category, posts; .csv or .xlsx): the same
    /// query as the page for ?month=&amp;area= (default this month and the caller's territory). Scoped like the page: the area
    /// must be the caller's and one the page shows these tables for (the county, a township or a village).
    /// </summary>
    public static Delegate PageTableFile(PageTable table, SpreadsheetFormat format) =>
        (HttpRequest request, CurrentStaff staff, StatsService stats, NpgsqlDataSource dataSource, CancellationToken ct) =>
            PageTableFileAsync(request, staff, stats, dataSource, table, format, ct);

    private static async Task<IResult> PageTableFileAsync(HttpRequest request, CurrentStaff staff, StatsService stats,
        NpgsqlDataSource dataSource, PageTable table, SpreadsheetFormat format, CancellationToken ct)
    {
        var (query, problem) = Parse(request, staff, stats, needsLevel: false);
        if (problem is not null) return problem;
        if (StatsLevels.ChildrenOf(query!.Area) is null)
            return Bad($"统计表按全县、乡镇（街道）或村（社区）导出，与考核统计页相同；区域 {query.Area} 请改为其所在的村（社区）。");
        var suffix = $"{query.Area}-{query.Month.Key}";
        if (table == PageTable.Posts)
        {
            var posts = await StatsCharts.PostsAsync(dataSource, staff, query.County, query.Area, query.Month, ct);
            return posts is null ? NotYours(query.Area)
                : SpreadsheetFile.Result(format, $"岗位评价-{suffix}", StatsSheet.PostHeaders, StatsSheet.PostRows(posts));
        }
        var volume = await StatsCharts.VolumeAsync(dataSource, staff, query.County, query.Area, query.Month, ct);
        if (volume is null) return NotYours(query.Area);
        var (kind, rows, title) = table == PageTable.VolumeBySource
            ? (VolumeTable.BySource, volume.BySource, "上报量按来源")
            : (VolumeTable.ByCategory, volume.ByCategory, "上报量按类别");
        return SpreadsheetFile.Result(format, $"{title}-{suffix}", StatsSheet.VolumeHeaders(kind), StatsSheet.VolumeRows(rows, volume.Total));
    }

    /// <summary>GET /api/staff/stats/published?month=&amp;level=township|unit: the county's published ranking (every staff member of it).</summary>
    public static async Task<IResult> PublishedAsync(HttpRequest request, CurrentStaff staff, StatsService stats, CancellationToken ct)
    {
        if (DepartmentsFeature.CountyOf(staff) is not { } county)
            return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, "当前账号未关联到县（区），无法查看考核结果。");
        var levelText = request.Query["level"].ToString().Trim();
        var level = levelText.Length == 0 ? StatsLevel.Township : StatsLevels.FromCode(levelText);
        if (level is not (StatsLevel.Township or StatsLevel.Unit))
            return Bad($"参数 level 应为 township 或 unit（全县公布的排名），实际为“{levelText}”。");
        var months = await stats.PublishedMonthsAsync(county, ct);
        var monthText = request.Query["month"].ToString().Trim();
        EvaluationMonth? month = monthText.Length == 0 ? months.Select(m => (EvaluationMonth?)m.Month).FirstOrDefault()
            : EvaluationMonth.TryParse(monthText) ?? (EvaluationMonth?)null;
        if (monthText.Length > 0 && month is null) return Bad($"参数 month（月份）应为“年-月”，如 2026-11，实际为“{monthText}”。");
        var table = month is { } m ? await stats.SnapshotAsync(county, level.Value, county, m, publishedOnly: true, ct) : null;
        return Results.Ok(new
        {
            months = months.Select(x => x.Month.Key),
            published = table is not null,
            table = table is null ? null : ToJson(table),
        });
    }

    /// <summary>GET /api/staff/stats/cases?area=&amp;month=&amp;indicator=: the cases behind a number, as the caller may see them.</summary>
    public static async Task<IResult> CasesAsync(HttpRequest request, CurrentStaff staff, StatsService stats, NpgsqlDataSource dataSource,
        CancellationToken ct)
    {
        var (query, problem) = Parse(request, staff, stats, needsLevel: false);
        if (problem is not null) return problem;
        var indicatorText = request.Query["indicator"].ToString().Trim();
        var indicator = indicatorText.Length == 0 ? Indicators.DueToClose : Indicators.ByKey(indicatorText);
        if (indicator is null) return Bad($"参数 indicator 不是已知的考核指标：“{indicatorText}”。");
        var cases = await StatsCases.ListAsync(dataSource, staff, query!.County, query.Area, query.Month, indicator, ct);
        return cases is null ? NotYours(query.Area) : Results.Ok(cases);
    }

    public static object ToJson(StatsTable table) => new
    {
        month = table.Month.Key,
        level = table.Level.Code(),
        area = table.Area,
        frozen = table.Frozen,
        publishedAt = table.PublishedAt,
        weights = table.Weights,
        rule = table.Rule.Text,
        rows = table.Rows.Select(r => new
        {
            code = r.Code,
            name = r.Name,
            score = r.Ranked.Score,
            grade = r.Ranked.Grade?.ToString(),
            rank = r.Ranked.Rank,
            previousRank = r.Ranked.PreviousRank,
            change = r.Ranked.ChangeText,
            board = StatsService.BoardCode(r.Ranked.Board),
            criticised = r.Criticised,
            values = Indicators.All.ToDictionary(i => i.Key, i => r.Value(i)),
        }),
    };
}
