using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Live;

/// <summary>
/// The SignalR groups events go to, and who may join them. An event goes to the groups of its scope codes (the case's county,
/// township, village and grid, and the units holding an order on it) and to its case's group (the resident's tracking page).
/// </summary>
internal static class LiveGroups
{
    public static string OfScope(string code) => "scope:" + code;

    public static string OfCase(long caseId) => "case:" + caseId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Why <paramref name="staff"/> may not follow <paramref name="code"/>, in Chinese; null when they may: the scope rule's
    /// own answer (<see cref="ScopeGrants.RefusalToFollow"/>). Events carry a 十联户 unit code only for the cases the leader's
    /// list shows (migration 0013); the catch-up API applies the same rule, so a client never catches up on more than it hears.
    /// </summary>
    public static string? RefusalFor(CurrentStaff staff, string? code) =>
        ScopeGrants.Of(staff.Scope, staff.Id).RefusalToFollow(code);
}
