using System.Globalization;
using System.Text.RegularExpressions;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Field;
using GridGovernance.Web.Features.Intake;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>What the desk's intake form holds while it is typed in (and again after a refusal).</summary>
public sealed record DeskIntakeValues(string? Source = "phone", string? Ticket = null, string? Phone = null, string? RequestType = "report",
    string? Category = null, string? Longitude = null, string? Latitude = null, string? Description = null);

/// <summary>
/// The dispatcher's desk: GET/POST /dispatch/intake (a phone call or a 12345 ticket becomes a case through the one intake,
/// <see cref="CaseIntake"/>), GET /dispatch/intake/duplicates (hints while typing), POST /dispatch/cases/{id}/merge (合并),
/// POST /dispatch/cases/{id}/transfer (转办) and POST /dispatch/batch (核实/立案/派遣 over several selected cases through
/// <see cref="CaseBatchService"/>, which the interactive console calls too).
/// </summary>
internal static partial class ConsoleDeskEndpoints
{
    [GeneratedRegex("^[A-Za-z0-9-]{4,50}$")]
    private static partial Regex TicketPattern();

    public static void MapConsoleDesk(this RouteGroupBuilder pages)
    {
        pages.MapGet("/intake", ShowIntakeAsync);
        pages.MapPost("/intake", SubmitIntakeAsync).DisableAntiforgery();
        pages.MapGet("/intake/duplicates", DuplicatesAsync);
        pages.MapPost("/cases/{caseId:long}/merge", MergeAsync).DisableAntiforgery();
        pages.MapPost("/cases/{caseId:long}/transfer", TransferAsync).DisableAntiforgery();
        pages.MapPost("/batch", BatchAsync).DisableAntiforgery();
    }

    internal static string? Notice(string code) => code switch
    {
        "intake" => "已受理登记。",
        "merge" => "已合并重复案件：被合并案件以“合并”结案，其上报人随本案跟踪进展。",
        "transfer" => "已转办，对方乡镇调度员已收到通知。",
        _ => null,
    };

    private static ConsolePageEndpoints.ConsoleContext Context(HttpContext http, CurrentStaff staff) => new(http, staff,
        http.RequestServices.GetRequiredService<NpgsqlDataSource>(), http.RequestServices.GetRequiredService<CaseSecrets>(),
        http.RequestServices.GetRequiredService<IAntiforgery>(),
        http.RequestServices.GetRequiredService<TimeProvider>(), http.RequestServices.GetRequiredService<ILoggerFactory>());

    /// <summary>Desk intake is the township's (and the county's) work; a village cadre's calls go through the township.</summary>
    private static bool TakesCalls(CurrentStaff staff) => staff.Role is StaffRole.TownshipDispatcher or StaffRole.CountyAdmin;

