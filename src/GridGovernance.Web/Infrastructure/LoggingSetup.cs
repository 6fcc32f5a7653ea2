using GridGovernance.Web.Infrastructure.Settings;
using Microsoft.AspNetCore.SignalR;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace GridGovernance.Web.Infrastructure;

/// <summary>Serilog through Microsoft.Extensions.Logging (Serilog.AspNetCore does not restore here).</summary>
internal static class LoggingSetup
{
    public static void AddGridGovernanceLogging(this WebApplicationBuilder builder)
    {
        var configuration = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("App", "GridGovernance")
            .Filter.ByExcluding(IsHubRefusal);

        // JSON lines for log shippers in production; readable lines for a person at a terminal.
        // Read before the container exists; the same binder and checks as every other setting.
        configuration = SettingsBinder.Read<GridGovOptions>(builder.Configuration, GridGovOptions.Section).JsonLogs
            ? configuration.WriteTo.Console(new JsonFormatter(renderMessage: true))
            : configuration.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(configuration.CreateLogger(), dispose: true);
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
}
