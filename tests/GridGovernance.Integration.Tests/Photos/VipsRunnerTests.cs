using GridGovernance.Web.Features.Photos;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace GridGovernance.Integration.Tests.Photos;

/// <summary>The libvips runner's two promises: no more images at once than there are slots, and a time limit.</summary>
public sealed class VipsRunnerTests
{
    private static VipsRunner Runner(int slots, TimeSpan timeout) =>
        new(new PhotoStorageOptions(Path.GetTempPath(), PhotoStorageOptions.DefaultMaxUploadBytes, timeout, slots), NullLogger<VipsRunner>.Instance);

    [Fact]
    public async Task A_burst_of_work_runs_no_more_jobs_at_once_than_there_are_slots()
    {
        using var runner = Runner(slots: 2, TimeSpan.FromSeconds(30));
        var running = 0;
        var most = 0;
        using var release = new ManualResetEventSlim();

        var jobs = Enumerable.Range(0, 6).Select(i => runner.RunAsync(_ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            release.Wait(TimeSpan.FromSeconds(20), CancellationToken.None);
            Interlocked.Decrement(ref running);
        }, CancellationToken.None)).ToList();
        // Two jobs hold the slots (and wait); the other four queue behind them.
        await Eventually.TrueAsync(() => Volatile.Read(ref running) == 2, "two jobs holding the two slots");
        // Not a sleep to synchronise: a window in which a third job, if the cap were broken, would start (nothing signals
        // that something did not happen).
        await Task.Delay(200);
        Volatile.Read(ref running).ShouldBe(2);
        release.Set();
        await Task.WhenAll(jobs);

        most.ShouldBe(2, "两个并发名额时，最多同时处理两张照片");
    }

    [Fact]
    public async Task Work_that_runs_past_the_time_limit_is_stopped_and_its_slot_freed()
    {
        using var runner = Runner(slots: 1, TimeSpan.FromMilliseconds(300));

        // Like libvips with a killed evaluation: the job notices its token and fails.
        await Should.ThrowAsync<TimeoutException>(() => runner.RunAsync(token =>
        {
            token.WaitHandle.WaitOne(TimeSpan.FromSeconds(20));
            token.ThrowIfCancellationRequested();
        }, CancellationToken.None));

        var ran = false;
        await runner.RunAsync(_ => ran = true, CancellationToken.None);
        ran.ShouldBeTrue("the slot was released");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
