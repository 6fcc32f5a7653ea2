using GridGovernance.Domain.Cases;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Console;

/// <summary>
/// GET /api/staff/dispatch/markers?state=…&amp;category=…&amp;source=…&amp;overdue=1&amp;area=… — the console map's cases as GeoJSON
/// points, under the same filters and scope as the list (every page of it, newest first, at most <see cref="MaxMarkers"/>).
/// </summary>
internal static class ConsoleMarkersEndpoint
{
    public const int MaxMarkers = 2000;

    public static async Task<IResult> GetAsync(HttpContext context, CurrentStaff staff, NpgsqlDataSource dataSource, TimeProvider clock,
        CancellationToken ct)
    {
        if (!staff.UsesConsole())
            return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, "调度台供乡镇调度员、县级管理员和村（社区）干部使用。");
        var filter = ConsoleFilter.Parse(context.Request.Query, staff.ScopeCode);
        if (filter.Problem is not null) return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, filter.Problem);
        var rows = await ConsoleQueries.MarkersAsync(dataSource, staff, filter, clock.GetUtcNow(), MaxMarkers, ct);
        var features = rows.Where(r => r.Lng is not null && r.Lat is not null).Select(r => new
        {
            type = "Feature",
            geometry = new { type = "Point", coordinates = new[] { r.Lng!.Value, r.Lat!.Value } },
            properties = new
            {
                id = r.Id,
                number = r.Number,
                category = r.CategoryName,
                state = r.State.Code(),
                stateName = r.State.Chinese(),
                light = r.Deadline?.LightCode,
                deadline = r.Deadline?.Text,
                place = $"{r.VillageName} · {r.GridName}",
            },
        });
        return Results.Json(new { type = "FeatureCollection", truncated = rows.Count >= MaxMarkers, features },
            contentType: "application/geo+json");
    }
}
