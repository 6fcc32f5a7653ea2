using System.Diagnostics;

namespace GridGovernance.Integration.Tests.Infrastructure;

/// <summary>
/// The one way a test waits for something that happens in the background (a listener, a hosted service, a lock queue, a
/// browser page): poll a condition, quickly at first, until it holds. The timeout is a hang guard, not a timing assertion:
/// it is generous because CI shares two cores between PostgreSQL, the app, Chromium and the tests.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test naming <paramref name="what"/> when it never does.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        if (!await WithinAsync(condition, timeout ?? DefaultTimeout))
            throw new TimeoutException($"Waited {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s, but never: {what}");
    }

    /// <inheritdoc cref="TrueAsync(Func{Task{bool}}, string, TimeSpan?)"/>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds and says whether it did, without failing: for a wait whose outcome the
    /// test asserts afterwards in words of its own.
    /// </summary>
    public static async Task<bool> WithinAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        // 10 ms, then doubling up to 200 ms: fast when the thing is quick, cheap on the CPU when it is not.
        for (var pause = TimeSpan.FromMilliseconds(10); ; pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.TicksPerMillisecond * 200)))
        {
            if (await condition()) return true;
            if (Stopwatch.GetElapsedTime(started) > timeout) return false;
            await Task.Delay(pause);
        }
    }

    /// <inheritdoc cref="WithinAsync(Func{Task{bool}}, TimeSpan)"/>
    public static Task<bool> WithinAsync(Func<bool> condition, TimeSpan timeout) => WithinAsync(() => Task.FromResult(condition()), timeout);
}
