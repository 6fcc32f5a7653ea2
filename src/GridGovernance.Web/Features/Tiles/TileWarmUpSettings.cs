namespace GridGovernance.Web.Features.Tiles;

/// <summary>
/// How the tile cache is warmed (<see cref="TileWarmUpOptions"/>, GridGov:Tiles:WarmUp:*). On by default, except in the Testing environment, where dozens
/// of short-lived app instances would each cut every low-zoom tile and compete with the tests for the database; a test
/// that is about the warm-up turns it on.
/// </summary>
internal sealed record TileWarmUpSettings(bool Enabled, int MaxZoom, int Concurrency, TimeSpan CheckInterval, TimeSpan RefreshInterval)
{
    public static TileWarmUpSettings From(TileWarmUpOptions warmUp, TileOptions tiles, IHostEnvironment environment) => new(
        Enabled: tiles.CacheEnabled && (warmUp.Enabled ?? !environment.IsEnvironment("Testing")),
        MaxZoom: warmUp.MaxZoom,
        Concurrency: warmUp.Concurrency,
        CheckInterval: TimeSpan.FromSeconds(warmUp.CheckSeconds),
        RefreshInterval: TimeSpan.FromMinutes(warmUp.RefreshMinutes));
}
