using GridGovernance.Data.Database;
using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Live;

/// <summary>
/// Sends committed outbox events to this instance's SignalR groups, in id order. <see cref="OutboxListener"/> wakes it on
/// every NOTIFY; it also looks by itself every few seconds, so a lost notification (a dropped LISTEN connection) delays an
/// event but never loses it. Each instance forwards what every instance wrote: N instances on one database need no broker.
/// It reads over a connection of its own: under a burst of submissions the app's pool is busy, and a forwarder queueing for a
/// pooled connection delayed every client's events by up to a second (measured by the live benchmark).
/// </summary>
internal sealed class OutboxForwarder(IHubContext<LiveHub> hub, IConfiguration configuration, IOptions<LiveOptions> options, ILogger<OutboxForwarder> logger,
    LiveSignal circuits)
    : BackgroundService
{
    private const int Page = 500;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private long _lastForwarded = -1;

    private TimeSpan PollInterval => TimeSpan.FromSeconds(options.Value.PollSeconds);

    private TimeSpan SendTimeout => TimeSpan.FromSeconds(options.Value.SendTimeoutSeconds);

    /// <summary>The last event id this instance has forwarded (for tests and the health page).</summary>
    public long LastForwarded => Interlocked.Read(ref _lastForwarded);

    /// <summary>Something was committed (or may have been, after a reconnect): look now.</summary>
    public void Wake()
    {
        // At most one pending wake: many NOTIFYs during one pass are all served by the next pass.
        try { _wake.Release(); }
        catch (SemaphoreFullException) { }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseSetup.ConnectionString(configuration)) { MaxPoolSize = 1 };
        await using var dataSource = GridGovDataSource.Create(builder.ConnectionString, "gridgov-forward");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Start from "now": what was committed before this instance started reaches clients through the catch-up API.
                if (_lastForwarded < 0) Interlocked.Exchange(ref _lastForwarded, await OutboxEvents.NewestIdAsync(dataSource, stoppingToken));
                while (await ForwardPageAsync(dataSource, stoppingToken) == Page) { }
                await _wake.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database is restarting or unreachable: wait and look again from the last forwarded id.
                logger.LogWarning(e, "Forwarding live events failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<int> ForwardPageAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(OutboxEvents.After(LastForwarded, Page, scopeCode: null));
        List<(LiveEvent Event, string[] ScopeCodes)> events;
        await using (var reader = await batch.ExecuteReaderAsync(ct)) events = await OutboxEvents.ReadAsync(reader, ct);
        foreach (var (liveEvent, scopeCodes) in events)
        {
            // A case event also goes to its case's group (the resident's tracking page); a territory event has no case.
            var groups = new string[scopeCodes.Length + (liveEvent.CaseId is null ? 0 : 1)];
            for (var i = 0; i < scopeCodes.Length; i++) groups[i] = LiveGroups.OfScope(scopeCodes[i]);
            if (liveEvent.CaseId is { } caseId) groups[^1] = LiveGroups.OfCase(caseId);
            await SendAsync(groups, liveEvent, ct);
            Interlocked.Exchange(ref _lastForwarded, liveEvent.Id);
        }
        // Interactive pages (Blazor circuits) read from their own last id when told that something was forwarded.
        if (events.Count > 0) circuits.Raise();
        return events.Count;
    }

    /// <summary>
    /// Sends in order, waiting for every connection's write, so each client hears events in id order. A client that stops
    /// reading would hold everyone up: after the send timeout its write is cancelled, which makes SignalR abort that connection;
    /// the client reconnects and catches up through the API. (A connection in two of the groups may hear an event twice;
    /// clients apply each id once.)
    /// </summary>
    private async Task SendAsync(string[] groups, LiveEvent liveEvent, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(SendTimeout);
        try
        {
            await hub.Clients.Groups(groups).SendAsync(LiveHub.EventMethod, liveEvent, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Live event {Id}: a slow client was cut off after {Timeout}", liveEvent.Id, SendTimeout);
        }
    }
}
