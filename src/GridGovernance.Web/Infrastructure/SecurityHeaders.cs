using GridGovernance.Web.Features.Map;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// Security headers on every answer: a strict Content-Security-Policy (scripts, styles, fonts and connections from this origin
/// only — WebSockets to this origin included, for the live hub and Blazor; images also from the configured basemap's tile
/// hosts; inline style ATTRIBUTES allowed because Leaflet positions tiles and markers with them, inline scripts and style
/// elements not), no framing by other sites (frame-ancestors and X-Frame-Options for old browsers), no MIME sniffing, and a
/// referrer that never carries a path (tracking links are secrets).
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next, IOptions<MapSettings> map)
{
    private readonly string _policy = PolicyFor(map.Value);

    public Task InvokeAsync(HttpContext context)
    {
        // When the answer starts: the exception handler clears the headers of a failed response before writing its own.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = _policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }

    internal static string PolicyFor(MapSettings map)
    {
        var imageHosts = string.Concat(BasemapHosts(map).Select(h => " " + h));
        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "style-src-attr 'unsafe-inline'",
            $"img-src 'self' data: blob:{imageHosts}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    }

    /// <summary>scheme://host of each basemap tile server, one per subdomain its {s} stands for (CSP has no wildcard in the middle of a host).</summary>
    internal static IEnumerable<string> BasemapHosts(MapSettings map) =>
        map.BasemapLayers()
            .SelectMany(layer => layer.UrlTemplate.Contains("{s}", StringComparison.Ordinal)
                ? layer.Subdomains.Select(s => layer.UrlTemplate.Replace("{s}", s.ToString(), StringComparison.Ordinal))
                : [layer.UrlTemplate])
            .Select(url => Uri.TryCreate(url.Split('{')[0], UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                ? $"{uri.Scheme}://{uri.Authority}"
                : null)
            .OfType<string>()
            .Distinct();
}

/// <summary>
/// A WebSocket (the live hub, the Blazor circuit) carries the login cookie whichever page opened it, so a page on another site
/// could open one in a signed-in user's name (cross-site WebSocket hijacking: CORS does not apply to WebSockets). A browser
/// always says which page asked (Origin): it must be this host, or GridGov:PublicBaseUrl's. Clients that are not browsers send
/// no Origin and carry no victim's cookie; they pass.
/// </summary>
internal sealed class SocketOriginCheck(RequestDelegate next, Microsoft.Extensions.Options.IOptions<GridGovOptions> options, ILogger<SocketOriginCheck> logger)
{
    private readonly string? _publicAuthority =
        Uri.TryCreate(options.Value.PublicBase(), UriKind.Absolute, out var uri) ? uri.Authority : null;

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsSocketPath(context) && context.Request.Headers.Origin.ToString() is { Length: > 0 } origin && !Allowed(origin, context.Request))
        {
            logger.LogWarning("Refused a live connection to {Path} from another origin", context.Request.Path);
            await ProblemDetailsSetup.WriteErrorAsync(context, StatusCodes.Status403Forbidden, "不允许从其他网站建立实时连接。");
            return;
        }
        await next(context);
    }

    /// <summary>The hubs and Blazor's circuit (their negotiate requests too), and any WebSocket upgrade.</summary>
    private static bool IsSocketPath(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/hubs") || context.Request.Path.StartsWithSegments("/_blazor")
        || InputGuard.IsWebSocketUpgrade(context.Request);

    private bool Allowed(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var from)
        && (string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            || (_publicAuthority is not null && string.Equals(from.Authority, _publicAuthority, StringComparison.OrdinalIgnoreCase)));
}
