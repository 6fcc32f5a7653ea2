using GridGovernance.Data.Database;
using Npgsql;

namespace GridGovernance.Web.Features.Health;

/// <summary>/healthz: the process is alive. /readyz: it can serve — the database answers and every migration is applied.</summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", async (NpgsqlDataSource dataSource, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                if (!await MigrationRunner.AllAppliedAsync(connection, cancellationToken))
                    return Infrastructure.ProblemDetailsSetup.Problem(503, "数据库迁移尚未全部完成。");
                return Results.Json(new { status = "ready", migrations = MigrationRunner.Embedded.Count });
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                loggers.CreateLogger("GridGovernance.Health").LogWarning("Readiness check failed: {Error}", e.Message);
                return Infrastructure.ProblemDetailsSetup.Problem(503, "数据库无法连接。");
            }
        });
    }
}
