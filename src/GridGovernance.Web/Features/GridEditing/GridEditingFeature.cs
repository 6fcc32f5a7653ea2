using System.Text.Json;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Microsoft.AspNetCore.Antiforgery;
using NetTopologySuite.Geometries;

namespace GridGovernance.Web.Features.GridEditing;

/// <summary>The JSON body of POST /api/admin/grids/edits: action split | merge | move_border | create | retire, the grids, a GeoJSON geometry.</summary>
internal sealed record GridEditBody(string? Action, string? Grid, string? Other, string? Village, JsonElement? Geometry, string? Name);

/// <summary>
/// Grid editing on the map (issue 12, point 5): the page /admin/grids (interactive, Features/GridEditing/GridsPage.razor) and
/// the same operations as an API for other clients — GET /api/admin/grids?village= (the village's live grids as GeoJSON) and
/// POST /api/admin/grids/edits (JSON; antiforgery header as for the staff actions). County administrators, and township
/// dispatchers for their township; refusals are Chinese problem details (400 bad shape or a database check, 403 role,
/// 404 outside the territory), nothing written.
/// </summary>
internal static class GridEditingFeature
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static JsonSerializerOptions GeoJson => GeoJsonOptions.Web;

    public static IServiceCollection AddGridEditing(this IServiceCollection services) => services.AddSingleton<GridEditService>();

    public static IEndpointRouteBuilder MapGridEditing(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/grids").RequireAuthorization(AuthSetup.AccountAdminPolicy);
        admin.MapGet("", ListAsync).WithName("AdminGridsGeoJson");
        admin.MapPost("/edits", EditAsync).WithName("AdminGridEdit").DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ListAsync(string? village, CurrentStaff staff, GridEditService service, CancellationToken ct)
    {
        if (!GridEditService.MayEdit(staff)) return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, GridEditService.NotAllowed);
        if (string.IsNullOrEmpty(village) || GridGovernance.Domain.Territory.TerritoryCode.Problem(village, GridGovernance.Domain.Territory.TerritoryLevel.Village) is { })
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "参数 village 应为 12 位村（社区）编码。");
        return await service.GridsGeoJsonAsync(staff, village, ct) is { } geoJson
            ? Results.Text(geoJson, "application/geo+json; charset=utf-8")
            : ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, $"没有编码为 {village} 的村（社区），或它不在您的管辖范围内。");
    }

    private static async Task<IResult> EditAsync(HttpContext context, CurrentStaff staff, IAntiforgery antiforgery, GridEditService service,
        CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "页面已过期（防伪令牌无效），请刷新后重试。");
        if (!GridEditService.MayEdit(staff)) return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, GridEditService.NotAllowed);
        if (!context.Request.HasJsonContentType())
            return ProblemDetailsSetup.Problem(StatusCodes.Status415UnsupportedMediaType, "请求体须为 JSON（Content-Type: application/json）。");
        GridEditBody? body;
        Geometry? geometry = null;
        try
        {
            body = await JsonSerializer.DeserializeAsync<GridEditBody>(context.Request.Body, Json, ct);
            if (body?.Geometry is { ValueKind: JsonValueKind.Object } element)
            {
                if (element.GetRawText().Length > Components.Leaflet.DrawnShape.MaxGeoJsonChars)
                    return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "图形过于复杂，请减少顶点后重画。");
                geometry = element.Deserialize<Geometry>(GeoJson);
                if (geometry is not null) geometry.SRID = 4326;
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "请求体不是有效的 JSON，或 geometry 不是 GeoJSON 几何。");
        }
        if (GridEditActions.FromCode(body?.Action) is not { } action)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "action 应为 split、merge、move_border、create 或 retire。");
        var outcome = await service.EditAsync(staff, new GridEditRequest(action, body!.Grid, body.Other, body.Village, geometry, body.Name), ct);
        if (!outcome.Ok) return ProblemDetailsSetup.Problem(outcome.StatusCode, outcome.Message);
        return Results.Ok(new
        {
            message = outcome.Message,
            grids = outcome.Grids,
            moves = outcome.Moves.Select(m => new { kind = m.Kind, code = m.Code, from = m.FromGrid, to = m.ToGrid, note = m.Note }),
        });
    }
}
