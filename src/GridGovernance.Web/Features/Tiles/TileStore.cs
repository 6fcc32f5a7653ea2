using System.Security.Cryptography;
using GridGovernance.Domain.Accounts;
using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Tiles;

/// <summary>
/// A tile from the cache, or cut by PostGIS and cached: the one path by which both the tile endpoint and the warm-up get
/// tiles, so a warmed tile is byte for byte (and tag for tag) what a request would have cut.
/// </summary>
internal sealed class TileStore(TileQueries queries, TileCache cache, TileWarmUpSettings warmUp, ILogger<TileStore> logger)
{
    /// <param name="staff">The caller, for a layer of personal data (cut within the caller's scope); null for public layers.</param>
    public async Task<(TileContent Content, bool Hit)> GetAsync(
        TileLayer layer, int z, int x, int y, long revision, CancellationToken cancellationToken, CurrentStaff? staff = null)
    {
        if (layer.HoldsPersonalData && staff is null)
            throw new InvalidOperationException($"The {layer.Name} layer holds personal data and is cut only within a caller's scope.");
        var key = new TileKey(layer.Name, z, x, y, revision, layer.HoldsPersonalData ? TileScope(staff!) : null);
        if (cache.TryGet(key, out var cached)) return (cached!, true);

        var bytes = await queries.CutAsync(layer, z, x, y, layer.HoldsPersonalData ? staff : null, cancellationToken);
        var content = new TileContent(bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12))}\"");
        cache.Set(key, content, keepLonger: z <= warmUp.MaxZoom);
        if (bytes.Length > TileEndpoint.SizeBudgetBytes)
            logger.LogWarning(
                "Tile {Layer}/{Z}/{X}/{Y} is {Bytes} bytes, over the {Budget} byte budget: raise the layer's minimum zoom",
                layer.Name, z, x, y, bytes.Length, TileEndpoint.SizeBudgetBytes);
        return (content, false);
    }

    /// <summary>What a personal tile's content depends on: the territory of the caller's households (the same for all accounts of one scope).</summary>
    private static string TileScope(CurrentStaff staff) => ScopeGrants.Of(staff.Scope, staff.Id).Territory ?? "";
}
