using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Plumbing;

/// <summary>What the field pages show about the signed-in staff member and which of the field jobs they have.</summary>
public sealed record FieldUser(string DisplayName, string RoleName, bool WorksInOneGrid, bool MayResolveOnSpot, bool IsLinkLeader)
{
    internal static FieldUser Of(CurrentStaff staff) =>
        new(staff.DisplayName, staff.Role.Chinese(), staff.WorksInOneGrid(), staff.MayResolveOnSpot(), staff.Role == StaffRole.LinkLeader);
}
