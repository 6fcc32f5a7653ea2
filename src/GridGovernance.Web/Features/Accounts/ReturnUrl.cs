using GridGovernance.Domain.Accounts;

namespace GridGovernance.Web.Features.Accounts;

/// <summary>Where to go after login: only a path on this site, so a crafted link cannot send a user elsewhere (open redirect).</summary>
internal static class ReturnUrl
{
    public const string Default = "/account";

    /// <summary>Where a role starts its day when no page was asked for: its workbench.</summary>
    public static string HomeOf(StaffRole role) => role switch
    {
        StaffRole.GridWorker or StaffRole.LinkLeader => "/field",
        StaffRole.TownshipDispatcher or StaffRole.VillageCadre or StaffRole.CountyAdmin => "/dispatch",
        StaffRole.DepartmentStaff => "/inbox",
        _ => Default,
    };

    public static string Safe(string? returnUrl, StaffRole? role = null)
    {
        var home = role is { } r ? HomeOf(r) : Default;
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 2000) return home;
        // "/x" is local; "//host" and "/\host" are protocol-relative to another site; anything else is absolute or odd.
        if (returnUrl[0] != '/') return home;
        if (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\')) return home;
        if (returnUrl.Any(char.IsControl)) return home;
        if (returnUrl.StartsWith("/login", StringComparison.OrdinalIgnoreCase) || returnUrl.StartsWith("/logout", StringComparison.OrdinalIgnoreCase))
            return home;
        return returnUrl;
    }
}
