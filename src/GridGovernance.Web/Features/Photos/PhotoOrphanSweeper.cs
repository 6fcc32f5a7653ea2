using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Photos;

/// <summary>
/// Removes photo files that no database row refers to. Files are written before the case's transaction (vips is slow, and
/// content-addressed files are harmless to share), so a crash or a failed commit can leave files behind; so can an abandoned
/// work directory. Only files older than the grace period go, and a file's age is checked again just before it is deleted:
/// a new upload of the same content refreshes the file's time (<see cref="PhotoFileStore.Commit"/>), so a photo being
/// committed right now is never taken away. Safe with several app instances: each only deletes unreferenced old files.
/// </summary>
internal sealed class PhotoOrphanSweeper(PhotoStorageOptions options, NpgsqlDataSource dataSource, IOptions<StorageSettings> storage,
    TimeProvider clock, ILogger<PhotoOrphanSweeper> logger) : BackgroundService
{
    private TimeSpan Grace => TimeSpan.FromHours(storage.Value.OrphanGraceHours);
    private TimeSpan Interval => TimeSpan.FromHours(storage.Value.OrphanSweepHours);

    public sealed record SweepResult(int Examined, int Deleted);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start-up is busy enough; the first sweep waits a few minutes.
        await Task.Delay(TimeSpan.FromMinutes(5), clock, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await SweepOnceAsync(stoppingToken);
                if (result.Deleted > 0)
                    logger.LogInformation("Photo sweep deleted {Deleted} unreferenced files of {Examined} examined", result.Deleted, result.Examined);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Photo sweep failed; it will run again in {Interval}", Interval);
            }
            await Task.Delay(Interval, clock, stoppingToken);
        }
    }

    public async Task<SweepResult> SweepOnceAsync(CancellationToken ct)
    {
        if (!Directory.Exists(options.Root)) return new SweepResult(0, 0);
        var cutoff = clock.GetUtcNow().UtcDateTime - Grace;
        var candidates = Directory.EnumerateFiles(options.Root, "*.jpg", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}.work{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => IsOld(path, cutoff))
            .ToList();

        var referenced = await ReferencedAsync(candidates.Select(ShaOf).Distinct().ToArray(), ct);
        var deleted = 0;
        foreach (var path in candidates)
        {
            if (referenced.Contains(ShaOf(path)) || !IsOld(path, cutoff)) continue;
            File.Delete(path);
            deleted++;
        }
        deleted += SweepWorkDirectories(cutoff);
        return new SweepResult(candidates.Count, deleted);
    }

    /// <summary>A thumbnail link ({sha}.thumb.jpg) belongs to its photo; a plain {sha}.jpg is a photo or a thumbnail.</summary>
    private static string ShaOf(string path) => Path.GetFileName(path)[..64];

    // FileInfo reads a thumbnail link's own time (lstat), not its target's. If the link is swept while a new upload of the
    // same photo commits, the thumbnail request falls back to the photo itself (PhotoFileStore.OpenRead).
    private static bool IsOld(string path, DateTime cutoff) => new FileInfo(path) is { Exists: true } info && info.LastWriteTimeUtc < cutoff;

    private async Task<HashSet<string>> ReferencedAsync(string[] shas, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT sha256 FROM photo WHERE sha256 = ANY($1)
            UNION SELECT thumbnail_sha256 FROM photo WHERE thumbnail_sha256 = ANY($1)
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = shas });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) set.Add(reader.GetString(0));
        return set;
    }

    private int SweepWorkDirectories(DateTime cutoff)
    {
        var work = Path.Combine(options.Root, ".work");
        if (!Directory.Exists(work)) return 0;
        var deleted = 0;
        foreach (var entry in Directory.EnumerateFileSystemEntries(work))
        {
            if (File.GetLastWriteTimeUtc(entry) >= cutoff) continue;
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
            deleted++;
        }
        return deleted;
    }
}
