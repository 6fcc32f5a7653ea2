using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Tiles;

/// <summary>
/// The territory's current revision (territory_revision, bumped by every import, grid edit and household change), which keys
/// every cached tile. Read at most once per <see cref="MaxAge"/>: a cached tile then costs no database round trip at all, and
/// an import shows on the map within that time. A change made by this instance moves it on at once (<see cref="Advance"/>),
/// and a map that asks for a revision newer than the one known here (a tile URL with <c>?v=</c>, after a live territory
/// event from another instance) makes it read again (<see cref="CurrentAsync(long, CancellationToken)"/>), so no tile of the
/// old territory is ever cached under, or served for, a newer revision.
/// </summary>
internal sealed class TerritoryRevision(NpgsqlDataSource dataSource, IOptions<TileOptions> options)
{
    private sealed record Reading(long Revision, long ReadAt);

    /// <summary>The statement every writer of the territory runs in its transaction; it answers the new revision.</summary>
    public const string BumpSql = "UPDATE territory_revision SET revision = revision + 1, changed_at = now() RETURNING revision";

    private readonly TimeSpan _maxAge = TimeSpan.FromSeconds(options.Value.RevisionCheckSeconds);
    private readonly Lock _gate = new();
    private Reading? _last;

    /// <summary>Bumped by <see cref="Advance"/> and <see cref="Forget"/>: a database read that started before must not overwrite them.</summary>
    private long _generation;

    public TimeSpan MaxAge => _maxAge;

    /// <summary>
    /// A change of this instance committed <paramref name="revision"/>: tiles are keyed by it from now on. Called right after
    /// the commit, so the editor's own map never gets a tile of the old revision. A read of the database that was under way
    /// (and may have seen the revision before the commit) is discarded instead of replacing this one.
    /// </summary>
    public void Advance(long revision)
    {
        lock (_gate)
        {
            _generation++;
            if (_last is null || _last.Revision < revision) _last = new Reading(revision, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Forgets the last reading, so the next tile asks the database.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _generation++;
            _last = null;
        }
    }

    public ValueTask<long> CurrentAsync(CancellationToken cancellationToken) => CurrentAsync(0, cancellationToken);

    /// <param name="atLeast">
    /// The revision the caller knows exists (a tile URL's <c>v</c>): a reading older than that is read again at once.
    /// </param>
    public async ValueTask<long> CurrentAsync(long atLeast, CancellationToken cancellationToken)
    {
        long generation;
        lock (_gate)
        {
            if (_last is { } last && last.Revision >= atLeast && Stopwatch.GetElapsedTime(last.ReadAt) < _maxAge) return last.Revision;
            generation = _generation;
        }

        await using var command = dataSource.CreateCommand("SELECT revision FROM territory_revision");
        var revision = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        lock (_gate)
        {
            // Advanced (or forgotten) meanwhile: that is newer than what this read may have seen before a commit.
            if (generation != _generation) return _last is { } newer && newer.Revision > revision ? newer.Revision : revision;
            _last = new Reading(revision, Stopwatch.GetTimestamp());
        }
        return revision;
    }
}
