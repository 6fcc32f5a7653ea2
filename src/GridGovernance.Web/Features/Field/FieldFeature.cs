using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Field;

/// <summary>
/// The grid worker's and 联户长's pages on a phone: my grid on a map, report at the GPS position with photos, the grid's cases,
/// and closing a 微事 on the spot. Pages redirect to /login when signed out; the map data is a scoped staff API.
/// </summary>
internal static class FieldFeature
{
    public static IServiceCollection AddField(this IServiceCollection services)
    {
        services.AddSingleton<OnSpotResolution>();
        return services;
    }

    public static void MapField(this IEndpointRouteBuilder app)
    {
        var field = app.MapGroup("/field").RequireAuthorization(AuthSetup.TerritorialStaffPolicy);
        field.MapFieldWork();
        field.MapPhoneReveal();
        field.MapFieldCases();
        field.MapFieldReport();
        field.MapFieldHouseholds();
        app.MapGet("/api/staff/field/map", FieldMapEndpoint.GetAsync).RequireAuthorization(AuthSetup.TerritorialStaffPolicy);
    }
}
