using System.Globalization;
using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Territory;
using GridGovernance.Web.Infrastructure;
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
        // The map pin's question: the readable place of a point and how it lies to the grid (resident and field forms).
        app.MapGet("/g/{gridCode}/place", PlaceAsync);
        // 附议: the open reports of the same kind near the pin, and "我也遇到" instead of a new case.
        app.MapGet("/g/{gridCode}/nearby", NearbyAsync);
        app.MapPost("/g/{gridCode}/second", SecondAsync).WithMetadata(PublicSubmissionMetadata.Instance).DisableAntiforgery();
    }

    private static async Task<IResult> NearbyAsync(string gridCode, HttpContext context, NpgsqlDataSource dataSource, TimeProvider clock,
        CancellationToken ct)
    {
        var lng = QueryCoordinates.Coordinate(context.Request.Query, "lng", "经度", 180);
        if (lng.Error is not null) return lng.Error;
        var lat = QueryCoordinates.Coordinate(context.Request.Query, "lat", "纬度", 90);
        if (lat.Error is not null) return lat.Error;
        var category = context.Request.Query["category"].ToString();
        if (category.Length is < 1 or > 10) return QueryCoordinates.Bad("category", "缺少参数 category（问题类别）。");
        if (TerritoryCode.Problem(gridCode, TerritoryLevel.Grid) is not null)
            return ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, $"编码为“{gridCode}”的网格不存在。");
        var found = await CaseSeconding.NearbyAsync(dataSource, gridCode, category, lng.Value, lat.Value, clock.GetUtcNow(), ct);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new
        {
            count = found.Count,
            reports = found.Select(r => new
            {
                number = r.Number, category = r.CategoryName, state = r.StateName, distanceMetres = r.DistanceMetres,
                reportedAt = GridGovernance.Domain.Calendar.ChinaTime.Text(r.CreatedAt), seconds = r.Seconds,
            }),
        });
    }

    private static async Task<IResult> SecondAsync(string gridCode, IFormCollection form, HttpContext context, NpgsqlDataSource dataSource,
        IAntiforgery antiforgery, CancellationToken ct)
    {
        NoStore(context, setCacheControl: true);
        if (!await antiforgery.IsRequestValidAsync(context))
            return Message("附议未提交", "页面已过期，请返回上一页刷新后再试。", StatusCodes.Status400BadRequest);
        var result = await CaseSeconding.SecondAsync(dataSource, gridCode, FormReading.Text(form, "number"),
            FormReading.Text(form, "idempotencyKey"), ct);
        return result switch
        {
            CaseSeconding.Result.Seconded s => new RazorComponentResult<ResidentMessagePage>(new Dictionary<string, object?>
            {
                [nameof(ResidentMessagePage.Title)] = "已附议",
                [nameof(ResidentMessagePage.Message)] =
                    $"谢谢！已记下您也遇到这个问题（案件 {s.Number}，{s.StateName}，共 {s.Seconds + 1} 人反映），网格员会一并处理，无需重复提交。",
            }),
            CaseSeconding.Result.Refused r => Message("附议未提交", r.Reason, r.Status),
            _ => throw new InvalidOperationException(),
        };
    }

    private static IResult Message(string title, string message, int status) =>
        new RazorComponentResult<ResidentMessagePage>(new Dictionary<string, object?>
        {
            [nameof(ResidentMessagePage.Title)] = title,
            [nameof(ResidentMessagePage.Message)] = message,
        }) { StatusCode = status };

    private static async Task<IResult> PlaceAsync(string gridCode, HttpContext context, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var lng = QueryCoordinates.Coordinate(context.Request.Query, "lng", "经度", 180);
        if (lng.Error is not null) return lng.Error;
        var lat = QueryCoordinates.Coordinate(context.Request.Query, "lat", "纬度", 90);
        if (lat.Error is not null) return lat.Error;
        var point = QueryCoordinates.ToWgs84(context.Request.Query, new Domain.Geo.LngLat(lng.Value, lat.Value));
        if (point.Error is not null) return point.Error;
        if (TerritoryCode.Problem(gridCode, TerritoryLevel.Grid) is not null
            || await Places.DescribeAsync(dataSource, gridCode, point.Wgs84.Lng, point.Wgs84.Lat, ct) is not { } answer)
            return ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, $"编码为“{gridCode}”的网格不存在。");
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new
        {
            place = answer.Place, insideGrid = answer.InsideGrid, metresOutside = answer.MetresOutside, farOutside = answer.FarOutside,
            lng = Math.Round(point.Wgs84.Lng, 6), lat = Math.Round(point.Wgs84.Lat, 6),
        });
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
        var (lng, lat) = FormReading.ParsePosition(form, errors);
        values = values with { Longitude = FormReading.CoordinateText(lng) ?? values.Longitude, Latitude = FormReading.CoordinateText(lat) ?? values.Latitude };
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
            [nameof(ReportPage.Outline)] = await Places.GridOutlineAsync(dataSource, grid.Code, ct),
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
