using System.Globalization;
using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Departments;
using GridGovernance.Domain.Geo;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Npgsql;

namespace GridGovernance.Web.Features.Departments;

/// <summary>
/// GET /api/staff/routing?category=E0701&amp;lng=…&amp;lat=…[&amp;crs=wgs84|gcj02] or ?caseId=…: the units that should handle a
/// 小类 at a place (or an existing case), in order, from <see cref="UnitRouting"/>. The place must lie in the caller's county;
/// a case must be one the caller may see (the one scope rule, <see cref="StaffScopeSql.SeesCase"/>), else 404.
/// </summary>
internal static class RoutingEndpoint
{
    public static async Task<IResult> GetAsync(HttpRequest request, CurrentStaff staff, NpgsqlDataSource dataSource,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (DepartmentsFeature.CountyOf(staff) is not { } county)
            return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, "当前账号未关联到县（区），无法查询派遣建议。请联系管理员重新设置管辖范围。");

        var query = request.Query;
        if (query.ContainsKey("caseId"))
        {
            var raw = query["caseId"].ToString().Trim();
            if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var caseId) || caseId <= 0)
                return Bad("caseId", $"参数 caseId（案件编号）应为正整数，实际为“{raw}”。");
            var routed = await UnitRouting.RouteCaseAsync(dataSource, caseId, staff, cancellationToken);
            if (routed.Outcome == RoutingOutcome.CaseNotFound)
            {
                loggers.CreateLogger("GridGovernance.Departments.Routing").LogInformation(
                    "Routing asked for case {CaseId} not found in scope {ScopeCode} of account {AccountId}", caseId, staff.ScopeCode, staff.Id);
                return ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, $"没有编号为 {caseId} 的案件，或该案件不在您的管辖范围内。");
            }
            return Results.Ok(ToResponse(routed));
        }

        var categoryText = query["category"].ToString().Trim();
        if (categoryText.Length == 0) return Bad("category", "缺少参数 category（问题类别小类编码，如 E0102）。");
        if (CaseCategoryCode.TryParse(categoryText) is null)
            return Bad("category", $"参数 category（问题类别）应为小类编码：E 或 C 加 4 位数字，如 E0102，实际为“{categoryText}”。");
        if (QueryCoordinates.Coordinate(query, "lng", "经度", 180) is { Error: { } lngError }) return lngError;
        if (QueryCoordinates.Coordinate(query, "lat", "纬度", 90) is { Error: { } latError }) return latError;
        var (point, _, crsError) = QueryCoordinates.ToWgs84(query, new LngLat(
            QueryCoordinates.Coordinate(query, "lng", "经度", 180).Value, QueryCoordinates.Coordinate(query, "lat", "纬度", 90).Value));
        if (crsError is not null) return crsError;

        var result = await UnitRouting.RouteAsync(dataSource, categoryText, point.Lng, point.Lat, county, cancellationToken);
        return result.Outcome switch
        {
            RoutingOutcome.UnknownCategory => Bad("category", $"没有编码为 {categoryText} 的问题类别（或该类别已停用）。"),
            RoutingOutcome.OutsideCounty => ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound,
                $"该位置（经度 {point.Lng.ToString("0.######", CultureInfo.InvariantCulture)}，纬度 {point.Lat.ToString("0.######", CultureInfo.InvariantCulture)}）不在您所在县（区）的范围内。"),
            _ => Results.Ok(ToResponse(result)),
        };
    }

    private static object ToResponse(RoutingResult result) => new
    {
        category = result.Category is { } c
            ? new { code = c.Code, kind = c.Kind.Letter().ToString(), kindName = c.Kind.Chinese(), majorName = c.MajorName, name = c.Name }
            : null,
        order = result.Category is { } k ? ResponsibilityOrder.Chinese(k.Kind) : null,
        point = new { lng = result.Lng, lat = result.Lat, crs = "wgs84" },
        countyCode = result.CountyCode,
        townshipCode = result.TownshipCode,
        units = result.Units.Select(u => new
        {
            rank = u.Rank,
            party = u.Party.DatabaseName(),
            partyName = u.Party.Chinese(),
            department = new { code = u.DepartmentCode, name = u.DepartmentName, shortName = u.DepartmentShortName, kind = u.DepartmentKind },
            unit = new { code = u.UnitCode, name = u.UnitName, phone = u.UnitPhone, hasJurisdiction = u.UnitHasJurisdiction },
            match = u.Match switch { UnitMatch.Jurisdiction => "jurisdiction", UnitMatch.CountyWide => "county", _ => "nearest" },
        }),
    };

    private static IResult Bad(string parameter, string detail) => QueryCoordinates.Bad(parameter, detail);
}
