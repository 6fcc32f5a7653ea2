using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Dispatch;
using GridGovernance.Web.Features.Field;
using GridGovernance.Web.Features.Intake;
using GridGovernance.Web.Features.Map;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>
/// GET /dispatch (list, map, ?case=ID opens the drawer), POST /dispatch/cases/{id}/act (a case action through
/// <see cref="CaseActionService"/>) and POST /dispatch/cases/{id}/orders/{orderId}/act (批准/驳回延期 through
/// <see cref="WorkOrderActionService"/>). A successful POST answers 303 back to the drawer with the filters kept; a refused one
/// re-renders the page with the domain's Chinese message and 400/403/404/409.
/// </summary>
internal static class ConsolePageEndpoints
{
    public static void MapConsolePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("", ShowAsync);
        pages.MapPost("/cases/{caseId:long}/act", CaseActAsync).DisableAntiforgery();
        pages.MapPost("/cases/{caseId:long}/orders/{orderId:long}/act", OrderActAsync).DisableAntiforgery();
        pages.MapPost("/notices/read", AllNoticesReadAsync).DisableAntiforgery();
    }

    private const string Expired = "页面已过期或来源无法验证，操作未执行。请刷新页面后重试。";

    /// <summary>The services and request facts every console answer needs.</summary>
    internal sealed record ConsoleContext(HttpContext Http, CurrentStaff Staff, NpgsqlDataSource DataSource, CaseSecrets Secrets,
        IAntiforgery Antiforgery, TimeProvider Clock, ILoggerFactory Loggers);

    private static Task<IResult> ShowAsync(HttpContext http, CurrentStaff staff, NpgsqlDataSource dataSource, CaseSecrets secrets,
        IAntiforgery antiforgery, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        var context = new ConsoleContext(http, staff, dataSource, secrets, antiforgery, clock, loggers);
        var filter = ConsoleFilter.Parse(http.Request.Query, staff.ScopeCode);
        long? caseId = long.TryParse(http.Request.Query["case"].ToString(), out var id) && id > 0 ? id : null;
        var notice = Notice(http.Request.Query["done"].ToString());
        return PageAsync(context, filter, caseId, filter.Problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest,
            notice, filter.Problem, ct);
    }

    private static async Task<IResult> CaseActAsync(long caseId, HttpContext http, CurrentStaff staff, NpgsqlDataSource dataSource,
        CaseSecrets secrets, IAntiforgery antiforgery, TimeProvider clock, ILoggerFactory loggers,
        CaseActionService service, CancellationToken ct)
    {
        var context = new ConsoleContext(http, staff, dataSource, secrets, antiforgery, clock, loggers);
        var filter = ConsoleFilter.Parse(http.Request.Query, staff.ScopeCode);
        if (!staff.UsesConsole()) return NotForRole(context);
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return await PageAsync(context, filter, caseId, StatusCodes.Status400BadRequest, null, Expired, ct);
        var form = await http.Request.ReadFormAsync(ct);
        var (command, problem) = ParseCaseCommand(form);
        if (problem is not null) return await PageAsync(context, filter, caseId, StatusCodes.Status400BadRequest, null, problem, ct);
        var outcome = await service.ApplyAsync(staff, caseId, command!, ct);
        return await AnswerAsync(context, filter, caseId, outcome, command!.Action.Code(), ct);
    }

    private static async Task<IResult> OrderActAsync(long caseId, long orderId, HttpContext http, CurrentStaff staff,
        NpgsqlDataSource dataSource, CaseSecrets secrets, IAntiforgery antiforgery, TimeProvider clock,
        ILoggerFactory loggers, WorkOrderActionService service, CancellationToken ct)
    {
        var context = new ConsoleContext(http, staff, dataSource, secrets, antiforgery, clock, loggers);
        var filter = ConsoleFilter.Parse(http.Request.Query, staff.ScopeCode);
        if (!staff.UsesConsole()) return NotForRole(context);
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return await PageAsync(context, filter, caseId, StatusCodes.Status400BadRequest, null, Expired, ct);
        var form = await http.Request.ReadFormAsync(ct);
        if (WorkOrderActions.FromCode(form["action"].ToString()) is not { } action)
            return await PageAsync(context, filter, caseId, StatusCodes.Status400BadRequest, null, $"未知的工单操作“{form["action"]}”。", ct);
        var command = DispatchActionEndpoints.ParseOrderCommand(action, form, out var problem);
        if (problem is not null) return await PageAsync(context, filter, caseId, StatusCodes.Status400BadRequest, null, problem, ct);
        var outcome = await service.ApplyAsync(staff, orderId, command!, ct);
        return await AnswerAsync(context, filter, caseId, outcome, "order_" + action.Code(), ct);
    }

    /// <summary>
    /// 全部已读 on the server-rendered console: every unread notice of the caller's territory, also those beyond the 20 shown,
    /// through the one the interactive console calls (<see cref="ConsoleNotices.MarkReadAsync"/>); then 303 back to the page
    /// with its filter and drawer kept.
    /// </summary>
    private static async Task<IResult> AllNoticesReadAsync(HttpContext http, CurrentStaff staff, NpgsqlDataSource dataSource,
        CaseSecrets secrets, IAntiforgery antiforgery, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        var context = new ConsoleContext(http, staff, dataSource, secrets, antiforgery, clock, loggers);
        var filter = ConsoleFilter.Parse(http.Request.Query, staff.ScopeCode);
        long? caseId = long.TryParse(http.Request.Query["case"].ToString(), out var id) && id > 0 ? id : null;
        if (!staff.UsesConsole()) return NotForRole(context);
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
            return await PageAsync(context, filter, caseId, StatusCodes.Status400BadRequest, null, Expired, ct);
        await ConsoleNotices.MarkReadAsync(dataSource, staff, null, ct);
        return FieldPages.SeeOther(filter.Link(caseId, notice: NoticesRead));
    }

    private const string NoticesRead = "notices_read";

    internal static async Task<IResult> AnswerAsync(ConsoleContext context, ConsoleFilter filter, long caseId, ActionOutcome outcome,
        string doneCode, CancellationToken ct) => outcome switch
    {
        ActionOutcome.Done => FieldPages.SeeOther(filter.Link(caseId, notice: doneCode)),
        { Problem: { } problem } refused => await PageAsync(context, filter, caseId, refused.Status, null, problem, ct),
        _ => await PageAsync(context, filter, caseId, StatusCodes.Status404NotFound, null, null, ct),
    };

    /// <summary>Reads a case action form: action, requestKey, reason, units (repeated), whistleKind, closureType, rating, resolved.</summary>
    internal static (CaseCommand? Command, string? Problem) ParseCaseCommand(IFormCollection form)
    {
        if (CaseActions.FromCode(form["action"].ToString()) is not { } action) return (null, $"未知的案件操作“{form["action"]}”。");
        WhistleKind? whistle = null;
        if (FormReading.Text(form, "whistleKind") is { } kind && (whistle = WhistleKinds.FromCode(kind)) is null)
            return (null, "哨型应为日常哨、攻坚哨或应急哨。");
        ClosureType? closure = null;
        if (FormReading.Text(form, "closureType") is { } closureCode && (closure = ClosureTypes.FromCode(closureCode)) is null)
            return (null, "结案类型应为正常、超时、差错或特殊。");
        Satisfaction? rating = null;
        if (FormReading.Text(form, "rating") is { } ratingCode && (rating = Satisfactions.FromCode(ratingCode)) is null)
            return (null, "回访评价应为满意、基本满意或不满意。");
        bool? resolved = action == CaseAction.Revisit ? form["resolved"].ToString() is "true" or "on" or "1" : null;
        var units = form["units"].Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u!).ToList();
        var errors = new Dictionary<string, string>();
        var meetLng = FormReading.ParseCoordinate(FormReading.Text(form, "meetingLng"), errors);
        var meetLat = FormReading.ParseCoordinate(FormReading.Text(form, "meetingLat"), errors);
        if (errors.Count > 0) return (null, "集合点：" + errors.Values.First());
        return (new CaseCommand(action, FormReading.Text(form, "requestKey") ?? "", FormReading.Text(form, "reason"), units, whistle,
            closure, rating, resolved) { MeetingLongitude = meetLng, MeetingLatitude = meetLat }, null);
    }

    /// <summary>The notice after a successful action (the code travels in ?done= through the 303).</summary>
    private static string? Notice(string? code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        if (code == NoticesRead) return "已将全部通知标为已读。";
        if (ConsoleDeskEndpoints.Notice(code) is { } desk) return desk;
        if (CaseActions.FromCode(code) is { } action) return $"已{action.Chinese()}。";
        if (code.StartsWith("order_", StringComparison.Ordinal) && WorkOrderActions.FromCode(code[6..]) is { } orderAction)
            return $"已{orderAction.Chinese()}。";
        return null;
    }

    internal static IResult NotForRole(ConsoleContext context) =>
        FieldPages.Message(context.Staff, context.Antiforgery, context.Http, StatusCodes.Status403Forbidden, "调度台不适用于您的账号",
            "调度台供乡镇调度员、县级管理员和村（社区）干部使用。网格员请使用“我的网格”，部门人员请使用工单收件箱。");

    /// <summary>Where the map opens when the filter finds no case: the area asked for, else the caller's scope.</summary>
    private static async Task<Bounds?> BoundsAsync(ConsoleContext context, string code, CancellationToken ct)
    {
        var bounds = context.Http.RequestServices.GetRequiredService<TerritoryBounds>();
        if (code.Length > 6) return await bounds.OfCodeAsync(code, ct);
        return (await bounds.CountyAsync(ct))?.Bounds;
    }

    internal static async Task<IResult> PageAsync(ConsoleContext context, ConsoleFilter filter, long? caseId, int status, string? notice,
        string? error, CancellationToken ct)
    {
        var staff = context.Staff;
        if (!staff.UsesConsole()) return NotForRole(context);
        // Read before the page's data: an event committed while the page is read is then heard again, never missed.
        var liveAfter = await GridGovernance.Web.Features.Live.OutboxEvents.NewestIdAsync(context.DataSource, ct);
        var now = context.Clock.GetUtcNow();
        CaseDrawer? drawer = null;
        var missing = false;
        if (caseId is { } id)
        {
            drawer = await CaseDrawerQuery.FindAsync(context.DataSource, context.Secrets, staff, id, now, ct);
            if (drawer is null)
            {
                missing = true;
                status = StatusCodes.Status404NotFound;
                context.Loggers.CreateLogger("GridGovernance.Accounts.Scope").LogWarning(
                    "Case {CaseId} not found in scope of account {AccountId} (scope {ScopeCode})", id, staff.Id, staff.ScopeCode);
            }
        }
        return new RazorComponentResult<DispatchPage>(new Dictionary<string, object?>
        {
            [nameof(DispatchPage.User)] = FieldUser.Of(staff),
            [nameof(DispatchPage.Antiforgery)] = FieldAntiforgery.Issue(context.Antiforgery, context.Http),
            [nameof(DispatchPage.Filter)] = filter,
            [nameof(DispatchPage.List)] = await ConsoleQueries.ListAsync(context.DataSource, staff, filter, now, ct, context.Secrets),
            [nameof(DispatchPage.Kpis)] = await ConsoleQueries.KpisAsync(context.DataSource, staff, now, ct),
            [nameof(DispatchPage.Now)] = now,
            [nameof(DispatchPage.Areas)] = await ConsoleQueries.AreasAsync(context.DataSource, staff, ct),
            [nameof(DispatchPage.Categories)] = await ConsoleQueries.CategoriesAsync(context.DataSource, ct),
            [nameof(DispatchPage.Drawer)] = drawer,
            [nameof(DispatchPage.MissingCaseId)] = missing ? caseId : null,
            [nameof(DispatchPage.Notice)] = notice,
            [nameof(DispatchPage.Error)] = error,
            [nameof(DispatchPage.ScopeCode)] = staff.ScopeCode,
            [nameof(DispatchPage.ScopeName)] = await Accounts.StaffMeEndpoint.ScopeNameAsync(staff, context.DataSource, ct),
            [nameof(DispatchPage.MayDecideExtensions)] = CasePermissions.Allows(staff.Role, WorkOrderAction.ApproveExtension),
            [nameof(DispatchPage.MayBatch)] = CaseDeskService.MayUse(staff.Role),
            [nameof(DispatchPage.Bounds)] = await BoundsAsync(context, filter.Area ?? staff.ScopeCode, ct),
            [nameof(DispatchPage.Notices)] = await ConsoleNotices.LatestAsync(context.DataSource, staff, ct),
            [nameof(DispatchPage.LiveAfter)] = liveAfter,
            // Up to liveAfter only: the live client hears what comes after it, so no event is shown twice or skipped.
            [nameof(DispatchPage.Feed)] = await ConsoleFeed.LatestAsync(context.DataSource, staff, liveAfter, ct),
        }) { StatusCode = status };
    }
}
