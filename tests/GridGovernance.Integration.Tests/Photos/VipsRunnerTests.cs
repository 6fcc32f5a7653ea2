using System.Diagnostics;
using GridGovernance.Web.Features.Photos;
using Microsoft.Extensions.Logging.Abstractions;

namespace GridGovernance.Integration.Tests.Photos;

/// <summary>The process runner's two promises, checked with `sleep` standing in for a slow vips.</summary>
public sealed class VipsRunnerTests
{
    private static VipsRunner Runner(int slots, TimeSpan timeout) =>
        new(new PhotoStorageOptions(Path.GetTempPath(), PhotoStorageOptions.DefaultMaxUploadBytes, timeout, slots), NullLogger<VipsRunner>.Instance);

    [Fact]
    public async Task A_burst_of_work_runs_no_more_processes_at_once_than_there_are_slots()
    {
        using var one = Runner(slots: 1, TimeSpan.FromSeconds(30));
        using var three = Runner(slots: 3, TimeSpan.FromSeconds(30));

        var serial = await TimeAsync(() => Task.WhenAll(Enumerable.Range(0, 3).Select(_ => one.RunAsync("sleep", ["0.4"], CancellationToken.None))));
        var parallel = await TimeAsync(() => Task.WhenAll(Enumerable.Range(0, 3).Select(_ => three.RunAsync("sleep", ["0.4"], CancellationToken.None))));

        serial.TotalSeconds.ShouldBeGreaterThanOrEqualTo(1.2, "一次只允许一个进程时，三个 0.4 秒的任务应排队执行");
        parallel.ShouldBeLessThan(serial);
    }

    [Fact]
    public async Task A_process_that_runs_past_the_time_limit_is_stopped()
    {
        using var runner = Runner(slots: 1, TimeSpan.FromMilliseconds(300));

        var elapsed = await TimeAsync(() => Should.ThrowAsync<TimeoutException>(() => runner.RunAsync("sleep", ["20"], CancellationToken.None)));

        elapsed.TotalSeconds.ShouldBeLessThan(10);
        // The slot was released: the next job runs at once.
        (await runner.RunAsync("true", [], CancellationToken.None)).ExitCode.ShouldBe(0);
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed;
    }
}
