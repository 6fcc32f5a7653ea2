using System.Globalization;

namespace GridGovernance.Web.Features.Tiles;

/// <summary>
/// GET /api/territory/revision: the territory revision that keys every tile, as <c>{"revision": N}</c> — one number, no codes,
/// no people, no case. Maps that follow no outbox (the public /map, whose residents join no hub group, and the grid worker's
/// field map) ask for it now and then and, when it has moved on, ask for their tiles or their grid data at the new revision
/// (<c>js/territory-follow.js</c>). It costs the database nothing: the value is this instance's reading of
/// <see cref="TerritoryRevision"/> (read at most once per <c>GridGov:Tiles:RevisionCheckSeconds</c>, moved on at once by an
/// edit of this instance); the answer is revalidated by entity tag, so an unchanged revision is a bodiless 304.
/// </summary>
internal static class RevisionEndpoint
{
    public const string Route = "/api/territory/revision";

    public static async Task<IResult> GetAsync(HttpContext http, TerritoryRevision revision, CancellationToken cancellationToken)
    {
        var current = await revision.CurrentAsync(cancellationToken);
        var etag = $"\"r{current.ToString(CultureInfo.InvariantCulture)}\"";
        // Asked again every time (no-cache), but shared caches may hold it: it is the same for everyone.
        http.Response.Headers.CacheControl = "public, no-cache";
        http.Response.Headers.ETag = etag;
        if (TileEndpoint.IsNotModified(http.Request, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Json(new RevisionAnswer(current));
    }

    internal sealed record RevisionAnswer(long Revision);
}
