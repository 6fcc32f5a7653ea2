using System.Collections.Concurrent;
using System.Globalization;
using GridGovernance.Web.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Live;

/// <summary>
/// Closes the live connections of accounts that were signed out (disabled, re-scoped, password changed: migration 0014
/// rotates the stamp and NOTIFYs gridgov_accounts with the account id). <see cref="OutboxListener"/> hands each notification
/// here; this service forgets the instance's cached stamp of that account (so a reconnect with the old cookie is refused at
/// once, not after the cache time), reads the current stamps and aborts the connections opened with an older one. A
/// notification sent while the listener was reconnecting is lost, so every (re)connect of the listener, and a timer
/// (GridGov:Live:AccountRecheckSeconds, default 60), re-check every account connected here: one primary-key query.
/// </summary>
internal sealed class LiveSignOut(
    LiveConnections connections, SecurityStampCache stamps, NpgsqlDataSource dataSource, IOptions<LiveOptions> options, ILogger<LiveSignOut> logger)
    : BackgroundService
{
    private readonly ConcurrentQueue<long> _changed = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private volatile bool _recheckAll;

    private TimeSpan RecheckInterval => TimeSpan.FromSeconds(options.Value.AccountRecheckSeconds);

    /// <summary>A gridgov_accounts notification: the payload is the id of the account that changed.</summary>
    public void AccountChanged(string payload)
    {
        if (!long.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var accountId)) return;
        _changed.Enqueue(accountId);
        Wake();
    }

    /// <summary>Notifications may have been missed (the listener was not listening): check every connected account.</summary>
    public void RecheckAll()
    {
        _recheckAll = true;
        Wake();
    }

    private void Wake()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await _wake.WaitAsync(RecheckInterval, stoppingToken)) _recheckAll = true;
                await CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database is unreachable: nothing can be confirmed, so look at everyone again, each second until it answers.
                logger.LogWarning("Checking live connections against their accounts failed ({Message}); retrying", e.Message);
                RecheckAll();
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        var accountIds = new HashSet<long>();
        while (_changed.TryDequeue(out var changed))
        {
            accountIds.Add(changed);
            // The HTTP side of the same sign-out: without this, this instance accepted the old cookie until its cache expired.
            stamps.Forget(changed);
        }
        if (_recheckAll)
        {
            _recheckAll = false;
            accountIds.UnionWith(connections.AccountIds());
        }
        if (accountIds.Count == 0 || connections.Count == 0) return;

        var current = new Dictionary<long, string>();
        await using (var command = dataSource.CreateCommand("SELECT id, security_stamp::text FROM staff_account WHERE id = ANY($1) AND NOT disabled"))
        {
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = accountIds.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) current[reader.GetInt64(0)] = reader.GetString(1);
        }
        var aborted = connections.AbortStale(accountIds, current);
        if (aborted.Count > 0)
            logger.LogInformation("Closed {Count} live connection(s) of signed-out account(s) {AccountIds}", aborted.Count, aborted.Distinct().ToArray());
    }
}
