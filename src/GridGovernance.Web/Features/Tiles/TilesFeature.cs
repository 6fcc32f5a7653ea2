using GridGovernance.Web.Infrastructure.Settings;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Features.Tiles;

/// <summary>Registers the vector tiles of the territory layers and the warm-up of their cache.</summary>
internal static class TilesFeature
{
    public static IServiceCollection AddTiles(this IServiceCollection services)
    {
        services.AddSettings<TileOptions>(TileOptions.Section);
        services.AddSettings<TileWarmUpOptions>(TileWarmUpOptions.Section);
        return services
        .AddSingleton<TileCache>()
        .AddSingleton<TerritoryRevision>()
        .AddSingleton<TileQueries>()
        .AddSingleton<TileStore>()
        .AddSingleton(provider => TileWarmUpSettings.From(provider.GetRequiredService<IOptions<TileWarmUpOptions>>().Value,
            provider.GetRequiredService<IOptions<TileOptions>>().Value, provider.GetRequiredService<IHostEnvironment>()))
        .AddHostedService<TileWarmUp>();
    }

    public static IEndpointRouteBuilder MapTiles(this IEndpointRouteBuilder app)
    {
        app.MapGet(TileEndpoint.Route, TileEndpoint.GetTileAsync).WithName("GetTile");
        app.MapGet(RevisionEndpoint.Route, RevisionEndpoint.GetAsync).WithName("GetTerritoryRevision");
        return app;
    }
}
