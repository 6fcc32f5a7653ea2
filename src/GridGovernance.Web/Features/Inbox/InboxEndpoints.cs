using System.Text.RegularExpressions;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Dispatch;
using GridGovernance.Web.Features.Field;
using GridGovernance.Web.Features.Intake;
using GridGovernance.Web.Features.Photos;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGovernance.Web.Features.Inbox;

/// <summary>
/// The inbox pages: GET /inbox (?tab=todo|done|all), GET /inbox/orders/{id}, POST /inbox/orders/{id}/act (field action=sign,
/// arrive, start, feedback, return, request_extension, shelve) and GET /inbox/orders/{id}/photos/{sha}. Every action goes
/// through <see cref="WorkOrderActionService"/> (one transaction, the domain decides) and answers 303 back to the order with a
/// notice, or the page again with the Chinese refusal: 400 bad input, 403 role, 409 not allowed now, 404 not the unit's order.
/// </summary>
internal static partial class InboxEndpoints
{
    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    /// <summary>What a department may do to its order: the state machine's moves that the role table gives to department staff.</summary>
    public static IReadOnlyList<WorkOrderAction> ActionsFor(WorkOrderState state, bool isWhistle) =>
        WorkOrderStateMachine.Offered(new WorkOrder(state, isWhistle, DateTimeOffset.MaxValue))
            .Where(a => CasePermissions.Allows(StaffRole.DepartmentStaff, a)).ToList();

    /// <summary>联合吹哨 is offered while the case is being handled by units and this unit still owes work on it.</summary>
    public static bool MayWhistle(InboxOrder order) =>
        order.State.IsActive() && CasePermissions.Allows(StaffRole.DepartmentStaff, CaseAction.Whistle)
        && CaseStateMachine.ActionsFrom(order.CaseState).Contains(CaseAction.Whistle);

    public static RouteGroupBuilder MapInboxPages(this RouteGroupBuilder inbox)
    {
        inbox.MapGet("", ListAsync);
        inbox.MapGet("/orders/{orderId:long}", ShowAsync);
        inbox.MapPost("/orders/{orderId:long}/act", ActAsync).DisableAntiforgery();
        inbox.MapPost("/orders/{orderId:long}/whistle", WhistleAsync).DisableAntiforgery();
        inbox.MapGet("/orders/{orderId:long}/photos/{sha}", PhotoAsync);
        return inbox;
    }

    private static async Task<IResult> ListAsync(string? tab, CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource,
        IAntiforgery antiforgery, TimeProvider clock, CancellationToken ct)
    {
        var filter = tab is "done" or "all" ? tab : "todo";
        // Read before the list: the live client (live-page.js) starts after it, so nothing committed meanwhile is missed.
        var liveAfter = await Live.OutboxEvents.NewestIdAsync(dataSource, ct);
        IReadOnlyList<WorkOrderState> states = filter switch
        {
            "todo" => WorkOrderStates.All.Where(s => s.IsActive()).ToList(),
            "done" => WorkOrderStates.All.Where(s => !s.IsActive()).ToList(),
            _ => WorkOrderStates.All,
        };
        var now = clock.GetUtcNow();
        var orders = await InboxQueries.ListAsync(dataSource, staff, states, now, ct);
        var notices = await InboxQueries.NoticesAsync(dataSource, staff, ct);
        // Seen on this page means read: the highlight shows once, and only notices that were on the page are marked.
        if (notices.Any(n => n.Unread)) await InboxQueries.MarkReadAsync(dataSource, staff, notices.Max(n => n.Id), ct);
        return new RazorComponentResult<InboxListPage>(new Dictionary<string, object?>
        {
            [nameof(InboxListPage.User)] = InboxUser.Of(staff),
            [nameof(InboxListPage.Antiforgery)] = FieldAntiforgery.Issue(antiforgery, context),
            [nameof(InboxListPage.Orders)] = orders,
            [nameof(InboxListPage.Notices)] = notices,
            [nameof(InboxListPage.Filter)] = filter,
            [nameof(InboxListPage.Now)] = now,
            [nameof(InboxListPage.LiveAfter)] = liveAfter,
        });
    }

