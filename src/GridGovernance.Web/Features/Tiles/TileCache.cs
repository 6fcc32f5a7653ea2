using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Features.Tiles;

/// <summary>A cut tile and its entity tag (a hash of its bytes, so the tag changes exactly when the content does).</summary>
internal sealed record TileContent(byte[] Bytes, string ETag);

/// <summary>
/// The cache key: a tile of a layer at one territory revision. An import moves every key on; old ones age out. A layer of
/// personal data is cut per scope (<see cref="Scope"/>: the territory whose households it holds), so one caller's tile is never
/// served to another; public layers have no scope.
/// </summary>
internal readonly record struct TileKey(string Layer, int Z, int X, int Y, long Revision, string? Scope = null);

/// <summary>
/// Cut tiles kept in process memory, bounded in bytes. A private cache rather than the app's shared IMemoryCache: a size
/// limit on the shared one would oblige every other user of it to give sizes too.
/// </summary>
internal sealed class TileCache : IDisposable
{
    /// <summary>Bookkeeping per entry (key, entry object, dictionary slot), counted so that many empty tiles still add up.</summary>
    private const int EntryOverheadBytes = 256;

    /// <summary>
    /// Keys of an older revision are never asked for again; this lets them go even when memory is not short. The warm-up
    /// touches the tiles it keeps warm more often than this, so those stay.
    /// </summary>
    public static readonly TimeSpan SlidingExpiration = TimeSpan.FromMinutes(30);

    private readonly MemoryCache _cache;

    public TileCache(IOptions<TileOptions> options)
    {
        Enabled = options.Value.CacheEnabled;
        var megabytes = options.Value.CacheMegabytes;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = megabytes * 1024L * 1024L, CompactionPercentage = 0.25 });
    }

    public bool Enabled { get; }

    public bool TryGet(TileKey key, out TileContent? content)
    {
        content = null;
        return Enabled && _cache.TryGetValue(key, out content);
    }

    /// <param name="keepLonger">
    /// For the few low-zoom tiles that every visitor sees first: when memory runs short, the many close-up tiles go before them.
    /// </param>
    public void Set(TileKey key, TileContent content, bool keepLonger = false)
    {
        if (!Enabled) return;
        _cache.Set(key, content, new MemoryCacheEntryOptions
        {
            Size = content.Bytes.Length + EntryOverheadBytes,
            SlidingExpiration = SlidingExpiration,
            Priority = keepLonger ? CacheItemPriority.High : CacheItemPriority.Normal,
        });
    }

    public void Dispose() => _cache.Dispose();
}
