using GridGovernance.Domain.Accounts;

namespace GridGovernance.Web.Features.Accounts;

/// <summary>GridGov:Auth settings: the lockout rule is configuration (a test uses a window of seconds).</summary>
internal sealed class AccountSettings
{
    public int MaxFailedAttempts { get; set; } = LockoutPolicy.Default.MaxFailedAttempts;
    public int LockoutSeconds { get; set; } = (int)LockoutPolicy.Default.Window.TotalSeconds;

    public LockoutPolicy Lockout => new(Math.Max(1, MaxFailedAttempts), TimeSpan.FromSeconds(Math.Max(1, LockoutSeconds)));
}
