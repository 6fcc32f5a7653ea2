using System.Security.Cryptography;
using System.Text;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Territory;
using GridGovernance.Web.Features.Accounts;
using GridGovernance.Web.Infrastructure.Audit;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace GridGovernance.Web.Features.Setup;

/// <summary>What the setup form carries.</summary>
internal sealed record SetupInput(string? Token, string? CountyCode, string? CountyName, string? DisplayName, string? Username,
    string? Password, string? Confirmation);

/// <summary>How a setup ended: <see cref="Closed"/> when setup had already been done (or was done meanwhile).</summary>
internal sealed record SetupOutcome(bool Done, bool Closed, IReadOnlyDictionary<string, string> Errors, string? Username = null)
{
    public static SetupOutcome Invalid(Dictionary<string, string> errors) => new(false, false, errors);
    public static SetupOutcome AlreadyDone { get; } = new(false, true, new Dictionary<string, string>());
}

/// <summary>
/// The first county administrator of a fresh installation, created in the browser (/setup) instead of in SQL — as Gitea
/// or Grafana install. Setup is open only while no county administrator exists and it has never completed; whoever opens
/// it must show a token the app wrote to its own log at start-up (so only someone who runs the server can use it), kept in
/// the database as its SHA-256 only. Completing it creates the account (and, when the county's territory is not imported
/// yet, declares the county), deletes every token and closes setup for good — one transaction with its audit row.
/// </summary>
internal sealed class FirstRunSetup(NpgsqlDataSource dataSource, IPasswordHasher<StaffAccount> hasher, ILogger<FirstRunSetup> logger)
{
    // One setup at a time, across instances: the second waits and then finds setup closed.
    private const long SetupLockKey = 0x6772_6964_7365_7475; // "gridsetu"

    private const string OpenSql = """
        SELECT NOT EXISTS (SELECT 1 FROM setup_completed)
           AND NOT EXISTS (SELECT 1 FROM staff_account WHERE role = 'county_admin')
        """;

