using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>
/// 调度台 /dispatch: the township dispatcher's console (the county admin sees the whole county, a village cadre their village),
/// a filtered case list with a map and a case drawer whose forms act through the dispatch services.
/// </summary>
internal static class ConsoleRoutes
{
    /// <summary>The roles that work at the console; grid workers have /field, department staff /inbox.</summary>
    public static bool UsesConsole(this CurrentStaff staff) =>
        staff.Role is StaffRole.TownshipDispatcher or StaffRole.CountyAdmin or StaffRole.VillageCadre;

    public static void MapConsole(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/dispatch").RequireAuthorization(AuthSetup.TerritorialStaffPolicy);
        pages.MapConsolePages();
        pages.MapConsoleDesk();
        pages.MapCasePaper();
        pages.MapGet("/feed/{eventId:long}", ConsoleFeedLineEndpoint.GetAsync);
        pages.MapGet("/export.csv", ConsoleExportEndpoint.For(SpreadsheetFormat.Csv));
        pages.MapGet("/export.xlsx", ConsoleExportEndpoint.For(SpreadsheetFormat.Xlsx));
        app.MapGet("/api/staff/dispatch/markers", ConsoleMarkersEndpoint.GetAsync).RequireAuthorization(AuthSetup.TerritorialStaffPolicy);
        app.MapGet("/api/staff/dispatch/grids", ConsoleGridsEndpoint.GetAsync).RequireAuthorization(AuthSetup.TerritorialStaffPolicy);
    }
}
