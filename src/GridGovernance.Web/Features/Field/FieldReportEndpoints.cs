using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Intake;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGovernance.Web.Features.Field;

/// <summary>
/// GET/POST /field/report: a field report through the same intake as the resident's (one transaction, idempotency key), with
/// the staff member as the reporter. With a position the case goes to the grid that contains it; without one (no GPS
/// indoors, or no JavaScript) to the worker's own grid. Accepted → 303 to the case page, so a refresh cannot post again.
/// </summary>
internal static class FieldReportEndpoints
{
    public static void MapFieldReport(this RouteGroupBuilder field)
    {
        field.MapGet("/report", ShowAsync);
        // Antiforgery is checked in the handler so that an expired token re-renders the form with the text kept.
        field.MapPost("/report", SubmitAsync).DisableAntiforgery();
    }

    private static async Task<IResult> ShowAsync(CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource, IAntiforgery antiforgery,
        CancellationToken ct)
    {
        if (await PlaceOrNullAsync(staff, dataSource, ct) is not { } place) return FieldPages.OnlyForGridStaff(staff, antiforgery, context);
        return await FormAsync(staff, context, dataSource, antiforgery, place, new ReportFormValues(RequestType: RequestType.Report.Code()),
            null, new Dictionary<string, string>(), IdempotencyKeys.New(), StatusCodes.Status200OK, ct);
    }

    private static async Task<IResult> SubmitAsync(IFormCollection form, CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource,
        IAntiforgery antiforgery, CaseIntake intake, OnSpotResolution resolution, CancellationToken ct)
    {
        if (await PlaceOrNullAsync(staff, dataSource, ct) is not { } place) return FieldPages.OnlyForGridStaff(staff, antiforgery, context);

        var files = form.Files.GetFiles("photos").Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
        var values = new ReportFormValues(
            FormReading.Text(form, "requestType"), FormReading.Text(form, "category"), form["description"].ToString(),
            FormReading.Text(form, "phone"), FormReading.Text(form, "lng"), FormReading.Text(form, "lat"), files.Count);
        var household = FormReading.Text(form, UnitHouseholds.HouseholdField);
        var key = FormReading.Text(form, "idempotencyKey");
        var errors = new Dictionary<string, string>();
        var status = StatusCodes.Status400BadRequest;
        var (lng, lat) = FormReading.ParsePosition(form, errors);
        values = values with { Longitude = FormReading.CoordinateText(lng) ?? values.Longitude, Latitude = FormReading.CoordinateText(lat) ?? values.Latitude };
        if (!await antiforgery.IsRequestValidAsync(context))
            errors[IntakeFields.IdempotencyKey] = "页面已过期或来源无法验证，内容未提交。请检查后再点一次“提交上报”（照片需重新选择）。";
        // 随手拍随手办: the same form also closes the matter on the spot (after-photos and a note), for a grid worker.
        var resolveNow = staff.MayResolveOnSpot() && form["resolveNow"].ToString() == "true";
        var afterFiles = form.Files.GetFiles("afterPhotos").Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
        var resolveNote = form[OnSpotResolution.Fields.Note].ToString();
        if (resolveNow && afterFiles.Count == 0) errors["afterPhotos"] = "随手办须拍摄至少一张处置后的现场照片。";
        if (resolveNow && string.IsNullOrWhiteSpace(resolveNote)) errors[OnSpotResolution.Fields.Note] = "随手办须写明现场是如何处置的。";
        values = values with { ResolveNow = resolveNow, ResolveNote = resolveNote };
        var onBehalf = staff.LinkUnitCode() is null ? null : household;
        if (staff.LinkUnitCode() is not null
            && (household is null || !(await UnitHouseholds.OfAsync(dataSource, staff, ct)).Any(h => h.Code == household)))
            errors[UnitHouseholds.HouseholdField] = "请选择本联户单元中您代为上报的住户。";

        if (errors.Count == 0)
        {
            var request = new IntakeRequest(
                staff.LinkUnitCode() is null ? CaseSource.GridWorker : CaseSource.LinkLeader, key,
                lng is null ? place.GridCode : null, values.RequestType, values.Category, values.Description, lng, lat, values.Phone,
                files.Select(f => new IntakePhoto(f.FileName, f.Length, f.OpenReadStream)).ToList(),
                ActorKind: "staff", ActorRole: staff.TimelineRole(), ActorAccountId: staff.Id, OnBehalfHouseholdCode: onBehalf);
            switch (await intake.SubmitAsync(request, ct))
            {
                case IntakeResult.Accepted accepted when resolveNow:
                    // Filed first (its own transaction, idempotent by the form's key), then closed under a key derived from it:
                    // a retry of the whole form lands once on both. Refused closing leaves the case filed, to be closed on its page.
                    var closed = await resolution.ResolveAsync(staff, accepted.CaseId, ResolveKey(key!), resolveNote,
                        afterFiles.Select(f => new IntakePhoto(f.FileName, f.Length, f.OpenReadStream)).ToList(), ct);
                    return FieldPages.SeeOther(closed is ResolutionResult.Resolved
                        ? $"/field/cases/{accepted.CaseId}?resolved=1" : $"/field/cases/{accepted.CaseId}?accepted=1");
                case IntakeResult.Accepted accepted:
                    return FieldPages.SeeOther($"/field/cases/{accepted.CaseId}?accepted=1");
                case IntakeResult.Invalid invalid:
                    foreach (var (field, message) in invalid.Errors) errors[field] = message;
                    status = invalid.Status;
                    break;
            }
        }
        return await FormAsync(staff, context, dataSource, antiforgery, place, values, household, errors,
            key is { Length: > 0 } && status != StatusCodes.Status422UnprocessableEntity ? key : IdempotencyKeys.New(), status, ct);
    }

    private static string ResolveKey(string key) => (key.Length > 90 ? key[..90] : key) + "-done";

    private static async Task<FieldPlace?> PlaceOrNullAsync(CurrentStaff staff, NpgsqlDataSource dataSource, CancellationToken ct) =>
        staff.WorksInOneGrid() ? await FieldPlaces.FindAsync(dataSource, staff, FieldCaseStates.Open, ct) : null;

    private static async Task<IResult> FormAsync(CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource, IAntiforgery antiforgery,
        FieldPlace place, ReportFormValues values, string? household, IReadOnlyDictionary<string, string> errors, string idempotencyKey,
        int status, CancellationToken ct) =>
        new RazorComponentResult<FieldReportPage>(new Dictionary<string, object?>
        {
            [nameof(FieldReportPage.User)] = FieldUser.Of(staff),
            [nameof(FieldReportPage.Antiforgery)] = FieldAntiforgery.Issue(antiforgery, context),
            [nameof(FieldReportPage.Place)] = place,
            [nameof(FieldReportPage.Categories)] = await CaseCategories.ActiveAsync(dataSource, ct),
            [nameof(FieldReportPage.Households)] = await UnitHouseholds.OfAsync(dataSource, staff, ct),
            [nameof(FieldReportPage.Values)] = values,
            [nameof(FieldReportPage.Household)] = household,
            [nameof(FieldReportPage.Errors)] = errors,
            [nameof(FieldReportPage.IdempotencyKey)] = idempotencyKey,
            [nameof(FieldReportPage.Outline)] = await Places.GridOutlineAsync(dataSource, place.GridCode, ct),
        }) { StatusCode = status };
}