    /// <summary>Whether /setup may still be used: no county administrator yet, and setup never completed.</summary>
    public async Task<bool> IsOpenAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(OpenSql);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// At start-up: when setup is open, a fresh token for this instance, its hash stored, the token itself returned (for the
    /// log, and nowhere else). Null when setup is closed.
    /// </summary>
    public async Task<string?> IssueTokenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var open = new NpgsqlCommand(OpenSql, connection, transaction))
            if (!(bool)(await open.ExecuteScalarAsync(cancellationToken))!) return null;
        var token = NewToken();
        await using (var insert = new NpgsqlCommand("INSERT INTO setup_token (token_sha256) VALUES ($1)", connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Hash(token) });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return token;
    }

    public async Task<SetupOutcome> CompleteAsync(SetupInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var token = (input.Token ?? "").Trim();
        if (token.Length == 0) errors["token"] = "请填写设置令牌（见服务启动日志）。";
        var countyCode = (input.CountyCode ?? "").Trim();
        if (TerritoryCode.Problem(countyCode, TerritoryLevel.County) is { } codeProblem) errors["countyCode"] = codeProblem;
        var countyName = (input.CountyName ?? "").Trim();
        if (countyName.Length == 0) errors["countyName"] = "请填写县（区）名称。";
        else if (countyName.Length > 50) errors["countyName"] = "县（区）名称不能超过 50 个字。";
        else if (countyName.Any(char.IsControl)) errors["countyName"] = "县（区）名称不能含有控制字符。";
        if (AccountAdministration.DisplayNameProblem(input.DisplayName) is { } nameProblem) errors["displayName"] = nameProblem;
        if (AccountAdministration.UsernameProblem(input.Username) is { } userProblem) errors["username"] = userProblem;
        var username = errors.ContainsKey("username") ? "" : AccountAdministration.NormaliseUsername(input.Username!);
        if (PasswordRules.Problem(username, input.Password, input.Confirmation) is { } passwordProblem) errors["password"] = passwordProblem;
        if (errors.Count > 0) return SetupOutcome.Invalid(errors);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = SetupLockKey });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var open = new NpgsqlCommand(OpenSql, connection, transaction))
            if (!(bool)(await open.ExecuteScalarAsync(cancellationToken))!) return SetupOutcome.AlreadyDone;
        await using (var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM setup_token WHERE token_sha256 = $1)", connection, transaction))
        {
            check.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Hash(token) });
            if (!(bool)(await check.ExecuteScalarAsync(cancellationToken))!)
            {
                logger.LogWarning("First-run setup refused: wrong setup token");
                return SetupOutcome.Invalid(new() { ["token"] = "设置令牌不正确：请复制服务本次启动时日志中的令牌（重启服务会生成新的令牌）。" });
            }
        }
        // A county imported before setup (with `gridgov import`) is used as it is; its name must match what was typed.
        string? existingName = null;
        await using (var county = new NpgsqlCommand("SELECT name FROM county WHERE code = $1", connection, transaction))
        {
            county.Parameters.Add(new NpgsqlParameter<string> { TypedValue = countyCode });
            existingName = (string?)await county.ExecuteScalarAsync(cancellationToken);
        }
        if (existingName is not null && existingName != countyName)
            return SetupOutcome.Invalid(new() { ["countyName"] = $"县（区）{countyCode} 已导入，名称为“{existingName}”，请填写这个名称。" });
        if (existingName is null)
            await using (var declare = new NpgsqlCommand(
                "INSERT INTO county_declared (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name",
                connection, transaction))
            {
                declare.Parameters.Add(new NpgsqlParameter<string> { TypedValue = countyCode });
                declare.Parameters.Add(new NpgsqlParameter<string> { TypedValue = countyName });
                await declare.ExecuteNonQueryAsync(cancellationToken);
            }

        long id;
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO staff_account (username, display_name, role, scope_code, password_hash)
            VALUES ($1, $2, 'county_admin', $3, $4)
            ON CONFLICT (username) DO NOTHING
            RETURNING id
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = username });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = input.DisplayName!.Trim() });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = countyCode });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hasher.HashPassword(null!, input.Password!) });
            if (await insert.ExecuteScalarAsync(cancellationToken) is not long newId)
                return SetupOutcome.Invalid(new() { ["username"] = "用户名已被使用。" });
            id = newId;
        }
        await using (var tokens = new NpgsqlCommand("DELETE FROM setup_token", connection, transaction))
            await tokens.ExecuteNonQueryAsync(cancellationToken);
        await using (var close = new NpgsqlCommand("INSERT INTO setup_completed (account_id) VALUES ($1)", connection, transaction))
        {
            close.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            await close.ExecuteNonQueryAsync(cancellationToken);
        }
        await AuditTrail.RecordAsync(connection, transaction, new AuditEntry(id, input.DisplayName!.Trim(), "setup.first_admin", "staff_account",
            id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"首次安装：创建县级管理员 {username}（{countyName} {countyCode}）",
            null, new { Username = username, CountyCode = countyCode, CountyName = countyName, TerritoryImported = existingName is not null }),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("First-run setup completed: county administrator {AccountId} for county {CountyCode}", id, countyCode);
        return new SetupOutcome(true, true, new Dictionary<string, string>(), username);
    }

    /// <summary>128 random bits as four groups of eight hex digits: copied from a log, typed or pasted once.</summary>
    private static string NewToken()
    {
        var hex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return string.Join('-', hex.Chunk(8).Select(c => new string(c)));
    }

    // Pasted tokens may carry case changes or stray spaces; the hash is of the canonical form.
    internal static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token.Trim().ToLowerInvariant()));
}

/// <summary>
/// At start-up (after the migrations and the demo county: hosted services start after <c>PrepareDatabaseAsync</c>): while
/// setup is open, writes this instance's setup token to the log, where only whoever runs the server sees it.
/// </summary>
internal sealed class SetupTokenIssuer(FirstRunSetup setup, ILogger<SetupTokenIssuer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await setup.IssueTokenAsync(cancellationToken) is { } token)
                logger.LogWarning("尚无县级管理员：请在浏览器打开 /setup 创建第一个县级管理员账号，设置令牌（本次启动有效）：{SetupToken}", token);
        }
        catch (NpgsqlException e)
        {
            // A database without the migrations (or unreachable) is reported by /readyz; setup simply waits for a restart.
            logger.LogWarning("First-run setup check skipped: {Message}", e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
