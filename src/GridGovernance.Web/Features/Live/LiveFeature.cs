using GridGovernance.Web.Features.Metrics;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Settings;
using Npgsql;

namespace GridGovernance.Web.Features.Live;

/// <summary>
/// Live updates (issue 5): every state change writes an outbox event in its transaction (migration 0012); each instance
/// LISTENs (<see cref="OutboxListener"/>), forwards committed events to the SignalR groups of /hubs/live
/// (<see cref="OutboxForwarder"/>), and serves what a client missed (GET /api/events); old events are pruned. A signed-out
/// account's open connections are closed on every instance (<see cref="LiveSignOut"/>).
/// </summary>
internal static class LiveFeature
{
    public static IServiceCollection AddLive(this IServiceCollection services)
    {
        services.AddSettings<LiveOptions>(LiveOptions.Section);
        services.AddSettings<OutboxPruneOptions>(OutboxPruneOptions.Section);
        services.AddSignalR();
        services.AddSingleton(sp =>
        {
            var forwarder = ActivatorUtilities.CreateInstance<OutboxForwarder>(sp);
            OutboxLag.Observe(sp.GetRequiredService<GridGovMetrics>(), forwarder, sp.GetRequiredService<NpgsqlDataSource>());
            return forwarder;
        }).AddHostedService(sp => sp.GetRequiredService<OutboxForwarder>());
        services.AddSingleton<LiveConnections>();
        services.AddSingleton<LiveSignal>();
        // One per circuit: interactive pages hear when their connection comes back and read what they missed.
        services.AddScoped<CircuitResumed>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitResumed>());
        services.AddSingleton<LiveSignOut>().AddHostedService(sp => sp.GetRequiredService<LiveSignOut>());
        services.AddSingleton<OutboxListener>().AddHostedService(sp => sp.GetRequiredService<OutboxListener>());
        services.AddSingleton<OutboxPruner>().AddHostedService(sp => sp.GetRequiredService<OutboxPruner>());
        return services;
    }

    public static void MapLive(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events", EventsEndpoint.GetAsync).RequireAuthorization(AuthSetup.StaffPolicy);
        // Open to residents too: the hub itself checks every join (LiveHub).
        app.MapHub<LiveHub>(LiveHub.Path);
    }
}
