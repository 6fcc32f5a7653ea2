using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Plumbing;

/// <summary>
/// Who uses the field pages for what. The grid worker and the 联户长 work in one grid (the 联户长 in one 十联户 unit of it);
/// any territorial staff may read the cases of their territory; only the grid worker closes a 微事 on the spot.
/// </summary>
internal static class FieldAccess
{
    public static bool WorksInOneGrid(this CurrentStaff staff) => staff.Role is StaffRole.GridWorker or StaffRole.LinkLeader;

    public static bool MayResolveOnSpot(this CurrentStaff staff) => staff.Role is StaffRole.GridWorker;

    /// <summary>The grid a field worker serves: their scope, or for a 联户长 the grid their unit's code extends.</summary>
    public static string? GridCode(this CurrentStaff staff) => staff.Role switch
    {
        StaffRole.GridWorker => staff.ScopeCode,
        StaffRole.LinkLeader when staff.ScopeCode.Length >= 15 => staff.ScopeCode[..15],
        _ => null,
    };

    /// <summary>The 十联户 unit a 联户长 speaks for; null for everyone else.</summary>
    public static string? LinkUnitCode(this CurrentStaff staff) => staff.Role == StaffRole.LinkLeader ? staff.ScopeCode : null;

    /// <summary>The role name stored in the timeline for what this staff member did.</summary>
    public static string TimelineRole(this CurrentStaff staff) => staff.Role.DatabaseName();
}
