using GridGovernance.Data.Database;
using GridGovernance.Data.Import;

namespace GridGovernance.Integration.Tests.Infrastructure;

/// <summary>
/// Databases built once per test process, from which test databases are copied (CREATE DATABASE … TEMPLATE): a copy takes a
/// fraction of a second, where migrating takes seconds and importing the demo county more.
/// </summary>
public static class DemoTemplate
{
    private static readonly Lazy<Task<string>> Migrated = new(BuildMigratedAsync);
    private static readonly Lazy<Task<string>> Template = new(BuildAsync);

    /// <summary>The template with every migration and the demo county and its accounts.</summary>
    public static Task<string> NameAsync() => Template.Value;

    /// <summary>The template with every migration and nothing else (the state right after a fresh install's start-up).</summary>
    public static Task<string> MigratedNameAsync() => Migrated.Value;

    private static async Task<string> BuildMigratedAsync()
    {
        var name = $"gg_migrated_{Environment.ProcessId}";
        await TestCluster.DropDatabaseAsync(name);
        await TestCluster.CreateDatabaseAsync(name);
        await using (var dataSource = GridGovDataSource.Create(TestCluster.ConnectionStringFor(name), "gridgov-tests"))
            await MigrationRunner.ApplyAsync(dataSource);
        // A template must have no open sessions when it is copied.
        Npgsql.NpgsqlConnection.ClearAllPools();
        return name;
    }

    private static async Task<string> BuildAsync()
    {
        var name = $"gg_template_{Environment.ProcessId}";
        await TestCluster.DropDatabaseAsync(name);
        await TestCluster.CreateDatabaseAsync(name, await MigratedNameAsync());
        await using (var dataSource = GridGovDataSource.Create(TestCluster.ConnectionStringFor(name), "gridgov-tests"))
            await PopulateAsync(dataSource);
        Npgsql.NpgsqlConnection.ClearAllPools();
        return name;
    }

    /// <summary>Migrates an empty database and loads the demo county and its accounts into it (also used on private clusters).</summary>
    public static async Task PopulateAsync(Npgsql.NpgsqlDataSource dataSource)
    {
        await MigrationRunner.ApplyAsync(dataSource);
        var result = await TerritoryImporter.ImportAsync(dataSource, RepoPaths.DemoCounty);
        if (!result.Succeeded)
            throw new InvalidOperationException("The demo county does not import: " + string.Join("; ", result.Problems.Take(10)));
        await GridGovernance.Web.Features.Accounts.DemoAccounts.SeedAsync(dataSource);
    }
}
