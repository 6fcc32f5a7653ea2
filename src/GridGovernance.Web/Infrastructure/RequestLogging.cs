using System.Diagnostics;

namespace GridGovernance.Web.Infrastructure;

/// <summary>One structured line per request: method, route template, status and duration (never the query string, which may hold positions).</summary>
internal sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var path = context.Request.Path.Value ?? "";
            // Health probes, tiles and map labels (fetched on every pan) are frequent and uninteresting one by one; keep them at Debug.
            var level = path.StartsWith("/healthz", StringComparison.Ordinal) || path.StartsWith("/readyz", StringComparison.Ordinal)
                        || path.StartsWith("/tiles/", StringComparison.Ordinal) || path.StartsWith("/lib/", StringComparison.Ordinal)
                        || path.StartsWith("/api/map/labels/", StringComparison.Ordinal)
                ? LogLevel.Debug
                : LogLevel.Information;
            var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? path;
            logger.Log(level, "HTTP {Method} {Endpoint} responded {StatusCode} in {ElapsedMs:0.0} ms",
                context.Request.Method, endpoint, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
