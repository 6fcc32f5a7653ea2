using GridGovernance.Data.Database;
using Npgsql;

namespace GridGovernance.Integration.Tests.Infrastructure;

/// <summary>A database of a test's own on the test cluster, dropped when disposed.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name)
    {
        Name = name;
        ConnectionString = TestCluster.ConnectionStringFor(name);
        DataSource = GridGovDataSource.Create(ConnectionString, "gridgov-tests");
    }

    public string Name { get; }
    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }

    /// <summary>An empty database: no extension, no table.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync()
    {
        var name = TestCluster.UniqueName("gg_empty");
        await TestCluster.CreateDatabaseAsync(name);
        return new TestDatabase(name);
    }

    /// <summary>A migrated database with no territory in it.</summary>
    public static async Task<TestDatabase> CreateMigratedAsync()
    {
        var database = await CreateEmptyAsync();
        await MigrationRunner.ApplyAsync(database.DataSource);
        return database;
    }

    /// <summary>A copy of the template: migrated, with the demo county loaded.</summary>
    public static async Task<TestDatabase> CreateWithDemoCountyAsync()
    {
        var template = await DemoTemplate.NameAsync();
        var name = TestCluster.UniqueName("gg_demo");
        await TestCluster.CreateDatabaseAsync(name, template);
        return new TestDatabase(name);
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await TestCluster.DropDatabaseAsync(Name);
    }
}
