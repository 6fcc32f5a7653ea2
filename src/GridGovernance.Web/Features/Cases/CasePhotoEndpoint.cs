using System.Text.RegularExpressions;
using GridGovernance.Web.Features.Intake;
using GridGovernance.Web.Features.Photos;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Cases;

/// <summary>
/// Case photos, only through a right to the case: GET /t/{token}/photos/{sha} for the holder of the case's tracking token, and
/// GET /api/staff/cases/{id}/photos/{sha} for staff who may see the case (the one scope rule, <see cref="StaffScopeSql.SeesCase"/>,
/// in SQL). A hash alone opens nothing; a case outside the scope answers like a missing one (404).
/// ?thumbnail=true gives the 320 px thumbnail.
/// </summary>
internal static partial class CasePhotoEndpoint
{
    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    public static void MapCasePhotos(this IEndpointRouteBuilder app)
    {
        app.MapGet("/t/{token}/photos/{sha}", GetAsync);
        app.MapGet("/api/staff/cases/{caseId:long}/photos/{sha}", GetForStaffAsync).RequireAuthorization(AuthSetup.TerritorialStaffPolicy);
    }

    private static async Task<IResult> GetForStaffAsync(long caseId, string sha, bool? thumbnail, CurrentStaff staff, HttpContext context,
        NpgsqlDataSource dataSource, IPhotoStore store, CancellationToken ct)
    {
        if (!Sha256Pattern().IsMatch(sha)) return NotFound();
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT EXISTS (SELECT 1 FROM case_photo p JOIN case_file c ON c.id = p.case_id
                           WHERE c.id = @id AND p.photo_sha256 = @sha AND {StaffScopeSql.SeesCase("c")})
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("id", caseId));
        command.Parameters.Add(new NpgsqlParameter<string>("sha", sha));
        if (!(bool)(await command.ExecuteScalarAsync(ct))! || store.OpenRead(sha, thumbnail == true) is not { } stream) return NotFound();
        return Serve(context, stream);
    }

    private static IResult NotFound() => ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, "未找到该照片。");

    private static IResult Serve(HttpContext context, Stream stream)
    {
        // Private: behind a token or a login, so no shared cache may keep it.
        context.Response.Headers.CacheControl = "private, max-age=86400";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Stream(stream, "image/jpeg");
    }

    private static async Task<IResult> GetAsync(string token, string sha, bool? thumbnail, HttpContext context, NpgsqlDataSource dataSource,
        IPhotoStore store, CancellationToken ct)
    {
        if (TrackingToken.HashOf(token) is not { } hash || !Sha256Pattern().IsMatch(sha)
            || !await CaseTracking.TokenMayViewPhotoAsync(dataSource, hash, sha, ct)
            || store.OpenRead(sha, thumbnail == true) is not { } stream)
            return NotFound();
        return Serve(context, stream);
    }
}
