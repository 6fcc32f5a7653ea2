using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Departments;

/// <summary>Departments, their units and the routing of a 小类 to them (issue 4 point 1): read-only staff APIs.</summary>
internal static class DepartmentsFeature
{
    public static IEndpointRouteBuilder MapDepartments(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/staff").RequireAuthorization(AuthSetup.StaffPolicy);
        staff.MapGet("/routing", RoutingEndpoint.GetAsync).WithName("GetUnitRouting");
        staff.MapGet("/departments", DepartmentListEndpoint.GetAsync).WithName("GetDepartments");
        return app;
    }

    /// <summary>
    /// Every scope code starts with its county's 6 digits (territory codes and unit codes alike), so this is the county the
    /// caller works in; null for an account scoped before unit codes existed.
    /// </summary>
    public static string? CountyOf(CurrentStaff staff) =>
        staff.ScopeCode.Length >= 6 && !staff.ScopeCode.AsSpan(0, 6).ContainsAnyExceptInRange('0', '9')
            ? staff.ScopeCode[..6]
            : null;
}
