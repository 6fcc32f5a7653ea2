using GridGovernance.Data.Database;
using GridGovernance.Web.Features.Live;
using Npgsql;

namespace GridGovernance.Web.Features.Health;

/// <summary>
/// /healthz: the process is alive. /readyz: it can serve — the database answers and every migration is applied; it also says
/// whether live updates are listening and the last event this instance forwarded.
/// </summary>
internal static class HealthFeature
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", async (NpgsqlDataSource dataSource, OutboxListener listener, OutboxForwarder forwarder, ILoggerFactory loggers,
            CancellationToken cancellationToken) =>
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                if (!await MigrationRunner.AllAppliedAsync(connection, cancellationToken))
                    return Infrastructure.ProblemDetailsSetup.Problem(503, "数据库迁移尚未全部完成。");
                // Live updates are reported, not required: without LISTEN the forwarder still polls every few seconds.
                return Results.Json(new
                {
                    status = "ready",
                    migrations = MigrationRunner.Embedded.Count,
                    live = listener.Listening ? "listening" : "reconnecting",
                    lastEventForwarded = forwarder.LastForwarded,
                });
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                loggers.CreateLogger("GridGovernance.Health").LogWarning("Readiness check failed: {Error}", e.Message);
                return Infrastructure.ProblemDetailsSetup.Problem(503, "数据库无法连接。");
            }
        });
    }
}
