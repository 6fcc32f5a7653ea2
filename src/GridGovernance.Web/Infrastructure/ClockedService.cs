using GridGovernance.Web.Features.Metrics;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// A background job that runs <see cref="RunOnceAsync"/> every <c>GridGov:{section}:IntervalSeconds</c> (<see cref="ClockOptions"/>) with the clock's
/// current time. A run compares that time with what the database already holds, never with "what happened since the last
/// run", so a restart, a pause or a missed tick is caught up by the next run. A failing run (the database is down, a
/// migration is not applied yet) is logged and tried again on the next tick: it must never stop the app.
/// </summary>
internal abstract class ClockedService<TResult>(ClockOptions options, TimeProvider clock, ILogger logger, string section, GridGovMetrics metrics)
    : BackgroundService
{
    private TimeSpan StartDelay => options.StartDelay;

    public TimeSpan Interval => options.Interval;

    /// <summary>Off only for tests that drive <see cref="RunOnceAsync"/> with chosen times.</summary>
    public bool Enabled => options.Enabled;

    /// <summary>One pass with <paramref name="now"/> as the current time; safe to run on several instances at once.</summary>
    public abstract Task<TResult> RunOnceAsync(DateTimeOffset now, CancellationToken ct);

    protected abstract void LogResult(TResult result, TimeSpan elapsed);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            logger.LogInformation("{Section} clock is disabled by configuration", section);
            return;
        }
        try
        {
            await Task.Delay(StartDelay, clock, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await TickAsync(stoppingToken);
                await Task.Delay(Interval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        var started = clock.GetTimestamp();
        try
        {
            var result = await RunOnceAsync(clock.GetUtcNow(), stoppingToken);
            var elapsed = clock.GetElapsedTime(started);
            metrics.ClockTicked(section, elapsed);
            LogResult(result, elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Whatever went wrong, the next tick starts from the database again; an exception escaping a BackgroundService
            // would stop the whole host.
            logger.LogWarning(e, "{Section} run failed; next try in {Interval}", section, Interval);
        }
    }
}
