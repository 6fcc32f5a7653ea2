using GridGovernance.Domain.Accounts;

namespace GridGovernance.Web.Features.Accounts;

/// <summary>A staff account as stored (staff_account), minus nothing: keep it inside this feature.</summary>
internal sealed record StaffAccount(
    long Id, string Username, string DisplayName, StaffRole Role, string ScopeCode, string PasswordHash,
    LockoutState Lockout, string SecurityStamp, bool Disabled, bool MustChangePassword = false);
