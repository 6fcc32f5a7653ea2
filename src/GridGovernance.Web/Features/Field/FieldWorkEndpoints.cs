using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Dispatch;
using GridGovernance.Web.Features.Dispatch.Console;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGovernance.Web.Features.Field;

/// <summary>
/// The grid worker's work from the field: the work page (/field/work: 待核实, 待核查, 待办), the notices (/field/notices), and the
/// case actions taken on the spot (POST /field/cases/{id}/act: 核实, 作废, 核查通过, 核查不通过, 逐级上报) — through Dispatch's
/// <see cref="CaseActionService"/>, so the role table, the state machine and the scope rule judge them exactly as at the console.
/// </summary>
internal static class FieldWorkEndpoints
{
    /// <summary>Where the bottom bar's notice count is left for <see cref="FieldShell"/> by the group's filter.</summary>
    public const string NoticeCountItem = "gridgov.field.unread-notices";

    /// <summary>The case actions a phone offers; the rest (立案, 派遣, 吹哨 …) are the console's.</summary>
    public static readonly IReadOnlyList<CaseAction> FieldActions =
        [CaseAction.Verify, CaseAction.Void, CaseAction.CheckPass, CaseAction.CheckFail, CaseAction.Escalate];

    public static class Fields
    {
        public const string Action = "action";
        public const string Key = "requestKey";
        public const string Reason = "reason";
        public const string Longitude = "lng";
        public const string Latitude = "lat";
    }

    public static void MapFieldWork(this RouteGroupBuilder field)
    {
        field.AddEndpointFilter(async (context, next) =>
        {
            if (CurrentStaff.From(context.HttpContext.User) is { } staff)
                context.HttpContext.Items[NoticeCountItem] = await FieldWork.UnreadNoticesAsync(
                    context.HttpContext.RequestServices.GetRequiredService<NpgsqlDataSource>(), staff, context.HttpContext.RequestAborted);
            return await next(context);
        });
        field.MapGet("/work", WorkAsync);
        field.MapGet("/notices", NoticesAsync);
        field.MapPost("/cases/{caseId:long}/act", ActAsync).DisableAntiforgery();
    }

    /// <summary>The actions <paramref name="staff"/> may take from the field on a case in <paramref name="state"/> (role table, then state machine).</summary>
    public static IReadOnlyList<CaseAction> ActionsFor(CurrentStaff staff, CaseState state)
    {
        var legal = CaseStateMachine.ActionsFrom(state);
        return FieldActions.Where(a => legal.Contains(a) && CasePermissions.Allows(staff.Role, a)).ToList();
    }

    private static async Task<IResult> WorkAsync(CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource, IAntiforgery antiforgery,
        TimeProvider clock, CancellationToken ct) =>
        new RazorComponentResult<FieldWorkPage>(new Dictionary<string, object?>
        {
            [nameof(FieldWorkPage.User)] = FieldUser.Of(staff),
            [nameof(FieldWorkPage.Antiforgery)] = FieldAntiforgery.Issue(antiforgery, context),
            [nameof(FieldWorkPage.Work)] = await FieldWork.ListAsync(dataSource, staff, clock.GetUtcNow(), ct),
        });

    private static async Task<IResult> NoticesAsync(CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource, IAntiforgery antiforgery,
        CancellationToken ct)
    {
        // Showing them marks them read (as the console and the inbox do), so the bar's count is the one read before.
        var notices = await ConsoleNotices.LatestAsync(dataSource, staff, ct);
        context.Items[NoticeCountItem] = 0;
        return new RazorComponentResult<FieldNoticesPage>(new Dictionary<string, object?>
        {
            [nameof(FieldNoticesPage.User)] = FieldUser.Of(staff),
            [nameof(FieldNoticesPage.Antiforgery)] = FieldAntiforgery.Issue(antiforgery, context),
            [nameof(FieldNoticesPage.Notices)] = notices,
        });
    }

    private static async Task<IResult> ActAsync(long caseId, IFormCollection form, CurrentStaff staff, HttpContext context,
        NpgsqlDataSource dataSource, CaseSecrets secrets, IAntiforgery antiforgery, CaseActionService actions, ILoggerFactory loggers,
        CancellationToken ct)
    {
        Task<IResult> Page(int status, string? notice) =>
            FieldCaseEndpoints.PageAsync(caseId, staff, context, dataSource, secrets, antiforgery, loggers, status, ct, notice: notice);

        if (!await antiforgery.IsRequestValidAsync(context))
            return await Page(StatusCodes.Status400BadRequest, "页面已过期或来源无法验证，未办理。请再点一次。");
        var action = CaseActions.FromCode(FormReading.Text(form, Fields.Action));
        if (action is not { } chosen || !FieldActions.Contains(chosen))
            return await Page(StatusCodes.Status400BadRequest, "此操作不能在手机上办理，请在调度台办理。");
        var reason = FormReading.Text(form, Fields.Reason);
        if (chosen == CaseAction.Escalate && reason is null)
            return await Page(StatusCodes.Status400BadRequest, "逐级上报须说明原因，例如：本网格无法处置，需村（社区）协调。");
        var errors = new Dictionary<string, string>();
        var lng = FormReading.ParseCoordinate(FormReading.Text(form, Fields.Longitude), errors);
        var lat = FormReading.ParseCoordinate(FormReading.Text(form, Fields.Latitude), errors);
        if (lng is { } x && lat is { } y && (!double.IsFinite(x) || !double.IsFinite(y) || x is < -180 or > 180 || y is < -90 or > 90))
            errors[FormReading.PositionField] = "位置坐标无效，请重新获取位置或不附位置提交。";
        if (errors.Count > 0) return await Page(StatusCodes.Status400BadRequest, errors.Values.First());

        var outcome = await actions.ApplyAsync(staff, caseId, new CaseCommand(chosen, FormReading.Text(form, Fields.Key) ?? "", reason,
            Position: lng is { } px && lat is { } py ? (px, py) : null), ct);
        return outcome switch
        {
            ActionOutcome.Done => FieldPages.SeeOther($"/field/cases/{caseId}?done={chosen.Code()}"),
            // Outside the scope reads like a missing case (the page logs the attempt).
            ActionOutcome.NotFound => await Page(StatusCodes.Status404NotFound, null),
            _ => await Page(outcome.Status, outcome.Problem),
        };
    }

    /// <summary>What the case page says after an action from the field.</summary>
    public static string? DoneNotice(string? code) => CaseActions.FromCode(code) switch
    {
        CaseAction.Verify => "已核实，案件转乡镇受理。",
        CaseAction.Void => "已作废。",
        CaseAction.CheckPass => "核查通过，案件已结案。",
        CaseAction.CheckFail => "核查不通过，案件已退回返工。",
        CaseAction.Escalate => "已上报村（社区）。",
        _ => null,
    };
}
