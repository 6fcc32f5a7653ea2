using System.ComponentModel.DataAnnotations;
using GridGovernance.Domain.Accounts;

namespace GridGovernance.Web.Features.Accounts;

/// <summary>GridGov:Auth settings: the lockout rule is configuration (a test uses a window of seconds).</summary>
internal sealed class AccountSettings
{
    public const string Section = "GridGov:Auth";

    [Range(1, 1000)]
    public int MaxFailedAttempts { get; set; } = LockoutPolicy.Default.MaxFailedAttempts;

    [Range(1, 604800)]
    public int LockoutSeconds { get; set; } = (int)LockoutPolicy.Default.Window.TotalSeconds;

    /// <summary>How long an account's security stamp is cached per instance (0: read on every request).</summary>
    [Range(0, 86400)]
    public int StampCacheSeconds { get; set; } = 30;

    public LockoutPolicy Lockout => new(MaxFailedAttempts, TimeSpan.FromSeconds(LockoutSeconds));
}