    private static async Task<IResult> ShowIntakeAsync(HttpContext http, CurrentStaff staff, NpgsqlDataSource dataSource, IAntiforgery antiforgery,
        CancellationToken ct)
    {
        if (!TakesCalls(staff)) return Denied(Context(http, staff), "电话 / 12345 受理由乡镇调度员或县级管理员办理。");
        return await IntakePageAsync(http, staff, dataSource, antiforgery, new DeskIntakeValues(), new Dictionary<string, string>(),
            IdempotencyKeys.New(), StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> IntakePageAsync(HttpContext http, CurrentStaff staff, NpgsqlDataSource dataSource, IAntiforgery antiforgery,
        DeskIntakeValues values, IReadOnlyDictionary<string, string> errors, string key, int status, CancellationToken ct) =>
        new RazorComponentResult<DeskIntakePage>(new Dictionary<string, object?>
        {
            [nameof(DeskIntakePage.User)] = FieldUser.Of(staff),
            [nameof(DeskIntakePage.Antiforgery)] = FieldAntiforgery.Issue(antiforgery, http),
            [nameof(DeskIntakePage.Categories)] = await CaseCategories.ActiveAsync(dataSource, ct),
            [nameof(DeskIntakePage.Values)] = values,
            [nameof(DeskIntakePage.Errors)] = errors,
            [nameof(DeskIntakePage.Key)] = key,
            // Opened from the interactive console: after filing, back there (?then=console), else to /dispatch.
            [nameof(DeskIntakePage.Then)] = http.Request.HasFormContentType && http.Request.Form["then"] == "console"
                || http.Request.Query["then"] == "console" ? "console" : null,
        }) { StatusCode = status };

    private static async Task<IResult> SubmitIntakeAsync(HttpContext http, CurrentStaff staff, NpgsqlDataSource dataSource, IAntiforgery antiforgery,
        CaseIntake intake, CancellationToken ct)
    {
        if (!TakesCalls(staff)) return Denied(Context(http, staff), "电话 / 12345 受理由乡镇调度员或县级管理员办理。");
        var errors = new Dictionary<string, string>();
        if (!http.Request.HasFormContentType)
            return await IntakePageAsync(http, staff, dataSource, antiforgery, new DeskIntakeValues(),
                new Dictionary<string, string> { ["form"] = "请通过页面上的表单提交。" }, IdempotencyKeys.New(), StatusCodes.Status415UnsupportedMediaType, ct);
        var form = await http.Request.ReadFormAsync(ct);
        var values = new DeskIntakeValues(FormReading.Text(form, "source"), FormReading.Text(form, "ticket"), FormReading.Text(form, "phone"),
            FormReading.Text(form, "requestType"), FormReading.Text(form, "category"), FormReading.Text(form, "lng"), FormReading.Text(form, "lat"),
            form["description"].ToString());
        var key = FormReading.Text(form, "idempotencyKey");
        if (!await antiforgery.IsRequestValidAsync(http))
            errors["form"] = "页面已过期或来源无法验证，内容未提交。请检查后再提交一次。";
        CaseSource? source = values.Source switch { "phone" => CaseSource.Phone, "hotline" => CaseSource.Hotline, _ => null };
        if (source is null) errors["source"] = "来源应为电话或 12345 热线。";
        string? ticket = values.Ticket?.Trim();
        if (source == CaseSource.Hotline)
        {
            if (string.IsNullOrEmpty(ticket)) errors["ticket"] = "12345 转办须填写工单号。";
            else if (!TicketPattern().IsMatch(ticket)) errors["ticket"] = "工单号应为 4–50 位字母、数字或连字符。";
            else if (await TicketCaseAsync(dataSource, staff, ticket, ct) is { } existing)
                errors["ticket"] = $"该 12345 工单已受理为案件 {existing}，请勿重复登记。";
        }
        else ticket = null;
        var lng = FormReading.ParseCoordinate(values.Longitude, errors);
        var lat = FormReading.ParseCoordinate(values.Latitude, errors);
        if (lng is null && lat is null && !errors.ContainsKey(FormReading.PositionField)) errors[FormReading.PositionField] = "请填写问题位置（经纬度）。";

        var status = StatusCodes.Status400BadRequest;
        if (errors.Count == 0)
        {
            var request = new IntakeRequest(source!.Value, key, null, values.RequestType, values.Category, values.Description, lng, lat,
                values.Phone, [], ActorKind: "staff", ActorRole: staff.TimelineRole(), ActorAccountId: staff.Id) { TicketNumber = ticket };
            switch (await intake.SubmitAsync(request, ct))
            {
                case IntakeResult.Accepted accepted:
                    return FieldPages.SeeOther(form["then"] == "console"
                        ? $"/dispatch/console?case={accepted.CaseId}"
                        : $"/dispatch?case={accepted.CaseId}&done=intake");
                case IntakeResult.Invalid invalid:
                    foreach (var (field, message) in invalid.Errors) errors[field] = message;
                    status = invalid.Status;
                    break;
            }
        }
        return await IntakePageAsync(http, staff, dataSource, antiforgery, values, errors,
            key is { Length: > 0 } && status != StatusCodes.Status422UnprocessableEntity ? key : IdempotencyKeys.New(), status, ct);
    }

    /// <summary>The number of a case in the caller's county already filed for this 12345 ticket.</summary>
    private static async Task<string?> TicketCaseAsync(NpgsqlDataSource dataSource, CurrentStaff staff, string ticket, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT number FROM case_file WHERE county_code = $1 AND external_ticket = $2 LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ConsoleQueries.CountyOf(staff) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ticket });
        return await command.ExecuteScalarAsync(ct) as string;
    }

