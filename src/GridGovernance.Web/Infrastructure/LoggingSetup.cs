using Serilog;
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
            .Enrich.WithProperty("App", "GridGovernance");

        // JSON lines for log shippers in production; readable lines for a person at a terminal.
        configuration = builder.Configuration.GetValue<bool>("GridGov:JsonLogs")
            ? configuration.WriteTo.Console(new JsonFormatter(renderMessage: true))
            : configuration.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(configuration.CreateLogger(), dispose: true);
    }
}
