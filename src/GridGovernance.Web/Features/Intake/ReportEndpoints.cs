using System.Globalization;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Plumbing;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGovernance.Web.Features.Intake;

/// <summary>
/// GET /g/{gridCode}: the page a grid placard's QR code opens; POST /g/{gridCode}: its plain multipart form (antiforgery token
/// checked before anything is stored). Errors re-render the form with the input kept and status 400.
/// </summary>
internal static class ReportEndpoints
{
    public static void MapReportPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/g/{gridCode}", ShowAsync);
        // Antiforgery is checked in the handler, not by the framework's automatic check: a resident whose cookie expired (WeChat
        // clears them freely) gets the form back with their text kept and a Chinese message, not a bare 400.
        app.MapPost("/g/{gridCode}", SubmitAsync).WithMetadata(PublicSubmissionMetadata.Instance).DisableAntiforgery();
    }

    private static async Task<IResult> ShowAsync(string gridCode, HttpContext context, NpgsqlDataSource dataSource, IAntiforgery antiforgery,
        CancellationToken ct)
    {
        var grid = await GridDirectory.FindAsync(dataSource, gridCode, ct);
        if (grid is null) return UnknownGrid(gridCode);
        NoStore(context);
        return await FormAsync(context, dataSource, antiforgery, grid, new ReportFormValues(), new Dictionary<string, string>(),
            IdempotencyKeys.New(), StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> SubmitAsync(string gridCode, IFormCollection form, HttpContext context, NpgsqlDataSource dataSource,
        IAntiforgery antiforgery, CaseIntake intake, CancellationToken ct)
    {
        var grid = await GridDirectory.FindAsync(dataSource, gridCode, ct);
        if (grid is null) return UnknownGrid(gridCode);
        NoStore(context);

        // A browser sends an empty part for an untouched file input: that is "no photo", unlike a named file of 0 bytes.
        var files = form.Files.GetFiles("photos").Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
        var values = new ReportFormValues(
            FormReading.Text(form, "requestType"), FormReading.Text(form, "category"), form["description"].ToString(), FormReading.Text(form, "phone"),
            FormReading.Text(form, "lng"), FormReading.Text(form, "lat"), files.Count, form["callback"].ToString() == "true");
        var errors = new Dictionary<string, string>();
        var lng = FormReading.ParseCoordinate(values.Longitude, errors);
        var lat = FormReading.ParseCoordinate(values.Latitude, errors);
        var key = FormReading.Text(form, "idempotencyKey");
        var status = StatusCodes.Status400BadRequest;
        if (!await antiforgery.IsRequestValidAsync(context))
            errors[IntakeFields.IdempotencyKey] = "页面已过期或来源无法验证，内容未提交。请检查后再点一次“提交”（照片需重新选择）。";

        if (errors.Count == 0)
        {
            var request = new IntakeRequest(CaseSource.QrScan, key, grid.Code, values.RequestType, values.Category, values.Description,
                lng, lat, values.Phone, files.Select(f => new IntakePhoto(f.FileName, f.Length, f.OpenReadStream)).ToList(),
                CallBack: values.CallBack);
            switch (await intake.SubmitAsync(request, ct))
            {
                case IntakeResult.Accepted accepted:
                    NoStore(context, setCacheControl: true);
                    var path = TrackingToken.PathOf(accepted.TrackingToken);
                    return new RazorComponentResult<ReportAccepted>(new Dictionary<string, object?>
                    {
                        [nameof(ReportAccepted.CaseNumber)] = accepted.CaseNumber,
                        [nameof(ReportAccepted.TrackingPath)] = path,
                        [nameof(ReportAccepted.TrackingUrl)] = TrackingToken.UrlOf(context, accepted.TrackingToken),
                        [nameof(ReportAccepted.GridCode)] = grid.Code,
                    });
                case IntakeResult.Invalid invalid:
                    foreach (var (field, message) in invalid.Errors) errors[field] = message;
                    status = invalid.Status;
                    break;
            }
        }
        // Nothing was stored: the same key is kept so that the corrected form still cannot create two cases — unless the key
        // already belongs to another submission (422), when the form gets a fresh one.
        return await FormAsync(context, dataSource, antiforgery, grid, values, errors,
            key is { Length: > 0 } && status != StatusCodes.Status422UnprocessableEntity ? key : IdempotencyKeys.New(), status, ct);
    }

    private static async Task<IResult> FormAsync(HttpContext context, NpgsqlDataSource dataSource, IAntiforgery antiforgery, GridSummary grid,
        ReportFormValues values, IReadOnlyDictionary<string, string> errors, string idempotencyKey, int status, CancellationToken ct)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new RazorComponentResult<ReportPage>(new Dictionary<string, object?>
        {
            [nameof(ReportPage.Grid)] = grid,
            [nameof(ReportPage.Categories)] = await CaseCategories.ActiveAsync(dataSource, ct),
            [nameof(ReportPage.Values)] = values,
            [nameof(ReportPage.Errors)] = errors,
            [nameof(ReportPage.AntiforgeryFieldName)] = tokens.FormFieldName,
            [nameof(ReportPage.AntiforgeryToken)] = tokens.RequestToken!,
            [nameof(ReportPage.IdempotencyKey)] = idempotencyKey,
        }) { StatusCode = status };
    }

    internal static IResult UnknownGrid(string gridCode) =>
        new RazorComponentResult<ResidentMessagePage>(new Dictionary<string, object?>
        {
            [nameof(ResidentMessagePage.Title)] = "未找到该网格",
            [nameof(ResidentMessagePage.Message)] = $"编码为“{gridCode}”的网格不存在或已调整。请重新扫描网格公示牌上的二维码，或拨打 12345 反映问题。",
        }) { StatusCode = StatusCodes.Status404NotFound };

    /// <summary>
    /// The form carries a one-time key and the accepted page a private link: neither may be cached, shared by a proxy or indexed.
    /// Pages that render an antiforgery token get "no-cache, no-store" from the antiforgery service itself (it warns when a
    /// handler set Cache-Control first), so only the accepted page sets it here.
    /// </summary>
    internal static void NoStore(HttpContext context, bool setCacheControl = false)
    {
        if (setCacheControl) context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Robots-Tag"] = "noindex";
    }
}
