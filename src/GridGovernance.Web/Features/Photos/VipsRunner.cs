namespace GridGovernance.Web.Features.Photos;

/// <summary>
/// Runs libvips work (in process, through NetVips) on the thread pool with a time limit and a cap on how many images are
/// decoded at once: a burst of uploads on a 2-core server must queue, not start fifty decoders, each holding a full-size
/// image's memory.
/// </summary>
internal sealed class VipsRunner(PhotoStorageOptions options, ILogger<VipsRunner> logger) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentVips, options.MaxConcurrentVips);

    static VipsRunner()
    {
        // libvips threads each image itself; one image must not take every core from the web server.
        global::NetVips.NetVips.Concurrency = 2;
        // libvips' operation cache keys on file names and keeps files open; every upload is a new file, read once.
        global::NetVips.Cache.Max = 0;
        global::NetVips.Cache.MaxFiles = 0;
    }

    /// <summary>
    /// Runs <paramref name="work"/> once a slot is free. The token it receives is cancelled after the time limit; libvips
    /// work hands it to <c>Image.SetProgress</c>, which kills the evaluation. A job stopped that way throws
    /// <see cref="TimeoutException"/>; cancelling <paramref name="ct"/> throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task RunAsync(Action<CancellationToken> work, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.VipsTimeout);
            try
            {
                // Decoding is CPU-bound and blocking: never on the request's own thread.
                await Task.Run(() => work(timeout.Token), CancellationToken.None);
            }
            catch (Exception) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                logger.LogWarning("libvips work exceeded {Timeout} and was stopped", options.VipsTimeout);
                throw new TimeoutException($"libvips work exceeded {options.VipsTimeout}");
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                throw new OperationCanceledException(ct);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
