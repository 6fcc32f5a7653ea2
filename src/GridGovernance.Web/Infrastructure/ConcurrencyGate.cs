using GridGovernance.Web.Features.Metrics;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// At most <c>limit</c> callers inside at once; the rest wait here in memory, first come first served (0 or less: no cap).
/// Why: on a small database server, many backends doing short work at once share a few cores and fight over the same locks;
/// queued in the app instead, each runs nearly alone, the wait is spread evenly, and a burst never holds every pooled
/// connection (tests/bench/README.md measures it for locate and for intake).
/// </summary>
internal abstract class ConcurrencyGate
{
    private readonly SemaphoreSlim? _slots;
    private long _waiting;

    /// <param name="name">The gate's name in the queue-length metric (gridgov.gate.queue.length{gate=…}).</param>
    protected ConcurrencyGate(int limit, string name, GridGovMetrics metrics)
    {
        _slots = limit > 0 ? new SemaphoreSlim(limit, limit) : null;
        metrics.ObserveQueue(name, () => Waiting);
    }

    /// <summary>Callers waiting for a slot right now.</summary>
    public long Waiting => Interlocked.Read(ref _waiting);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_slots is null) return await work(cancellationToken);
        if (!_slots.Wait(0, cancellationToken)) await WaitForSlotAsync(_slots, cancellationToken);
        try
        {
            return await work(cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task WaitForSlotAsync(SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await slots.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}
