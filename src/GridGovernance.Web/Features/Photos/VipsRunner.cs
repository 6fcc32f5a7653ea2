using System.Diagnostics;

namespace GridGovernance.Web.Features.Photos;

/// <summary>
/// Runs one libvips command-line tool with an argument list (no shell, so no quoting or injection), a time limit, and a cap
/// on how many run at once: a burst of uploads on a 2-core server must queue, not fork fifty decoders.
/// </summary>
internal sealed class VipsRunner(PhotoStorageOptions options, ILogger<VipsRunner> logger) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentVips, options.MaxConcurrentVips);

    public sealed record Result(int ExitCode, string StandardError);

    public async Task<Result> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        try
        {
            var start = new ProcessStartInfo(tool)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            // vips threads itself; one process must not take every core from the web server.
            start.Environment["VIPS_CONCURRENCY"] = "2";

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"无法启动 {tool}。");
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.VipsTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                if (ct.IsCancellationRequested) throw;
                logger.LogWarning("{Tool} exceeded {Timeout} and was stopped", tool, options.VipsTimeout);
                throw new TimeoutException($"{tool} timed out");
            }
            await stdout;
            return new Result(process.ExitCode, await stderr);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
