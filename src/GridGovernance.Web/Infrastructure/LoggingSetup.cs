using GridGovernance.Web.Infrastructure.Settings;
using Microsoft.AspNetCore.SignalR;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Hosting;
using Serilog.Formatting.Json;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// Serilog for every log line, configured from the Serilog section; requests are logged by Serilog.AspNetCore
/// (<see cref="RequestLogging"/>). No personal data: no query strings, no request paths (a resident's tracking link
/// /t/{token} is a key to their case), only route templates.
/// </summary>
internal static class LoggingSetup
{
    public static void AddGridGovernanceLogging(this WebApplicationBuilder builder)
    {
        var configuration = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            // ASP.NET Core's own "Request starting …/finished …" lines carry the path and query; Serilog's request line
            // replaces them. Set after the configuration, so no setting can turn them back on.
            .MinimumLevel.Override("Microsoft.AspNetCore.Hosting.Diagnostics", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("App", "GridGovernance")
            .Enrich.With<WithoutRequestPath>()
            .Filter.ByExcluding(IsHubRefusal);

        // JSON lines for log shippers in production; readable lines for a person at a terminal.
        // Read before the container exists; the same binder and checks as every other setting.
        configuration = SettingsBinder.Read<GridGovOptions>(builder.Configuration, GridGovOptions.Section).JsonLogs
            ? configuration.WriteTo.Console(new JsonFormatter(renderMessage: true))
            : configuration.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
        var logger = configuration.CreateLogger();

        // Serilog as a provider of Microsoft.Extensions.Logging's factory (not in place of it, as AddSerilog() would): other
        // providers registered by the host, such as the tests' log capture, keep seeing every entry.
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        // What Serilog.AspNetCore's request logging needs: the logger it writes to and the per-request diagnostic context.
        builder.Services.AddSingleton<Serilog.ILogger>(logger);
        builder.Services.AddSingleton(new DiagnosticContext(logger));
        builder.Services.AddSingleton<IDiagnosticContext>(services => services.GetRequiredService<DiagnosticContext>());
    }

    /// <summary>
    /// SignalR logs every exception a hub method throws as an Error ("Failed to invoke hub method"), a
    /// <see cref="HubException"/> too; but a HubException is how a hub tells the client "no" on purpose (a refused live
    /// join), which the hub already logs at the level it deserves. Any other exception from a hub method stays an Error.
    /// </summary>
    internal static bool IsHubRefusal(LogEvent logEvent) =>
        logEvent.Exception is HubException
        && logEvent.Properties.TryGetValue("SourceContext", out var source)
        && source is ScalarValue { Value: string category }
        && category.StartsWith("Microsoft.AspNetCore.SignalR.", StringComparison.Ordinal);

    /// <summary>
    /// ASP.NET Core opens a log scope per request holding RequestPath, which Serilog turns into a property of every line
    /// written during the request (visible in JSON logs): the path may be a tracking link. The request's line names the
    /// route template instead; RequestId still ties a request's lines together.
    /// </summary>
    private sealed class WithoutRequestPath : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) => logEvent.RemovePropertyIfPresent("RequestPath");
    }
}
