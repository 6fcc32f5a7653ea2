using Serilog;
using Serilog.Events;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// One structured line per request through Serilog.AspNetCore: method, route template, status and duration. Never the
/// path or the query string: a path may be a resident's private tracking link (/t/{token}), a query may hold positions.
/// </summary>
internal static class RequestLogging
{
    public const string MessageTemplate = "HTTP {Method} {Endpoint} responded {StatusCode} in {ElapsedMs:0.0} ms";

    public static void UseGridGovernanceRequestLogging(this WebApplication app) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = MessageTemplate;
            options.IncludeQueryInRequestPath = false;
            options.GetLevel = (context, _, _) => IsFrequent(context.Request.Path) ? LogEventLevel.Debug : LogEventLevel.Information;
            options.GetMessageTemplateProperties = (context, _, elapsedMs, statusCode) =>
            [
                new LogEventProperty("Method", new ScalarValue(context.Request.Method)),
                new LogEventProperty("Endpoint", new ScalarValue(EndpointOf(context))),
                new LogEventProperty("StatusCode", new ScalarValue(statusCode)),
                new LogEventProperty("ElapsedMs", new ScalarValue(elapsedMs)),
            ];
        });

    /// <summary>
    /// What a log line may say about where a request went: its route template (/t/{token}), or, for a request no route
    /// matched (a static file, a 404), only its first path segment (/lib/…), never the rest of the path.
    /// </summary>
    public static string EndpointOf(HttpContext context)
    {
        if ((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } template) return template;
        var path = context.Request.Path.Value ?? "";
        var second = path.Length > 1 ? path.IndexOf('/', 1) : -1;
        return second < 0 ? path : $"{path[..second]}/…";
    }

    /// <summary>Health probes, tiles and map labels (fetched on every pan) are frequent and uninteresting one by one: Debug.</summary>
    private static bool IsFrequent(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/tiles")
        || path.StartsWithSegments("/lib") || path.StartsWithSegments("/api/map/labels");
}
