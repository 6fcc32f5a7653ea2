using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Accounts;

/// <summary>The outcome of a login attempt: the staff member, or the Chinese message to show.</summary>
internal sealed record LoginOutcome(CurrentStaff? Staff, string? Error);

/// <summary>
/// Checks a username and password under a row lock, counting failures and locking the account after too many (one
/// transaction per attempt). An unknown username and a wrong password give the same message, after the same hashing work.
/// </summary>
internal sealed class LoginService(
    NpgsqlDataSource dataSource, IPasswordHasher<StaffAccount> hasher, IOptions<AccountSettings> settings, TimeProvider clock,
    ILogger<LoginService> logger)
{
    public const string WrongCredentials = "用户名或密码错误。";

    // Verified against when the username is unknown, so that the answer takes as long as for a real account.
    private readonly Lazy<string> _decoyHash = new(() => hasher.HashPassword(null!, Guid.NewGuid().ToString()));

    public async Task<LoginOutcome> LoginAsync(string? username, string? password, CancellationToken cancellationToken)
    {
        var name = (username ?? "").Trim().ToLowerInvariant();
        if (name.Length == 0 || string.IsNullOrEmpty(password)) return new(null, "请输入用户名和密码。");
        if (name.Length > 32 || password.Length > PasswordRules.MaximumLength) return new(null, WrongCredentials);

        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var account = await StaffAccountStore.FindByUsernameForUpdateAsync(connection, transaction, name, cancellationToken);
        if (account is null)
        {
            hasher.VerifyHashedPassword(null!, _decoyHash.Value, password);
            return new(null, WrongCredentials);
        }
        if (account.Lockout.IsLocked(now))
        {
            logger.LogWarning("Login refused: account {AccountId} is locked until {LockedUntil}", account.Id, account.Lockout.LockedUntil);
            return new(null, LockoutMessage.For(account.Lockout.LockedUntil!.Value, now));
        }

        var verification = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verification == PasswordVerificationResult.Failed)
        {
            var after = account.Lockout.AfterFailure(now, settings.Value.Lockout);
            await StaffAccountStore.SaveLockoutAsync(connection, transaction, account.Id, after, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (after.IsLocked(now))
            {
                logger.LogWarning("Account {AccountId} locked after {Failures} failed logins", account.Id, after.FailedAttempts);
                return new(null, LockoutMessage.For(after.LockedUntil!.Value, now));
            }
            return new(null, WrongCredentials);
        }
        if (account.Disabled) return new(null, "该账号已停用，请联系管理员。");

        var rehash = verification == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(account, password) : null;
        await StaffAccountStore.SaveLockoutAsync(connection, transaction, account.Id, LockoutState.AfterSuccess, rehash, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Account {AccountId} signed in", account.Id);
        return new(new CurrentStaff(account.Id, account.Username, account.DisplayName, account.Role, account.ScopeCode, account.SecurityStamp,
            account.MustChangePassword), null);
    }
}
