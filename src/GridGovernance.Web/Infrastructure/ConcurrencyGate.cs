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

    protected ConcurrencyGate(int limit) => _slots = limit > 0 ? new SemaphoreSlim(limit, limit) : null;

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_slots is null) return await work(cancellationToken);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await work(cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }
}
