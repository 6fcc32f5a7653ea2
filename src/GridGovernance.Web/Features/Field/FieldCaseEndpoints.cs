using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Intake;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Field;

/// <summary>
/// The field worker's home (/field), case list (/field/cases), case page (/field/cases/{id}) and the on-the-spot closing
/// (POST /field/cases/{id}/resolve). A case outside the caller's scope answers 404 like a missing one, and the attempt is logged.
/// </summary>
internal static class FieldCaseEndpoints
{
    public static void MapFieldCases(this RouteGroupBuilder field)
    {
        field.MapGet("", HomeAsync);
        field.MapGet("/cases", ListAsync);
        field.MapGet("/cases/{caseId:long}", ShowAsync);
        field.MapPost("/cases/{caseId:long}/resolve", ResolveAsync).DisableAntiforgery();
    }

    private static async Task<IResult> HomeAsync(CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource, IAntiforgery antiforgery,
        Tiles.TerritoryRevision revision, IOptions<Map.MapSettings> map, CancellationToken ct)
    {
        // Read before the place: the map follows grid edits from this revision on (field-map.js), so none committed meanwhile is missed.
        var territoryRevision = await revision.CurrentAsync(ct);
        return new RazorComponentResult<FieldHomePage>(new Dictionary<string, object?>
        {
            [nameof(FieldHomePage.User)] = FieldUser.Of(staff),
            [nameof(FieldHomePage.Antiforgery)] = FieldAntiforgery.Issue(antiforgery, context),
            [nameof(FieldHomePage.Place)] = await FieldPlaces.FindAsync(dataSource, staff, FieldCaseStates.Open, ct),
            [nameof(FieldHomePage.TerritoryRevision)] = territoryRevision,
            [nameof(FieldHomePage.TerritoryPollSeconds)] = map.Value.TerritoryPollSeconds,
        });
    }

    private static async Task<IResult> ListAsync(string? state, CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource,
        IAntiforgery antiforgery, CancellationToken ct)
    {
        var (filter, codes) = FieldCaseStates.Filter(state);
        // Read before the list: the live client (live-page.js) starts after it, so nothing committed meanwhile is missed.
        var liveAfter = await Live.OutboxEvents.NewestIdAsync(dataSource, ct);
        return new RazorComponentResult<FieldCasesPage>(new Dictionary<string, object?>
        {
            [nameof(FieldCasesPage.LiveAfter)] = liveAfter,
            // The caller's own territory, or for a 联户长 their 十联户 unit (its events are those of the cases they reported).
            [nameof(FieldCasesPage.LiveScope)] = staff.Role.IsTerritorial() ? staff.ScopeCode : null,
            [nameof(FieldCasesPage.User)] = FieldUser.Of(staff),
            [nameof(FieldCasesPage.Antiforgery)] = FieldAntiforgery.Issue(antiforgery, context),
            [nameof(FieldCasesPage.Cases)] = await FieldCaseQueries.ListAsync(dataSource, staff, codes, ct),
            [nameof(FieldCasesPage.Filter)] = filter,
        });
    }

    private static Task<IResult> ShowAsync(long caseId, int? accepted, int? resolved, string? done, CurrentStaff staff, HttpContext context,
        NpgsqlDataSource dataSource, CaseSecrets secrets, IAntiforgery antiforgery, ILoggerFactory loggers, CancellationToken ct) =>
        PageAsync(caseId, staff, context, dataSource, secrets, antiforgery, loggers, StatusCodes.Status200OK, ct,
            accepted: accepted == 1, notice: resolved == 1 ? "已现场处置办结。" : FieldWorkEndpoints.DoneNotice(done));

    private static async Task<IResult> ResolveAsync(long caseId, IFormCollection form, CurrentStaff staff, HttpContext context,
        NpgsqlDataSource dataSource, CaseSecrets secrets, IAntiforgery antiforgery, OnSpotResolution resolution, ILoggerFactory loggers,
        CancellationToken ct)
    {
        var key = FormReading.Text(form, OnSpotResolution.Fields.Key);
        var note = form[OnSpotResolution.Fields.Note].ToString();
        ResolutionResult result;
        if (!await antiforgery.IsRequestValidAsync(context))
            result = new ResolutionResult.Invalid(new Dictionary<string, string>
            {
                [OnSpotResolution.Fields.Key] = "页面已过期或来源无法验证，未办结。请再点一次“现场处置办结”（照片需重新选择）。",
            });
        else
        {
            var files = form.Files.GetFiles("photos").Where(f => f.Length > 0 || f.FileName.Length > 0)
                .Select(f => new IntakePhoto(f.FileName, f.Length, f.OpenReadStream)).ToList();
            result = await resolution.ResolveAsync(staff, caseId, key, note, files, ct);
        }

        return result switch
        {
            ResolutionResult.Resolved => FieldPages.SeeOther($"/field/cases/{caseId}?resolved=1"),
            ResolutionResult.Invalid invalid => await PageAsync(caseId, staff, context, dataSource, secrets, antiforgery, loggers,
                StatusCodes.Status400BadRequest, ct, errors: invalid.Errors, note: note, requestKey: key),
            ResolutionResult.Refused refused => await PageAsync(caseId, staff, context, dataSource, secrets, antiforgery, loggers,
                StatusCodes.Status409Conflict, ct, notice: refused.Message),
            _ => await PageAsync(caseId, staff, context, dataSource, secrets, antiforgery, loggers, StatusCodes.Status404NotFound, ct),
        };
    }

    internal static async Task<IResult> PageAsync(long caseId, CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource,
        CaseSecrets secrets, IAntiforgery antiforgery, ILoggerFactory loggers, int status, CancellationToken ct, bool accepted = false,
        string? notice = null, IReadOnlyDictionary<string, string>? errors = null, string? note = null, string? requestKey = null,
        string? revealedPhone = null)
    {
        var found = await FieldCaseQueries.FindAsync(dataSource, secrets, staff, caseId, ct);
        if (found is null)
        {
            loggers.CreateLogger("GridGovernance.Accounts.Scope").LogWarning(
                "Case {CaseId} not found in scope of account {AccountId} (scope {ScopeCode})", caseId, staff.Id, staff.ScopeCode);
            return FieldPages.CaseNotFound(staff, antiforgery, context, caseId);
        }
        return new RazorComponentResult<FieldCasePage>(new Dictionary<string, object?>
        {
            [nameof(FieldCasePage.User)] = FieldUser.Of(staff),
            [nameof(FieldCasePage.Antiforgery)] = FieldAntiforgery.Issue(antiforgery, context),
            [nameof(FieldCasePage.Case)] = found,
            [nameof(FieldCasePage.Duplicates)] = !found.State.IsOpen() ? [] : await DuplicateHints.ForCaseAsync(dataSource, staff, caseId, ct),
            [nameof(FieldCasePage.Accepted)] = accepted,
            [nameof(FieldCasePage.Notice)] = notice,
            [nameof(FieldCasePage.Errors)] = errors ?? new Dictionary<string, string>(),
            [nameof(FieldCasePage.Note)] = note,
            [nameof(FieldCasePage.RequestKey)] = requestKey is { Length: > 0 } ? requestKey : IdempotencyKeys.New(),
            [nameof(FieldCasePage.Actions)] = FieldWorkEndpoints.ActionsFor(staff, found.State),
            [nameof(FieldCasePage.RevealedPhone)] = revealedPhone,
        }) { StatusCode = status };
    }
}
