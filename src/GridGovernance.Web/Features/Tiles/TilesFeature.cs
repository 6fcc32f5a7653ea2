namespace GridGovernance.Web.Features.Tiles;

/// <summary>Registers the vector tiles of the territory layers and the warm-up of their cache.</summary>
internal static class TilesFeature
{
    public static IServiceCollection AddTiles(this IServiceCollection services) => services
        .AddSingleton<TileCache>()
        .AddSingleton<TerritoryRevision>()
        .AddSingleton<TileQueries>()
        .AddSingleton<TileStore>()
        .AddSingleton(provider => TileWarmUpSettings.From(
            provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>()))
        .AddHostedService<TileWarmUp>();

    public static IEndpointRouteBuilder MapTiles(this IEndpointRouteBuilder app)
    {
        app.MapGet(TileEndpoint.Route, TileEndpoint.GetTileAsync).WithName("GetTile");
        return app;
    }
}
