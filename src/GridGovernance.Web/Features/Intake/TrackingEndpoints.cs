using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGovernance.Web.Features.Intake;

/// <summary>GET /t/{token}: the resident's tracking page; POST /t/{token}/rating: their one 回访 answer once the case is closed.</summary>
internal static class TrackingEndpoints
{
    public static void MapTrackingPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/t/{token}", ShowAsync);
        app.MapPost("/t/{token}/rating", RateAsync).WithMetadata(PublicSubmissionMetadata.Instance);
        app.MapPost("/t/{token}/remind", RemindAsync).WithMetadata(PublicSubmissionMetadata.Instance);
        app.MapPost("/t/{token}/supplement", SupplementAsync).WithMetadata(PublicSubmissionMetadata.Instance);
    }

    private static async Task<IResult> SupplementAsync(string token, IFormCollection form, HttpContext context, NpgsqlDataSource dataSource,
        IAntiforgery antiforgery, Photos.IPhotoProcessor processor, CancellationToken ct)
    {
        ReportEndpoints.NoStore(context);
        if (TrackingToken.HashOf(token) is not { } hash) return NotFound();
        var files = form.Files.GetFiles("photos").Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
        var refusal = await CaseSupplement.AddAsync(dataSource, processor, hash, Plumbing.FormReading.Text(form, "idempotencyKey"),
            form["text"].ToString(), files.Select(f => new IntakePhoto(f.FileName, f.Length, f.OpenReadStream)).ToList(), ct);
        var liveAfter = await Live.OutboxEvents.NewestIdAsync(dataSource, ct);
        if (await CaseTracking.FindAsync(dataSource, hash, ct) is not { } tracked) return NotFound();
        return refusal is null
            ? Page(context, antiforgery, tracked, token, liveAfter, "补充材料已提交，网格员会看到。", false, StatusCodes.Status200OK)
            : Page(context, antiforgery, tracked, token, liveAfter, refusal, true,
                tracked.State.IsOpen() ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> ShowAsync(string token, HttpContext context, NpgsqlDataSource dataSource, IAntiforgery antiforgery,
        CancellationToken ct)
    {
        ReportEndpoints.NoStore(context);
        if (TrackingToken.HashOf(token) is not { } hash) return NotFound();
        // Read before the case: the page's live client then hears anything committed after this point.
        var liveAfter = await Live.OutboxEvents.NewestIdAsync(dataSource, ct);
        if (await CaseTracking.FindAsync(dataSource, hash, ct) is not { } tracked) return NotFound();
        return Page(context, antiforgery, tracked, token, liveAfter, null, false, StatusCodes.Status200OK);
    }

    private static async Task<IResult> RateAsync(string token, IFormCollection form, HttpContext context, NpgsqlDataSource dataSource,
        IAntiforgery antiforgery, TimeProvider clock, CancellationToken ct)
    {
        ReportEndpoints.NoStore(context);
        if (TrackingToken.HashOf(token) is not { } hash) return NotFound();
        var satisfaction = Satisfactions.FromCode(form["satisfaction"].ToString());
        var resolved = form["resolved"].ToString() switch { "true" => true, "false" => (bool?)false, _ => null };
        var refusal = satisfaction is null ? "请选择满意程度。"
            : resolved is null ? "请选择问题是否已解决。"
            : await CaseRating.RateAsync(dataSource, hash, satisfaction.Value, resolved.Value, form["comment"].ToString(), clock.GetUtcNow(), ct);
        var liveAfter = await Live.OutboxEvents.NewestIdAsync(dataSource, ct);
        if (await CaseTracking.FindAsync(dataSource, hash, ct) is not { } tracked) return NotFound();
        return refusal is null
            ? Page(context, antiforgery, tracked, token, liveAfter,
                satisfaction == Satisfaction.Dissatisfied && tracked.State == CaseState.Rework
                    ? "感谢您的评价。案件已退回重新办理，处理进展会在本页显示。" : "感谢您的评价！", false, StatusCodes.Status200OK)
            : Page(context, antiforgery, tracked, token, liveAfter, refusal, true,
                tracked.RatedAt is not null ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> RemindAsync(string token, IFormCollection form, HttpContext context, NpgsqlDataSource dataSource,
        IAntiforgery antiforgery, TimeProvider clock, CancellationToken ct)
    {
        ReportEndpoints.NoStore(context);
        if (TrackingToken.HashOf(token) is not { } hash) return NotFound();
        var refusal = await CaseReminder.RemindAsync(dataSource, hash, clock.GetUtcNow(), ct);
        var liveAfter = await Live.OutboxEvents.NewestIdAsync(dataSource, ct);
        if (await CaseTracking.FindAsync(dataSource, hash, ct) is not { } tracked) return NotFound();
        return refusal is null
            ? Page(context, antiforgery, tracked, token, liveAfter, "已催办，网格员和调度员会收到提醒。", false, StatusCodes.Status200OK)
            : Page(context, antiforgery, tracked, token, liveAfter, refusal, true, StatusCodes.Status409Conflict);
    }

    private static RazorComponentResult<TrackingPage> Page(HttpContext context, IAntiforgery antiforgery, TrackedCase tracked, string token,
        long liveAfter, string? message, bool isError, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new RazorComponentResult<TrackingPage>(new Dictionary<string, object?>
        {
            [nameof(TrackingPage.Case)] = tracked,
            [nameof(TrackingPage.Token)] = token,
            [nameof(TrackingPage.AntiforgeryFieldName)] = tokens.FormFieldName,
            [nameof(TrackingPage.AntiforgeryToken)] = tokens.RequestToken!,
            [nameof(TrackingPage.Message)] = message,
            [nameof(TrackingPage.MessageIsError)] = isError,
            [nameof(TrackingPage.LiveAfter)] = liveAfter,
            [nameof(TrackingPage.SupplementKey)] = Plumbing.IdempotencyKeys.New(),
        }) { StatusCode = status };
    }

    private static RazorComponentResult<ResidentMessagePage> NotFound() =>
        new(new Dictionary<string, object?>
        {
            [nameof(ResidentMessagePage.Title)] = "未找到该案件",
            [nameof(ResidentMessagePage.Message)] = "查询链接无效。请核对链接是否完整（受理时页面上显示的链接）。",
        }) { StatusCode = StatusCodes.Status404NotFound };
}
