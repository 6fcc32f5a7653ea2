using System.Text.RegularExpressions;

namespace GridGovernance.Web.Plumbing;

/// <summary>
/// The one-time key a form or API call carries so that a retry lands once (the resident's report, a staff action): what a
/// valid key looks like, and a fresh one for a page to embed.
/// </summary>
internal static partial class IdempotencyKeys
{
    [GeneratedRegex("^[A-Za-z0-9_-]{8,100}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? key) => key is not null && Pattern().IsMatch(key);

    public static string New() => Guid.NewGuid().ToString("N");
}
