using GridGovernance.Web.Infrastructure;

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
        services.AddSingleton<CategoryAdminService>();
        services.AddSingleton<CalendarAdminService>();
        services.AddSingleton<AuditLogQuery>();
        services.AddSingleton<TerritoryExport>();
        return services;
    }

    /// <summary>The one endpoint of the slice: the county's territory as a ZIP in the importer's format (a download, not a page).</summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/territory/export.zip", async (CurrentStaff staff, TerritoryExport export, CancellationToken cancellationToken) =>
                await export.ZipAsync(staff, cancellationToken) is { } zip
                    ? Results.File(zip, "application/zip", TerritoryExport.FileName(staff.ScopeCode[..6]))
                    : ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, "登录已失效或无权导出，请重新登录。"))
            .WithName("ExportTerritory").ExcludeFromDescription()
            .RequireAuthorization(AuthSetup.CountyAdminPolicy);
        return app;
    }
}
