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

    /// <summary>A migrated database with no territory in it (a copy of the migrated template: the migrations ran once).</summary>
    public static async Task<TestDatabase> CreateMigratedAsync()
    {
        var template = await DemoTemplate.MigratedNameAsync();
        var name = TestCluster.UniqueName("gg_migrated");
        await TestCluster.CreateDatabaseAsync(name, template);
        return new TestDatabase(name);
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

    /// <summary>
    /// A staff account beside the demo ones, signing in with the password of <paramref name="passwordOf"/> (a demo account).
    /// An account of that username already there is kept as it is.
    /// </summary>
    public Task<long> AddStaffAsync(string username, string displayName, string role, string scopeCode, string passwordOf) => ScalarAsync<long>("""
        WITH a AS (INSERT INTO staff_account (username, display_name, role, scope_code, password_hash)
                   SELECT $1, $2, $3, $4, password_hash FROM staff_account WHERE username = $5
                   ON CONFLICT (username) DO NOTHING RETURNING 1)
        SELECT count(*) FROM a
        """, username, displayName, role, scopeCode, passwordOf);

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await TestCluster.DropDatabaseAsync(Name);
    }
}
