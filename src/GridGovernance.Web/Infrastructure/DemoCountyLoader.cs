using GridGovernance.Data.Import;
using Npgsql;

namespace GridGovernance.Web.Infrastructure;

/// <summary>Loads the demo county (示意数据) into an empty database so that a fresh install shows something real at once.</summary>
internal static class DemoCountyLoader
{
    private const long LoadLockKey = 0x6772_6964_6465_6d6f; // "griddemo": one instance loads, the others wait and find it loaded

    public static async Task LoadWhenEmptyAsync(IServiceProvider services, GridGovOptions settings, IHostEnvironment environment, ILogger logger)
    {
        if (!settings.LoadDemoWhenEmpty) return;
        var directory = ResolveDirectory(settings.DemoDataDirectory, environment.ContentRootPath);
        if (directory is null)
        {
            logger.LogWarning("Demo county data not found; set GridGov:DemoDataDirectory to load it into an empty database");
            return;
        }

        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            command.Parameters.AddWithValue("key", LoadLockKey);
            await command.ExecuteNonQueryAsync();
        }
        try
        {
            await using var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM county)", connection);
            if ((bool)(await check.ExecuteScalarAsync())!) return;

            logger.LogInformation("Database is empty: loading the demo county from {Directory}", directory);
            var result = await TerritoryImporter.ImportAsync(dataSource, directory, message => logger.LogInformation("{Progress}", message));
            if (!result.Succeeded)
            {
                foreach (var problem in result.Problems) logger.LogError("Demo import problem: {Problem}", problem.ToString());
                throw new InvalidOperationException($"演示县数据导入失败（{result.Problems.Count} 个问题，详见日志），数据库未写入任何内容。");
            }
            var accounts = await GridGovernance.Web.Features.Accounts.DemoAccounts.SeedAsync(dataSource);
            logger.LogInformation("Seeded {Count} demo staff accounts", accounts);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", LoadLockKey);
            await unlock.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The configured directory, or geodata/lingyun found by walking up from the app (how `dotnet run` in a clone finds it).</summary>
    private static string? ResolveDirectory(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "geodata", "lingyun");
            if (File.Exists(Path.Combine(candidate, "county.geojson"))) return candidate;
        }
        return null;
    }
}
