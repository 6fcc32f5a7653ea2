using GridGovernance.Data.Database;
using GridGovernance.Data.Import;
using Npgsql;

namespace GridGovernance.Integration.Tests.Infrastructure;

/// <summary>
/// Databases built once, from which test databases are copied (CREATE DATABASE … TEMPLATE): a copy takes a fraction of a
/// second, where migrating takes seconds and importing the demo county more. Built once per test process; once per test run
/// when GRIDGOV_TEST_SHARED_TEMPLATES=1 — deploy/local/test.sh sets it, as its cluster is the run's own and the test
/// assemblies it runs side by side were built from the same sources.
/// </summary>
public static class DemoTemplate
{
    private static readonly bool Shared = Environment.GetEnvironmentVariable("GRIDGOV_TEST_SHARED_TEMPLATES") == "1";
    private static readonly Lazy<Task<string>> Migrated = new(() => OnceAsync("gg_migrated", BuildMigratedAsync));
    private static readonly Lazy<Task<string>> Template = new(() => OnceAsync("gg_template", BuildAsync));

    /// <summary>The template with every migration and the demo county and its accounts.</summary>
    public static Task<string> NameAsync() => Template.Value;

    /// <summary>The template with every migration and nothing else (the state right after a fresh install's start-up).</summary>
    public static Task<string> MigratedNameAsync() => Migrated.Value;

    private static async Task BuildMigratedAsync(string name)
    {
        await TestCluster.CreateDatabaseAsync(name);
        await using var dataSource = GridGovDataSource.Create(TestCluster.ConnectionStringFor(name), "gridgov-tests");
        await MigrationRunner.ApplyAsync(dataSource);
    }

    private static async Task BuildAsync(string name)
    {
        await TestCluster.CreateDatabaseAsync(name, await MigratedNameAsync());
        await using var dataSource = GridGovDataSource.Create(TestCluster.ConnectionStringFor(name), "gridgov-tests");
        await PopulateAsync(dataSource);
    }

    /// <summary>
    /// Builds the template <paramref name="kind"/> unless it is there. Shared between processes: under an advisory lock, built
    /// under a name of its own and renamed when complete, so a process never copies a half-built template.
    /// </summary>
    private static async Task<string> OnceAsync(string kind, Func<string, Task> build)
    {
        if (!Shared)
        {
            var own = $"{kind}_{Environment.ProcessId}";
            await TestCluster.DropDatabaseAsync(own);
            await build(own);
            // A template must have no open sessions when it is copied.
            NpgsqlConnection.ClearAllPools();
            return own;
        }
        var name = $"{kind}_shared";
        await using var admin = new NpgsqlConnection(TestCluster.AdminConnectionString);
        await admin.OpenAsync();
        // Waits as long as the other process takes to build (no command timeout: on a loaded machine that is minutes).
        await ExecuteAsync(admin, "SELECT pg_advisory_lock(hashtext($1))", name);
        try
        {
            await using (var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", admin))
            {
                exists.Parameters.Add(new NpgsqlParameter { Value = name });
                if ((long)(await exists.ExecuteScalarAsync())! == 1) return name;
            }
            var building = $"{name}_{Environment.ProcessId}";
            await TestCluster.DropDatabaseAsync(building);
            await build(building);
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"ALTER DATABASE \"{building}\" RENAME TO \"{name}\"");
            return name;
        }
        finally
        {
            await ExecuteAsync(admin, "SELECT pg_advisory_unlock(hashtext($1))", name);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Migrates an empty database and loads the demo county and its accounts into it (also used on private clusters).</summary>
    public static async Task PopulateAsync(NpgsqlDataSource dataSource)
    {
        await MigrationRunner.ApplyAsync(dataSource);
        var result = await TerritoryImporter.ImportAsync(dataSource, RepoPaths.DemoCounty);
        if (!result.Succeeded)
            throw new InvalidOperationException("The demo county does not import: " + string.Join("; ", result.Problems.Take(10)));
        await GridGovernance.Web.Features.Accounts.DemoAccounts.SeedAsync(dataSource);
    }
}
