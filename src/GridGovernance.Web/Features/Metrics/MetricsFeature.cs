using System.Diagnostics.Metrics;
using System.Net;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Settings;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;

namespace GridGovernance.Web.Features.Metrics;

/// <summary>
/// OpenTelemetry metrics in Prometheus text format at /metrics: HTTP (ASP.NET Core), the Npgsql pools (named data sources),
/// SignalR connections (ASP.NET Core's connection meter) and the app's own (<see cref="GridGovMetrics"/>). The page is not
/// public: only loopback and GridGov:Metrics:AllowedNetworks may read it; anyone else gets the same 404 as for a page that
/// does not exist. Behind nginx the check sees the client's address only when nginx is in GridGov:TrustedProxies.
/// </summary>
internal static class MetricsFeature
{
    public const string Path = "/metrics";

    public static IServiceCollection AddGridGovernanceMetrics(this IServiceCollection services)
    {
        services.AddSettings<MetricsOptions>(MetricsOptions.Section);
        services.AddSingleton(sp => new GridGovMetrics(sp.GetRequiredService<IMeterFactory>()));
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddNpgsqlInstrumentation()
            // SignalR's connections (signalr.server.active_connections, …) come from ASP.NET Core's own meter.
            .AddMeter("Microsoft.AspNetCore.Http.Connections")
            .AddMeter(GridGovMetrics.MeterName)
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Before request logging: a scrape every few seconds is not worth a log line.</summary>
    public static void UseMetricsEndpoint(this WebApplication app) =>
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: context => context.Request.Path == Path,
            path: null,
            configureBranchedPipeline: branch => branch.Use(RefuseOutsidersAsync),
            optionsName: null);

    private static async Task RefuseOutsidersAsync(HttpContext context, RequestDelegate next)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (MayRead(context.Connection.RemoteIpAddress, options.Networks()))
        {
            await next(context);
            return;
        }
        await ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, "请求的地址不存在。").ExecuteAsync(context);
    }

    internal static bool MayRead(IPAddress? client, IReadOnlyList<System.Net.IPNetwork> allowed)
    {
        if (client is null) return false;
        if (client.IsIPv4MappedToIPv6) client = client.MapToIPv4();
        return IPAddress.IsLoopback(client) || allowed.Any(network => network.Contains(client));
    }
}
