namespace GridGovernance.Web.Features.Admin;

/// <summary>
/// The county administration (/admin, issue 12): interactive Blazor pages over services that each change in one
/// transaction with its audit row. The pages are routed components (mapped with the app's Razor components), so the slice
/// maps no endpoints of its own; its policies are AuthSetup.AccountAdminPolicy and AuthSetup.CountyAdminPolicy.
/// </summary>
internal static class AdminFeature
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<AccountAdminService>();
        services.AddSingleton<AccountBulkCreate>();
        services.AddSingleton<UnitAdminService>();
        services.AddSingleton<HouseholdAdminService>();
        services.AddSingleton<CategoryAdminService>();
        services.AddSingleton<CalendarAdminService>();
        services.AddSingleton<AuditLogQuery>();
        services.AddSingleton<StaffLinkService>();
        services.AddSingleton<UnitJurisdictionService>();
        services.AddSingleton<RoutingRuleAdminService>();
        return services;
    }
}
