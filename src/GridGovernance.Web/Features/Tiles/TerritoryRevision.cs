using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Tiles;

/// <summary>
/// The territory's current revision (territory_revision, bumped by every import and every grid edit), which keys every cached tile.
/// Read at most once per <see cref="MaxAge"/>: a cached tile then costs no database round trip at all, and an import
/// shows on the map within that time.
/// </summary>
internal sealed class TerritoryRevision(NpgsqlDataSource dataSource, IOptions<TileOptions> options)
{
    private sealed record Reading(long Revision, long ReadAt);

    private readonly TimeSpan _maxAge = TimeSpan.FromSeconds(options.Value.RevisionCheckSeconds);
    private volatile Reading? _last;

    public TimeSpan MaxAge => _maxAge;

    /// <summary>
    /// Forgets the last reading, so the next tile asks the database: called by a change of this instance (a grid edit) right
    /// after its commit, so the editor's own map never gets a tile of the old revision. Other instances see the change within
    /// <see cref="MaxAge"/>, as after an import.
    /// </summary>
    public void Forget() => _last = null;

    public async ValueTask<long> CurrentAsync(CancellationToken cancellationToken)
    {
        var last = _last;
        if (last is not null && Stopwatch.GetElapsedTime(last.ReadAt) < _maxAge) return last.Revision;

        await using var command = dataSource.CreateCommand("SELECT revision FROM territory_revision");
        var revision = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        _last = new Reading(revision, Stopwatch.GetTimestamp());
        return revision;
    }
}
