namespace GridGovernance.Web.Features.Accounts;

/// <summary>Where to go after login: only a path on this site, so a crafted link cannot send a user elsewhere (open redirect).</summary>
internal static class ReturnUrl
{
    public const string Default = "/account";

    public static string Safe(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 2000) return Default;
        // "/x" is local; "//host" and "/\host" are protocol-relative to another site; anything else is absolute or odd.
        if (returnUrl[0] != '/') return Default;
        if (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\')) return Default;
        if (returnUrl.Any(char.IsControl)) return Default;
        if (returnUrl.StartsWith("/login", StringComparison.OrdinalIgnoreCase) || returnUrl.StartsWith("/logout", StringComparison.OrdinalIgnoreCase))
            return Default;
        return returnUrl;
    }
}
