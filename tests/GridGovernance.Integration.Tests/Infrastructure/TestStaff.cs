using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Integration.Tests.Infrastructure;

/// <summary>The signed-in caller the app's services expect, read from an account as the login would: for tests that call a service directly.</summary>
internal static class TestStaff
{
    public static async Task<CurrentStaff> OfAsync(TestDatabase database, string username)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT id, display_name, role, scope_code, security_stamp::text FROM staff_account WHERE username = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = username });
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue($"account {username}");
        return new CurrentStaff(reader.GetInt64(0), username, reader.GetString(1), StaffRoles.Parse(reader.GetString(2))!.Value,
            reader.GetString(3), reader.GetString(4));
    }
}
