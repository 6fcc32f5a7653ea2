namespace GridGovernance.Web.Features.Tiles;

/// <summary>Registers the vector tiles of the territory layers.</summary>
internal static class TilesFeature
{
    public static IServiceCollection AddTiles(this IServiceCollection services) => services
        .AddSingleton<TileCache>()
        .AddSingleton<TerritoryRevision>()
        .AddSingleton<TileQueries>();

    public static IEndpointRouteBuilder MapTiles(this IEndpointRouteBuilder app)
    {
        app.MapGet(TileEndpoint.Route, TileEndpoint.GetTileAsync).WithName("GetTile");
        return app;
    }
}
