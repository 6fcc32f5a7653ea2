using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Inbox;

/// <summary>Who the inbox pages greet: the person and their unit's code (the unit's name comes with each order).</summary>
public sealed record InboxUser(string DisplayName, string RoleName, string UnitCode)
{
    internal static InboxUser Of(CurrentStaff staff) => new(staff.DisplayName, staff.Role.Chinese(), staff.ScopeCode);
}
