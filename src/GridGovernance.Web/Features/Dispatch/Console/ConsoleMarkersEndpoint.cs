using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Infrastructure;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>
/// GET /api/staff/dispatch/markers?state=…&amp;category=…&amp;source=…&amp;overdue=1&amp;area=… — the console map's cases as GeoJSON
/// points, under the same filters and scope as the list (every page of it, newest first, at most <see cref="MaxMarkers"/>).
/// <c>caseId=ID</c> narrows to that one case: the live map refetches a case after its event (empty when the filter or the scope
/// no longer admits it, so the marker goes).
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
        long? caseId = null;
        if (context.Request.Query["caseId"].ToString() is { Length: > 0 } caseText)
        {
            if (!long.TryParse(caseText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id < 1)
                return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, $"案件编号“{caseText}”应为正整数。");
            caseId = id;
        }
        var rows = await ConsoleQueries.MarkersAsync(dataSource, staff, filter, clock.GetUtcNow(), MaxMarkers, ct, caseId);
        var features = rows.Where(r => r.Lng is not null && r.Lat is not null).Select(r => (IFeature)new Feature(
            Wgs84.CreatePoint(new Coordinate(r.Lng!.Value, r.Lat!.Value)),
            new AttributesTable
            {
                { "id", r.Id },
                { "number", r.Number },
                { "category", r.CategoryName },
                { "state", r.State.Code() },
                { "stateName", r.State.Chinese() },
                { "light", r.Deadline is { } due ? due.Light.Code() : null },
                { "deadline", r.Deadline?.Text },
                { "place", $"{r.VillageName} · {r.GridName}" },
                { "urgent", r.Urgent },
            })).ToList();
        return Results.Json(new MarkerCollection("FeatureCollection", rows.Count >= MaxMarkers, features), contentType: "application/geo+json");
    }

    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    /// <summary>A FeatureCollection with one foreign member, <c>truncated</c>; each feature is written by GeoJSON4STJ's converter.</summary>
    private sealed record MarkerCollection(string Type, bool Truncated, IReadOnlyList<IFeature> Features);
}
