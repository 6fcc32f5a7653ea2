namespace GridGovernance.Web.Features.Tiles;

/// <summary>
/// How the tile cache is warmed (GridGov:Tiles:WarmUp:*). On by default, except in the Testing environment, where dozens
/// of short-lived app instances would each cut every low-zoom tile and compete with the tests for the database; a test
/// that is about the warm-up turns it on.
/// </summary>
internal sealed record TileWarmUpSettings(bool Enabled, int MaxZoom, int Concurrency, TimeSpan CheckInterval, TimeSpan RefreshInterval)
{
    public static TileWarmUpSettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection("GridGov:Tiles:WarmUp");
        var cacheEnabled = configuration.GetValue("GridGov:Tiles:CacheEnabled", true);
        return new TileWarmUpSettings(
            Enabled: cacheEnabled && section.GetValue("Enabled", !environment.IsEnvironment("Testing")),
            // Zoom 12 and below: a few hundred tiles for a county, a few thousand for a province; the tiles every visitor
            // sees first, and the costliest to cut (the lowest zooms hold the most features per tile).
            MaxZoom: Math.Clamp(section.GetValue("MaxZoom", 12), 0, TileLayers.MaxZoom),
            // One at a time by default: the warm-up must leave the cores to the people using the map.
            Concurrency: Math.Clamp(section.GetValue("Concurrency", 1), 1, 4),
            CheckInterval: TimeSpan.FromSeconds(Math.Max(0.05, section.GetValue("CheckSeconds", 30.0))),
            // Shorter than the cache's sliding expiration, so the pass that touches every warm tile keeps it there.
            RefreshInterval: TimeSpan.FromMinutes(Math.Clamp(section.GetValue("RefreshMinutes", 10.0), 0.01,
                TileCache.SlidingExpiration.TotalMinutes / 2)));
    }
}