    private static Task<IResult> ShowAsync(long orderId, string? done, CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource,
        IAntiforgery antiforgery, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct) =>
        PageAsync(orderId, staff, context, dataSource, antiforgery, clock, loggers, StatusCodes.Status200OK, ct,
            notice: done == JointWhistle ? "已联合吹哨，被召集的单位已收到通知。"
                : WorkOrderActions.FromCode(done) is { } action ? $"已{action.Chinese()}。" : null);

    private static async Task<IResult> ActAsync(long orderId, CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource,
        IAntiforgery antiforgery, WorkOrderActionService service, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
            return await PageAsync(orderId, staff, context, dataSource, antiforgery, clock, loggers, StatusCodes.Status415UnsupportedMediaType, ct,
                error: "请通过页面上的表单提交工单操作。");
        var form = await context.Request.ReadFormAsync(ct);
        var code = form["action"].ToString();
        var reason = form["reason"].ToString();
        Task<IResult> Again(int status, string message) => PageAsync(orderId, staff, context, dataSource, antiforgery, clock, loggers, status, ct,
            error: message, failedAction: code, reason: reason);

        if (!await antiforgery.IsRequestValidAsync(context))
            return await Again(StatusCodes.Status400BadRequest, "页面已过期或来源无法验证，操作未执行。请再提交一次（照片需重新选择）。");
        if (WorkOrderActions.FromCode(code) is not { } action)
            return await Again(StatusCodes.Status400BadRequest, $"未知的工单操作“{code}”。");
        var command = DispatchActionEndpoints.ParseOrderCommand(action, form, out var problem);
        if (problem is not null) return await Again(StatusCodes.Status400BadRequest, problem);

        return await service.ApplyAsync(staff, orderId, command!, ct) switch
        {
            ActionOutcome.Done => FieldPages.SeeOther($"/inbox/orders/{orderId}?done={action.Code()}"),
            { Problem: { } refusal } refused => await Again(refused.Status, refusal),
            _ => await PageAsync(orderId, staff, context, dataSource, antiforgery, clock, loggers, StatusCodes.Status404NotFound, ct),
        };
    }

    /// <summary>The form code of 联合吹哨 (a case action, posted from the order page).</summary>
    public const string JointWhistle = "whistle";

    /// <summary>
    /// 联合吹哨: a department working a dispatched case summons other units (部门也可吹哨). The case action service decides, in
    /// the same transaction as every case action; the caller's unit must hold an active order on the case.
    /// </summary>
    private static async Task<IResult> WhistleAsync(long orderId, CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource,
        IAntiforgery antiforgery, CaseActionService service, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
            return await PageAsync(orderId, staff, context, dataSource, antiforgery, clock, loggers, StatusCodes.Status415UnsupportedMediaType, ct,
                error: "请通过页面上的表单提交联合吹哨。");
        var form = await context.Request.ReadFormAsync(ct);
        var reason = form["reason"].ToString();
        Task<IResult> Again(int status, string message) => PageAsync(orderId, staff, context, dataSource, antiforgery, clock, loggers, status, ct,
            error: message, failedAction: JointWhistle, reason: reason);

        if (!await antiforgery.IsRequestValidAsync(context))
            return await Again(StatusCodes.Status400BadRequest, "页面已过期或来源无法验证，操作未执行。请再提交一次。");
        var order = await InboxQueries.FindAsync(dataSource, staff, orderId, clock.GetUtcNow(), ct);
        if (order is null) return await PageAsync(orderId, staff, context, dataSource, antiforgery, clock, loggers, StatusCodes.Status404NotFound, ct);
        if (!order.State.IsActive())
            return await Again(StatusCodes.Status409Conflict, $"工单处于“{order.State.Chinese()}”状态，不能再发起联合吹哨。");
        WhistleKind? kind = null;
        if (FormReading.Text(form, "whistleKind") is { } kindCode && (kind = WhistleKinds.FromCode(kindCode)) is null)
            return await Again(StatusCodes.Status400BadRequest, "哨型应为日常哨、攻坚哨或应急哨。");
        var units = form["units"].Select(u => u ?? "").ToList();
        var command = new CaseCommand(CaseAction.Whistle, FormReading.Text(form, "requestKey") ?? "", reason, units, kind);
        return await service.ApplyAsync(staff, order.CaseId, command, ct) switch
        {
            ActionOutcome.Done => FieldPages.SeeOther($"/inbox/orders/{orderId}?done={JointWhistle}"),
            { Problem: { } refusal } refused => await Again(refused.Status, refusal),
            _ => await PageAsync(orderId, staff, context, dataSource, antiforgery, clock, loggers, StatusCodes.Status404NotFound, ct),
        };
    }

