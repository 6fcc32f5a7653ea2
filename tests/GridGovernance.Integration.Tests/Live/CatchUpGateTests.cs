using GridGovernance.Web.Features.Live;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>
/// The interactive pages' catch-up gate: one catch-up at a time, and a signal that arrives while one runs — also while it is
/// refreshing what it read, after its last read — is answered by one more run. CI once saw the console miss a 立案 because a
/// signal during the refresh was dropped.
/// </summary>
public sealed class CatchUpGateTests
{
    [Fact]
    public async Task A_signal_while_the_catch_up_is_refreshing_runs_it_once_more()
    {
        var gate = new CatchUpGate();
        var refreshing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        async Task CatchUp()
        {
            runs++;
            if (runs == 1) await refreshing.Task; // the first run is still refreshing the page
        }

        var first = gate.RunAsync(CatchUp);
        var second = gate.RunAsync(CatchUp);
        var third = gate.RunAsync(CatchUp);
        second.IsCompleted.ShouldBeTrue("a signal during a run does not wait: the running catch-up takes it over");
        third.IsCompleted.ShouldBeTrue();
        runs.ShouldBe(1);

        refreshing.SetResult();
        await first;
        runs.ShouldBe(2, "two signals during the first run are answered by exactly one more run");
    }

    [Fact]
    public async Task Without_a_signal_meanwhile_the_catch_up_runs_once_and_the_next_signal_runs_it_again()
    {
        var gate = new CatchUpGate();
        var runs = 0;
        await gate.RunAsync(() => { runs++; return Task.CompletedTask; });
        runs.ShouldBe(1);
        await gate.RunAsync(() => { runs++; return Task.CompletedTask; });
        runs.ShouldBe(2);
    }

    [Fact]
    public async Task A_failing_catch_up_leaves_the_gate_open_for_the_next_signal()
    {
        var gate = new CatchUpGate();
        await Should.ThrowAsync<InvalidOperationException>(() => gate.RunAsync(() => throw new InvalidOperationException("数据库不可用")));
        var runs = 0;
        await gate.RunAsync(() => { runs++; return Task.CompletedTask; });
        runs.ShouldBe(1);
    }
}
