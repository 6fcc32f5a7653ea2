using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Accounts;

/// <summary>The outcome of a password change: the staff member with the new security stamp, or the Chinese reason.</summary>
internal sealed record PasswordChangeOutcome(CurrentStaff? Staff, string? Error);

/// <summary>Changes a password and rotates the security stamp in one transaction, which signs out every other session.</summary>
/// <remarks>
/// A wrong old password counts toward the same lockout as a wrong login password: a stolen session must not be a way to try
/// passwords without limit. While the account is locked the old password is not even checked.
/// </remarks>
internal sealed class PasswordChangeService(
    NpgsqlDataSource dataSource, IPasswordHasher<StaffAccount> hasher, SecurityStampCache stamps, IOptions<AccountSettings> settings,
    TimeProvider clock, ILogger<PasswordChangeService> logger)
{
    public async Task<PasswordChangeOutcome> ChangeAsync(CurrentStaff staff, string? oldPassword, string? newPassword, string? confirmation,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(oldPassword)) return new(null, "请输入原密码。");
        if (PasswordRules.Problem(staff.Username, newPassword, confirmation) is { } problem) return new(null, problem);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var account = await StaffAccountStore.FindByIdForUpdateAsync(connection, transaction, staff.Id, cancellationToken);
        if (account is null || account.Disabled || account.SecurityStamp != staff.SecurityStamp)
            return new(null, "登录已失效，请重新登录后再修改密码。");
        var now = clock.GetUtcNow();
        if (account.Lockout.IsLocked(now)) return new(null, LockoutMessage.For(account.Lockout.LockedUntil!.Value, now));
        if (oldPassword.Length > PasswordRules.MaximumLength
            || hasher.VerifyHashedPassword(account, account.PasswordHash, oldPassword) == PasswordVerificationResult.Failed)
        {
            var after = account.Lockout.AfterFailure(now, settings.Value.Lockout);
            await StaffAccountStore.SaveLockoutAsync(connection, transaction, account.Id, after, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (!after.IsLocked(now)) return new(null, "原密码不正确。");
            logger.LogWarning("Account {AccountId} locked after {Failures} wrong passwords (password change)", account.Id, after.FailedAttempts);
            return new(null, LockoutMessage.For(after.LockedUntil!.Value, now));
        }

        var stamp = await StaffAccountStore.SetPasswordAsync(connection, transaction, account.Id, hasher.HashPassword(account, newPassword!), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        stamps.Forget(account.Id);
        logger.LogInformation("Account {AccountId} changed its password; other sessions are signed out", account.Id);
        return new(staff with { SecurityStamp = stamp, MustChangePassword = false }, null);
    }
}
