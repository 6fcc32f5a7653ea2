using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Tiles;

/// <summary>
/// The territory's current revision (territory_revision, bumped by every import), which keys every cached tile.
/// Read at most once per <see cref="MaxAge"/>: a cached tile then costs no database round trip at all, and an import
/// shows on the map within that time.
/// </summary>
internal sealed class TerritoryRevision(NpgsqlDataSource dataSource, IOptions<TileOptions> options)
{
    private sealed record Reading(long Revision, long ReadAt);

    private readonly TimeSpan _maxAge = TimeSpan.FromSeconds(options.Value.RevisionCheckSeconds);
    private volatile Reading? _last;

    public TimeSpan MaxAge => _maxAge;

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