    /// <summary>A photo of the order's case, for the unit that holds the order; anything else is the same 404.</summary>
    private static async Task<IResult> PhotoAsync(long orderId, string sha, bool? thumbnail, CurrentStaff staff, HttpContext context,
        NpgsqlDataSource dataSource, IPhotoStore store, CancellationToken ct)
    {
        if (!Sha256Pattern().IsMatch(sha) || !await InboxQueries.MayViewPhotoAsync(dataSource, staff, orderId, sha, ct)
            || store.OpenRead(sha, thumbnail == true) is not { } stream)
            return ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, "未找到该照片。");
        // Private: behind a login, so no shared cache may keep it.
        context.Response.Headers.CacheControl = "private, max-age=86400";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Stream(stream, "image/jpeg");
    }

    private static async Task<IResult> PageAsync(long orderId, CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource,
        IAntiforgery antiforgery, TimeProvider clock, ILoggerFactory loggers, int status, CancellationToken ct, string? notice = null,
        string? error = null, string? failedAction = null, string? reason = null)
    {
        // Read before the page: the live client hears what commits after it (see the list page).
        var liveAfter = await Live.OutboxEvents.NewestIdAsync(dataSource, ct);
        var now = clock.GetUtcNow();
        var order = await InboxQueries.FindAsync(dataSource, staff, orderId, now, ct);
        var user = InboxUser.Of(staff);
        var tokens = FieldAntiforgery.Issue(antiforgery, context);
        if (order is null)
        {
            loggers.CreateLogger("GridGovernance.Accounts.Scope").LogWarning(
                "Work order {OrderId} not found in unit of account {AccountId} (scope {ScopeCode})", orderId, staff.Id, staff.ScopeCode);
            return new RazorComponentResult<InboxMessagePage>(new Dictionary<string, object?>
            {
                [nameof(InboxMessagePage.User)] = user,
                [nameof(InboxMessagePage.Antiforgery)] = tokens,
                [nameof(InboxMessagePage.Title)] = "未找到该工单",
                [nameof(InboxMessagePage.Message)] = $"编号为 {orderId} 的工单不存在，或不属于您的单位。",
            }) { StatusCode = StatusCodes.Status404NotFound };
        }
        return new RazorComponentResult<InboxOrderPage>(new Dictionary<string, object?>
        {
            [nameof(InboxOrderPage.User)] = user,
            [nameof(InboxOrderPage.Antiforgery)] = tokens,
            [nameof(InboxOrderPage.Order)] = order,
            [nameof(InboxOrderPage.Actions)] = ActionsFor(order.State, order.Arrival is not null),
            [nameof(InboxOrderPage.WhistleUnits)] = MayWhistle(order)
                ? await InboxQueries.WhistleCandidatesAsync(dataSource, staff, orderId, ct)
                : Array.Empty<WhistleCandidate>(),
            [nameof(InboxOrderPage.Team)] = order.Arrival is null ? null : await WhistleTeamQuery.OfOrderAsync(dataSource, staff, orderId, ct),
            [nameof(InboxOrderPage.LiveAfter)] = liveAfter,
            [nameof(InboxOrderPage.Now)] = now,
            [nameof(InboxOrderPage.Notice)] = notice,
            [nameof(InboxOrderPage.Error)] = error,
            [nameof(InboxOrderPage.FailedAction)] = failedAction,
            [nameof(InboxOrderPage.Reason)] = reason,
            // A fresh key on every rendering: a resubmitted form lands once, a new attempt after a refusal is a new request.
            [nameof(InboxOrderPage.RequestKey)] = IdempotencyKeys.New(),
        }) { StatusCode = status };
    }
}
