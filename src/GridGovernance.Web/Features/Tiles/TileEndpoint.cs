using System.Diagnostics;
using System.Globalization;
using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Features.Metrics;
using GridGovernance.Web.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace GridGovernance.Web.Features.Tiles;

/// <summary>
/// GET /tiles/{layer}/{z}/{x}/{y}.mvt: one Mapbox Vector Tile of a territory layer.
/// Cut tiles are cached in memory per territory revision and revalidated by entity tag, so a map panning over known ground
/// costs neither the database nor the network.
/// </summary>
internal static class TileEndpoint
{
    public const string Route = "/tiles/{layer}/{z}/{x}/{y}.mvt";
    public const string ContentType = "application/vnd.mapbox-vector-tile";

    /// <summary>Tiles larger than this are too slow for a phone on a weak link; the zoom rules are meant to keep them under it.</summary>
    public const int SizeBudgetBytes = 500 * 1024;

    /// <summary>Five minutes: long enough to pan back and forth for free, short enough that an import shows the same hour.</summary>
    private const string MaxAge = "max-age=300";

    public static async Task<IResult> GetTileAsync(
        string layer, string z, string x, string y, HttpContext http,
        TileStore tiles, TerritoryRevision revision, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (!TileLayers.ByName.TryGetValue(layer, out var tileLayer))
            return ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound,
                $"没有名为“{Shorten(layer)}”的图层。可用的图层：{string.Join("、", TileLayers.ByName.Keys)}。");
        if (ParseCoordinates(z, x, y) is not (var zoom, var column, var row))
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, CoordinatesProblem(z, x, y));

        var response = http.Response;
        CurrentStaff? staff = null;
        if (tileLayer.HoldsPersonalData)
        {
            // Households are personal data: signed-in territorial staff only, each within their scope.
            staff = CurrentStaff.From(http.User);
            if (staff is null)
                return ProblemDetailsSetup.Problem(StatusCodes.Status401Unauthorized, $"“{tileLayer.Name}”图层含住户信息，请先登录。");
            if (!staff.Role.IsTerritorial())
                return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, $"当前账号的角色无权查看“{tileLayer.Name}”图层。");
            // Browsers may keep them, shared proxies must not, and another account signing in on the same browser must not
            // be handed the first one's tile.
            response.Headers.CacheControl = "private, " + MaxAge;
            response.Headers.Vary = "Cookie";
        }
        else response.Headers.CacheControl = "public, " + MaxAge;
        if (!tileLayer.DrawnAt(zoom)) return Results.NoContent();

        // A map that knows of a newer territory (?v=revision: the grid editor after an edit, a live map after a territory
        // event) must not be answered from an older reading of the revision, whose tiles may show the old grids.
        var currentRevision = await revision.CurrentAsync(RevisionAsked(http.Request), cancellationToken);
        var (content, hit) = await tiles.GetAsync(tileLayer, zoom, column, row, currentRevision, cancellationToken, staff);
        response.Headers.ETag = content.ETag;
        response.Headers["X-Tile-Cache"] = hit ? "hit" : "miss";
        // Counted here, not in the store: the warm-up's own passes over cached tiles would read as visitors' hits.
        http.RequestServices.GetRequiredService<GridGovMetrics>().TileLookup(hit);
        response.Headers["Server-Timing"] =
            $"tile;desc=\"{(hit ? "cache" : "postgis")}\";dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture)}";

        if (IsNotModified(http.Request, content.ETag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return content.Bytes.Length == 0 ? Results.NoContent() : Results.Bytes(content.Bytes, ContentType);
    }

    /// <summary>The <c>v</c> query parameter (a territory revision the map knows), or 0 when absent or unreadable.</summary>
    internal static long RevisionAsked(HttpRequest request) =>
        request.Query["v"] is [{ } text] && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    /// <summary>z in 0–22 and x, y inside the 2^z × 2^z grid of that zoom; null otherwise.</summary>
    internal static (int Z, int X, int Y)? ParseCoordinates(string z, string x, string y)
    {
        if (!TryParse(z, out var zoom) || !TryParse(x, out var column) || !TryParse(y, out var row)) return null;
        if (zoom > TileLayers.MaxZoom) return null;
        var tilesPerSide = 1L << zoom;
        return column < tilesPerSide && row < tilesPerSide ? (zoom, column, row) : null;
    }

    private static string CoordinatesProblem(string z, string x, string y)
    {
        if (!TryParse(z, out var zoom) || zoom > TileLayers.MaxZoom)
            return $"缩放级别应为 0–{TileLayers.MaxZoom} 的整数，实际为“{Shorten(z)}”。";
        var last = (1L << zoom) - 1;
        return $"缩放级别 {zoom} 的瓦片行列号应为 0–{last} 的整数，实际为 x=“{Shorten(x)}”，y=“{Shorten(y)}”。";
    }

    private static bool TryParse(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    internal static bool IsNotModified(HttpRequest request, string etag)
    {
        var ifNoneMatch = request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Count == 0) return false;
        var current = EntityTagHeaderValue.Parse(etag);
        return ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }

    /// <summary>Echo at most a little of what the caller sent, so a problem message never grows with the input.</summary>
    private static string Shorten(string text) => text.Length <= 24 ? text : string.Concat(text.AsSpan(0, 24), "…");
}