    private static async Task<IResult> DuplicatesAsync(HttpContext http, CurrentStaff staff, NpgsqlDataSource dataSource, TimeProvider clock,
        CancellationToken ct)
    {
        if (!staff.UsesConsole()) return ConsolePageEndpoints.NotForRole(Context(http, staff));
        var query = http.Request.Query;
        var category = query["category"].ToString();
        var parsed = double.TryParse(query["lng"], NumberStyles.Float, CultureInfo.InvariantCulture, out var lng)
                     & double.TryParse(query["lat"], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat);
        if (CaseCategoryCode.TryParse(category) is null || !parsed || ReportRules.PositionProblem(lng, lat) is not null)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "请给出问题类别（category）和有效的经纬度（lng、lat）。");
        return new RazorComponentResult<DuplicateHintList>(new Dictionary<string, object?>
        {
            [nameof(DuplicateHintList.Hints)] = await DuplicateHints.NearAsync(dataSource, staff, category, lng, lat, clock.GetUtcNow(), ct),
        });
    }

    /// <summary>A role refused outright: a message page, never the list (whose cases it would show beside the refusal).</summary>
    private static IResult Denied(ConsolePageEndpoints.ConsoleContext context, string message) =>
        FieldPages.Message(context.Staff, context.Antiforgery, context.Http, StatusCodes.Status403Forbidden, "无权执行此操作", message);

    private const string DeskOnly = "合并、转办和批量派遣由乡镇调度员办理。";

    private static async Task<(ConsolePageEndpoints.ConsoleContext Context, ConsoleFilter Filter, IFormCollection? Form, IResult? Early)> ReadAsync(
        HttpContext http, CurrentStaff staff, bool deskOnly, CancellationToken ct)
    {
        var context = Context(http, staff);
        var filter = ConsoleFilter.Parse(http.Request.Query, staff.ScopeCode);
        if (!staff.UsesConsole()) return (context, filter, null, ConsolePageEndpoints.NotForRole(context));
        if (deskOnly && !CaseDeskService.MayUse(staff.Role)) return (context, filter, null, Denied(context, DeskOnly));
        if (!http.Request.HasFormContentType || !await context.Antiforgery.IsRequestValidAsync(http))
            return (context, filter, null, await ConsolePageEndpoints.PageAsync(context, filter, null, StatusCodes.Status400BadRequest, null,
                "页面已过期或来源无法验证，操作未执行。请刷新页面后重试。", ct));
        return (context, filter, await http.Request.ReadFormAsync(ct), null);
    }

    private static async Task<IResult> MergeAsync(long caseId, HttpContext http, CurrentStaff staff, CaseDeskService desk, CancellationToken ct)
    {
        var (context, filter, form, early) = await ReadAsync(http, staff, deskOnly: true, ct);
        if (early is not null) return early;
        var ids = form!["duplicates"].Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0).ToList();
        var outcome = await desk.MergeAsync(staff, caseId, ids, FormReading.Text(form, "requestKey"), ct);
        return await ConsolePageEndpoints.AnswerAsync(context, filter, caseId, outcome, "merge", ct);
    }

    private static async Task<IResult> TransferAsync(long caseId, HttpContext http, CurrentStaff staff, CaseDeskService desk, CancellationToken ct)
    {
        var (context, filter, form, early) = await ReadAsync(http, staff, deskOnly: true, ct);
        if (early is not null) return early;
        var outcome = await desk.TransferAsync(staff, caseId, FormReading.Text(form!, "township"), FormReading.Text(form!, "reason"),
            FormReading.Text(form!, "requestKey"), ct);
        // The case now belongs to the other township: the list, not its drawer, is where the dispatcher lands.
        return outcome is ActionOutcome.Done
            ? FieldPages.SeeOther(filter.Link(notice: "transfer"))
            : await ConsolePageEndpoints.AnswerAsync(context, filter, caseId, outcome, "transfer", ct);
    }

    private static async Task<IResult> BatchAsync(HttpContext http, CurrentStaff staff, CaseBatchService batches, CancellationToken ct)
    {
        var (context, filter, form, early) = await ReadAsync(http, staff, deskOnly: false, ct);
        if (early is not null) return early;
        var ids = form!["caseIds"].Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).ToList();
        var units = form["units"].Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u!).ToList();
        var result = await batches.ApplyAsync(staff, CaseActions.FromCode(form["action"].ToString()), ids, FormReading.Text(form, "requestKey"),
            FormReading.Text(form, "reason"), units, ct);
        switch (result.Refusal)
        {
            case ActionOutcome.Forbidden forbidden: return Denied(context, forbidden.Message);
            case { } refusal: return await ConsolePageEndpoints.PageAsync(context, filter, null, refusal.Status, null, refusal.Problem, ct);
        }
        var summary = result.Summary;
        return await ConsolePageEndpoints.PageAsync(context, filter, null, result.Status, result.Done.Count > 0 ? summary : null,
            result.Done.Count > 0 ? (result.Refused.Count > 0 ? summary : null) : summary, ct);
    }
}
