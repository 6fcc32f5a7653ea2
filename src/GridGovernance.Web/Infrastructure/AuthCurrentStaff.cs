using System.Globalization;
using System.Security.Claims;
using GridGovernance.Domain.Accounts;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// The signed-in staff member, read from the login cookie's claims. Endpoints take it as a parameter and pass
/// <see cref="ScopeCode"/> to SQL, so every staff query is scoped to the caller's territory in the database.
/// </summary>
/// <param name="MustChangePassword">The password was set by an administrator (new account, reset): until the account
/// chooses its own, it may open nothing but the password page (<see cref="ForcedPasswordChange"/>).</param>
internal sealed record CurrentStaff(long Id, string Username, string DisplayName, StaffRole Role, string ScopeCode, string SecurityStamp,
    bool MustChangePassword = false)
{
    public const string MustChangePasswordClaim = "gg:must_change_password";
    public const string DisplayNameClaim = "gg:display_name";
    public const string ScopeClaim = "gg:scope";
    public const string StampClaim = "gg:stamp";

    public Scope Scope => new(Role, ScopeCode);

    public static CurrentStaff? From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return null;
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var role = StaffRoles.Parse(user.FindFirstValue(ClaimTypes.Role));
        var scope = user.FindFirstValue(ScopeClaim);
        var stamp = user.FindFirstValue(StampClaim);
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var accountId) || role is null || scope is null || stamp is null)
            return null;
        return new CurrentStaff(accountId, user.FindFirstValue(ClaimTypes.Name) ?? "", user.FindFirstValue(DisplayNameClaim) ?? "",
            role.Value, scope, stamp, user.HasClaim(MustChangePasswordClaim, "1"));
    }

    /// <summary>Minimal API binding: endpoints behind RequireAuthorization take a CurrentStaff parameter.</summary>
    public static ValueTask<CurrentStaff?> BindAsync(HttpContext context) => ValueTask.FromResult(From(context.User));

    public ClaimsPrincipal ToPrincipal() => new(new ClaimsIdentity(
    [
        .. (MustChangePassword ? new[] { new Claim(MustChangePasswordClaim, "1") } : []),
        new Claim(ClaimTypes.NameIdentifier, Id.ToString(CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, Username),
        new Claim(DisplayNameClaim, DisplayName),
        new Claim(ClaimTypes.Role, Role.DatabaseName()),
        new Claim(ScopeClaim, ScopeCode),
        new Claim(StampClaim, SecurityStamp),
    ], CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
}
