using GridGovernance.Domain.Accounts;

namespace GridGovernance.Web.Features.Inbox;

/// <summary>
/// 部门人员's inbox on a phone (/inbox): the unit's work orders with their clocks, the unit's notices, and each order's page with
/// the actions its state allows (签收, 报到, 开始处置, 反馈, 退单, 申请延期, 挂账). Only department staff: everyone else has a
/// workbench of their own, and the cookie handler sends them to the access-denied page.
/// </summary>
internal static class InboxFeature
{
    public const string DepartmentStaffPolicy = "DepartmentStaff";

    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(DepartmentStaffPolicy,
            policy => policy.RequireAuthenticatedUser().RequireRole(StaffRole.DepartmentStaff.DatabaseName()));
        return services;
    }

    public static void MapInbox(this IEndpointRouteBuilder app) =>
        app.MapGroup("/inbox").RequireAuthorization(DepartmentStaffPolicy).MapInboxPages();
}
