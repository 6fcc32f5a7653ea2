using GridGovernance.Data.Database;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Infrastructure;

internal static class DatabaseSetup
{
    /// <summary>
    /// Registers the single NpgsqlDataSource. GRIDGOV_CONNECTION (an environment variable, or any configuration source)
    /// wins over ConnectionStrings:GridGov, so deploy scripts and operators can point the app at any database without
    /// editing files. Read when first needed, so that hosts (and tests) may add configuration up to the last moment.
    /// </summary>
    public static void AddGridGovernanceDatabase(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton(services => GridGovDataSource.Create(ConnectionString(services.GetRequiredService<IConfiguration>())));

    /// <summary>The configured connection string (also used by the live listener's dedicated connection).</summary>
    public static string ConnectionString(IConfiguration configuration) =>
        configuration["GRIDGOV_CONNECTION"] is { Length: > 0 } explicitConnection
            ? explicitConnection
            : configuration.GetConnectionString("GridGov")
              ?? throw new InvalidOperationException("未配置数据库连接：请设置 GRIDGOV_CONNECTION 或 ConnectionStrings:GridGov。");

    /// <summary>Applies migrations, then loads the demo county into an empty database when configured to.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GridGovernance.Startup");
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        var settings = app.Services.GetRequiredService<IOptions<GridGovOptions>>().Value;
        if (!settings.MigrateOnStartup) return;
        try
        {
            var applied = await MigrationRunner.ApplyAsync(dataSource);
            foreach (var migration in applied)
                logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
        }
        catch (MigrationFailedException e)
        {
            logger.LogCritical("{Message}", e.Message);
            throw;
        }
        await DemoCountyLoader.LoadWhenEmptyAsync(app.Services, settings, app.Environment, logger);
    }
}
