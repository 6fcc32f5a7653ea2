using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Territory;

/// <summary>
/// The county's territory as files (issue 12 point 5): an export in the importer's own format (geodata/FORMAT.md), for the
/// county administrator only, since households.csv and grid-staff.csv hold names and phone numbers; and the import of those
/// files in the browser (TerritoryImportService, used by the /admin/territory page).
/// </summary>
internal static class TerritoryFeature
{
    public static IServiceCollection AddTerritory(this IServiceCollection services)
    {
        services.AddSingleton<TerritoryImportService>();
        return services;
    }

    public static IEndpointRouteBuilder MapTerritory(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/territory").RequireAuthorization(AuthSetup.CountyAdminPolicy);
        admin.MapGet("/export.zip", TerritoryExportEndpoints.ZipAsync).WithName("ExportTerritoryZip");
        admin.MapGet("/export/{file}", TerritoryExportEndpoints.FileAsync).WithName("ExportTerritoryFile");
        return app;
    }
}
