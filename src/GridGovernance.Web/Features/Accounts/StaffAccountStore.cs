using GridGovernance.Domain.Accounts;
using Npgsql;

namespace GridGovernance.Web.Features.Accounts;

/// <summary>The SQL of staff_account. Reads that lead to a write take a row lock inside the caller's transaction.</summary>
internal static class StaffAccountStore
{
    private const string Columns = """
        id, username, display_name, role, scope_code, password_hash, failed_attempts, locked_until, security_stamp::text, disabled,
        must_change_password
        """;

    public static async Task<StaffAccount?> FindForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string column, object key, CancellationToken cancellationToken)
    {
        // column is one of two constants chosen by the callers below, never user input.
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM staff_account WHERE {column} = $1 FOR UPDATE", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StaffAccount(
            reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
            StaffRoles.Parse(reader.GetString(3)) ?? throw new InvalidOperationException("unknown role in staff_account"),
            reader.GetString(4), reader.GetString(5),
            new LockoutState(reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)),
            reader.GetString(8), reader.GetBoolean(9), reader.GetBoolean(10));
    }

    public static Task<StaffAccount?> FindByUsernameForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string username, CancellationToken cancellationToken) =>
        FindForUpdateAsync(connection, transaction, "username", username, cancellationToken);

    public static Task<StaffAccount?> FindByIdForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        long id, CancellationToken cancellationToken) =>
        FindForUpdateAsync(connection, transaction, "id", id, cancellationToken);

    public static async Task SaveLockoutAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, LockoutState state,
        string? rehashedPassword, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE staff_account SET failed_attempts = $2, locked_until = $3, password_hash = coalesce($4, password_hash) WHERE id = $1
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = state.FailedAttempts });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = state.LockedUntil });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = rehashedPassword });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sets the new hash and rotates the security stamp; returns the new stamp.</summary>
    public static async Task<string> SetPasswordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, string passwordHash,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE staff_account
            SET password_hash = $2, security_stamp = gen_random_uuid(), password_changed_at = now(), failed_attempts = 0, locked_until = NULL,
                must_change_password = false
            WHERE id = $1
            RETURNING security_stamp::text
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = passwordHash });
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
