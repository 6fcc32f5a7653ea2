using System.Globalization;
using System.Text.Json;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Intake;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Microsoft.AspNetCore.Antiforgery;

namespace GridGovernance.Web.Features.Dispatch;

/// <summary>The JSON body of POST /api/staff/cases/{id}/actions (codes as in the domain: action "whistle", whistleKind "emergency"…).</summary>
internal sealed record CaseActionRequest(string? Action, string? RequestKey, string? Reason, string[]? Units, string? WhistleKind,
    string? ClosureType, string? Rating, bool? Resolved, double? MeetingLng = null, double? MeetingLat = null);

/// <summary>
/// The staff action API, used by the console and inbox scripts and by other clients:
/// POST /api/staff/cases/{id}/actions (JSON) and POST /api/staff/orders/{id}/actions (multipart form: action, requestKey, reason,
/// lng, lat, until (China time, yyyy-MM-ddTHH:mm), photos). Both need the antiforgery token (header RequestVerificationToken, from
/// GET /api/staff/antiforgery, or the form field). Answers {state, replayed} or Chinese problem details: 400 bad input, 403 role,
/// 404 outside the scope, 409 not allowed in the current state.
/// </summary>
internal static class DispatchActionEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapDispatchActions(this RouteGroupBuilder staff)
    {
        staff.MapGet("/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            return Results.Ok(new { headerName = tokens.HeaderName, fieldName = tokens.FormFieldName, token = tokens.RequestToken });
        });
        staff.MapPost("/cases/{caseId:long}/actions", CaseActionAsync).DisableAntiforgery();
        staff.MapPost("/orders/{orderId:long}/actions", OrderActionAsync).DisableAntiforgery();
    }

    private static async Task<IResult> CaseActionAsync(long caseId, HttpContext context, CurrentStaff staff, IAntiforgery antiforgery,
        CaseActionService service, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(context)) return Expired();
        if (!context.Request.HasJsonContentType())
            return ProblemDetailsSetup.Problem(StatusCodes.Status415UnsupportedMediaType, "请求体须为 JSON（Content-Type: application/json）。");
        CaseActionRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<CaseActionRequest>(context.Request.Body, Json, ct);
        }
        catch (JsonException)
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "请求体不是有效的 JSON，或字段类型不对。");
        }
        if (CaseActions.FromCode(body?.Action) is not { } action)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, $"未知的案件操作“{body?.Action}”。");
        WhistleKind? whistle = null;
        if (body!.WhistleKind is { } kindCode && (whistle = WhistleKinds.FromCode(kindCode)) is null)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "哨型应为 routine（日常哨）、tough（攻坚哨）或 emergency（应急哨）。");
        ClosureType? closure = null;
        if (body.ClosureType is { } closureCode && (closure = ClosureTypes.FromCode(closureCode)) is null)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "结案类型应为 normal、overdue、error 或 special。");
        Satisfaction? rating = null;
        if (body.Rating is { } ratingCode && (rating = Satisfactions.FromCode(ratingCode)) is null)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "回访评价应为 satisfied、fairly_satisfied 或 dissatisfied。");

        var outcome = await service.ApplyAsync(staff, caseId,
            new CaseCommand(action, body.RequestKey ?? "", body.Reason, body.Units, whistle, closure, rating, body.Resolved)
            {
                MeetingLongitude = body.MeetingLng, MeetingLatitude = body.MeetingLat,
            }, ct);
        LogIfOutOfScope(loggers, outcome, staff, "case", caseId);
        return outcome.ToResult($"没有编号为 {caseId} 的案件，或该案件不在您的管辖范围内。");
    }

    private static async Task<IResult> OrderActionAsync(long orderId, HttpContext context, CurrentStaff staff, IAntiforgery antiforgery,
        WorkOrderActionService service, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
            return ProblemDetailsSetup.Problem(StatusCodes.Status415UnsupportedMediaType, "请以表单（multipart/form-data）提交工单操作。");
        if (!await antiforgery.IsRequestValidAsync(context)) return Expired();
        var form = await context.Request.ReadFormAsync(ct);
        if (WorkOrderActions.FromCode(form["action"].ToString()) is not { } action)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, $"未知的工单操作“{form["action"]}”。");
        var command = ParseOrderCommand(action, form, out var problem);
        if (problem is not null) return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, problem);
        var outcome = await service.ApplyAsync(staff, orderId, command!, ct);
        LogIfOutOfScope(loggers, outcome, staff, "work order", orderId);
        return outcome.ToResult($"没有编号为 {orderId} 的工单，或该工单不属于您的单位或辖区。");
    }

    /// <summary>Reads an order action's fields from a form (shared with the inbox page's plain forms).</summary>
    internal static OrderCommand? ParseOrderCommand(WorkOrderAction action, IFormCollection form, out string? problem)
    {
        problem = null;
        var errors = new Dictionary<string, string>();
        var lng = FormReading.ParseCoordinate(FormReading.Text(form, "lng"), errors);
        var lat = FormReading.ParseCoordinate(FormReading.Text(form, "lat"), errors);
        if (errors.Count > 0) { problem = errors.Values.First(); return null; }
        DateTimeOffset? until = null;
        if (FormReading.Text(form, "until") is { } untilText)
        {
            if (!GridGovernance.Domain.Calendar.ChinaTime.TryParseInput(untilText, out var local))
            {
                problem = "延期至的时间格式应为 2026-11-30T17:30（北京时间）。";
                return null;
            }
            // A deadline is this century's (a far-off date is a mistake, not a request).
            if (local.Year is < 2000 or > 2099)
            {
                problem = "延期至的时间超出范围，请选择 2000—2099 年之间的北京时间。";
                return null;
            }
            until = local;
        }
        var photos = form.Files.GetFiles("photos").Where(f => f.Length > 0 || f.FileName.Length > 0)
            .Select(f => new IntakePhoto(f.FileName, f.Length, f.OpenReadStream)).ToList();
        return new OrderCommand(action, FormReading.Text(form, "requestKey") ?? "", FormReading.Text(form, "reason"), lng, lat, until)
        {
            Photos = photos,
        };
    }

    /// <summary>An id outside the caller's scope (or none at all) is answered 404 and logged: forged URLs leave a trace.</summary>
    internal static void LogIfOutOfScope(ILoggerFactory loggers, ActionOutcome outcome, CurrentStaff staff, string kind, long id)
    {
        if (outcome is ActionOutcome.NotFound)
            loggers.CreateLogger("GridGovernance.Accounts.Scope").LogWarning(
                "Out-of-scope {Kind} action: account {AccountId} (scope {ScopeCode}) asked for {Kind} {Id}", kind, staff.Id, staff.ScopeCode, kind, id);
    }

    private static IResult Expired() =>
        ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "页面已过期或来源无法验证，操作未执行。请刷新页面后重试。");
}
