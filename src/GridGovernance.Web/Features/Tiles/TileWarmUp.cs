using System.Diagnostics;
using Npgsql;

namespace GridGovernance.Web.Features.Tiles;

/// <summary>
/// Cuts the low-zoom tiles over the territory ahead of time, after start-up and whenever the territory revision changes
/// (an import), so the first visitors find them cached: a cached tile answers without touching PostGIS, and the lowest
/// zooms are both the tiles everyone sees and the costliest to cut (a zoom-11 grids tile holds hundreds of grids).
/// </summary>
/// <remarks>
/// Runs in the background and never delays start-up or /readyz; cuts at most <see cref="TileWarmUpSettings.Concurrency"/>
/// tiles at a time, through the same <see cref="TileStore"/> as requests. Every
/// <see cref="TileWarmUpSettings.RefreshInterval"/> it walks the same tiles again: cached ones are only touched (which keeps
/// them from expiring), any evicted one is cut again.
/// </remarks>
internal sealed class TileWarmUp(
    TileWarmUpSettings settings, TileStore tiles, TerritoryRevision revision, NpgsqlDataSource dataSource, ILogger<TileWarmUp> logger)
    : BackgroundService
{
    private sealed record Bounds(double West, double South, double East, double North);

    private readonly record struct Job(TileLayer Layer, int X, int Y);

    private long _warmedRevision = -1;

    /// <summary>The territory revision whose low-zoom tiles were all in the cache at the end of the last pass; null before the first.</summary>
    public long? WarmedRevision => Interlocked.Read(ref _warmedRevision) is >= 0 and var revision ? revision : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled) return;
        // Let start-up finish first: BackgroundService runs this method up to its first await inside StartAsync.
        await Task.Yield();

        long? warmedRevision = null;
        var lastPass = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var current = await revision.CurrentAsync(stoppingToken);
                if (current != warmedRevision || Stopwatch.GetElapsedTime(lastPass) >= settings.RefreshInterval)
                {
                    if (await PassAsync(current, stoppingToken))
                    {
                        warmedRevision = current;
                        Interlocked.Exchange(ref _warmedRevision, current);
                        lastPass = Stopwatch.GetTimestamp();
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database may be restarting: the map still works (tiles are cut on demand); try again later.
                logger.LogWarning(e, "Tile cache warm-up failed; retrying in {Seconds} s", settings.CheckInterval.TotalSeconds);
            }

            try
            {
                await Task.Delay(settings.CheckInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One walk over the low-zoom tiles; false when the revision changed under it (the caller starts over).</summary>
    private async Task<bool> PassAsync(long currentRevision, CancellationToken cancellationToken)
    {
        var bounds = await TerritoryBoundsAsync(cancellationToken);
        if (bounds is null) return true; // nothing imported yet: nothing to draw

        var started = Stopwatch.GetTimestamp();
        var jobsByZoom = Jobs(bounds).ToList();
        var total = jobsByZoom.Sum(z => z.Jobs.Count);
        long cut = 0, bytes = 0;
        foreach (var (zoom, jobs) in jobsByZoom)
        {
            var zoomStarted = Stopwatch.GetTimestamp();
            long zoomCut = 0;
            await Parallel.ForEachAsync(jobs,
                new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
                async (job, token) =>
                {
                    var (content, hit) = await tiles.GetAsync(job.Layer, zoom, job.X, job.Y, currentRevision, token);
                    if (hit) return;
                    Interlocked.Increment(ref zoomCut);
                    Interlocked.Add(ref bytes, content.Bytes.Length);
                });
            cut += zoomCut;
            if (zoomCut > 0)
                logger.LogInformation("Tile warm-up, revision {Revision}: zoom {Zoom}, {Cut} of {Tiles} tiles cut in {Seconds:0.0} s",
                    currentRevision, zoom, zoomCut, jobs.Count, Stopwatch.GetElapsedTime(zoomStarted).TotalSeconds);

            if (await revision.CurrentAsync(cancellationToken) != currentRevision)
            {
                logger.LogInformation("Tile warm-up: the territory changed (revision {Revision} is out of date); starting over", currentRevision);
                return false;
            }
        }

        // Quiet when a refresh found everything still cached: that is the normal case every few minutes.
        logger.Log(cut > 0 ? LogLevel.Information : LogLevel.Debug,
            "Tile cache warm for revision {Revision}: {Tiles} tiles of zoom {MinZoom}–{MaxZoom}, {Cut} cut ({Bytes} bytes), the rest already cached, in {Seconds:0.0} s",
            currentRevision, total, jobsByZoom.FirstOrDefault().Zoom, settings.MaxZoom, cut, bytes,
            Stopwatch.GetElapsedTime(started).TotalSeconds);
        return true;
    }

    /// <summary>Per zoom, lowest first (the tiles every visitor sees), every tile of every layer drawn there over the bounds.</summary>
    private IEnumerable<(int Zoom, List<Job> Jobs)> Jobs(Bounds bounds)
    {
        for (var zoom = 0; zoom <= settings.MaxZoom; zoom++)
        {
            var layers = TileLayers.ByName.Values.Where(l => l.DrawnAt(zoom) && !l.HoldsPersonalData).ToList();
            if (layers.Count == 0) continue;
            var (minX, minY) = TileOf(bounds.West, bounds.North, zoom);
            var (maxX, maxY) = TileOf(bounds.East, bounds.South, zoom);
            var jobs = new List<Job>();
            foreach (var layer in layers)
                for (var x = minX; x <= maxX; x++)
                    for (var y = minY; y <= maxY; y++)
                        jobs.Add(new Job(layer, x, y));
            yield return (zoom, jobs);
        }
    }

    /// <summary>The XYZ tile holding a longitude/latitude at a zoom (Web Mercator, clamped to the world).</summary>
    internal static (int X, int Y) TileOf(double longitude, double latitude, int zoom)
    {
        var n = 1 << zoom;
        var x = (int)Math.Floor((longitude + 180.0) / 360.0 * n);
        var y = (int)Math.Floor((1.0 - Math.Asinh(Math.Tan(latitude * Math.PI / 180.0)) / Math.PI) / 2.0 * n);
        return (Math.Clamp(x, 0, n - 1), Math.Clamp(y, 0, n - 1));
    }

    /// <summary>All counties' extent; null while nothing is imported.</summary>
    private async Task<Bounds?> TerritoryBoundsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) AS e FROM county) s WHERE e IS NOT NULL");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new Bounds(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
    }
}
