using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Admin;

/// <summary>
/// The administrator as the database knows them now. An interactive page's circuit keeps the identity it was opened with
/// for as long as it lives, and the cookie's security-stamp check runs only on HTTP requests: so every change re-reads the
/// caller's account inside its own transaction (FOR SHARE: a concurrent disable waits for the change, or the change for it)
/// and refuses when it was disabled, re-scoped or signed out since.
/// </summary>
internal static class AdminActor
{
    public static async Task<CurrentStaff?> CurrentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CurrentStaff staff,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT role, scope_code, display_name FROM staff_account
            WHERE id = $1 AND NOT disabled AND security_stamp::text = $2
            FOR SHARE
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = staff.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = staff.SecurityStamp });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var role = StaffRoles.Parse(reader.GetString(0));
        if (role != staff.Role || reader.GetString(1) != staff.ScopeCode) return null;
        return staff with { DisplayName = reader.GetString(2) };
    }
}
