using GridGovernance.Web.Infrastructure.Settings;

namespace GridGovernance.Web.Features.Map;

/// <summary>The map page (a Razor component, /map) and the small JSON endpoints its script calls.</summary>
internal static class MapFeature
{
    public static IServiceCollection AddMapFeature(this IServiceCollection services)
    {
        services.AddSettings<MapSettings>(MapSettings.Section);
        services.AddSingleton<TerritoryBounds>();
        return services;
    }

    public static IEndpointRouteBuilder MapMapApi(this IEndpointRouteBuilder app)
    {
        // The map is the app's front page until a dashboard exists.
        app.MapGet("/", () => Results.Redirect("/map")).ExcludeFromDescription();
        app.MapGet("/api/search", SearchEndpoint.SearchAsync).WithName("SearchTerritory");
        app.MapGet("/api/grids/{code}", GridCardEndpoint.GetAsync).WithName("GetGridCard");
        app.MapGet("/map/grid-card/{code}", GridCardEndpoint.GetHtmlAsync).WithName("GetGridCardHtml").ExcludeFromDescription();
        app.MapGet("/api/map/labels/{layer}", MapLabelsEndpoint.GetAsync).WithName("GetMapLabels");
        return app;
    }
}
