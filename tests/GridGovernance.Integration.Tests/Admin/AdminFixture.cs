using GridGovernance.Domain.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GridGovernance.Integration.Tests.Admin;

/// <summary>The demo county and the app; the county administration's services taken from the app, called as a page calls them.</summary>
public sealed class AdminFixture : IAsyncLifetime
{
    public DemoCountyFixture Demo { get; } = new();

    public TestDatabase Database => Demo.Database;

    public async Task InitializeAsync()
    {
        await Demo.InitializeAsync();
        // A second township dispatcher, of another township, and a township the demo dispatcher does not serve.
        OtherTownship = await Database.ScalarAsync<string>("SELECT code FROM township WHERE code <> '451027100' ORDER BY code LIMIT 1");
        OtherTownshipGrid = await Database.ScalarAsync<string>("SELECT code FROM grid WHERE starts_with(code, $1) ORDER BY code LIMIT 1", OtherTownship);
    }

    public string OtherTownship { get; private set; } = "";
    public string OtherTownshipGrid { get; private set; } = "";

    public T Service<T>() where T : notnull
    {
        _ = Demo.Factory.Server;
        return Demo.Factory.Services.GetRequiredService<T>();
    }

    /// <summary>The account as the cookie would carry it (id, role, scope, current stamp).</summary>
    internal async Task<CurrentStaff> StaffAsync(string username)
    {
        await using var command = Database.DataSource.CreateCommand(
            "SELECT id, display_name, role, scope_code, security_stamp::text FROM staff_account WHERE username = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = username });
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue($"账号 {username} 应存在");
        return new CurrentStaff(reader.GetInt64(0), username, reader.GetString(1), StaffRoles.Parse(reader.GetString(2))!.Value,
            reader.GetString(3), reader.GetString(4));
    }

    public Task<long> CountAsync(string sql, params object[] parameters) => Database.ScalarAsync<long>(sql, parameters);

    public async Task DisposeAsync() => await Demo.DisposeAsync();
}
