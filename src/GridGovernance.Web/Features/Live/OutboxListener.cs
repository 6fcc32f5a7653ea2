using GridGovernance.Data.Database;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Live;

/// <summary>
/// LISTENs on <c>gridgov_events</c> over a dedicated connection (not from the pool: it is held for the app's lifetime) and wakes
/// the <see cref="OutboxForwarder"/> on each NOTIFY; on the same connection it LISTENs on <c>gridgov_accounts</c> (migration
/// 0014) and hands each signed-out account to <see cref="LiveSignOut"/>, which closes that account's live connections. When
/// the connection breaks — PostgreSQL restarts, the network drops — it reconnects by itself with growing pauses (up to 10 s),
/// clears the app's pool of now-dead idle connections, and wakes the forwarder once connected again, which then forwards
/// whatever committed in between from the last id it forwarded; sign-outs missed in between are found by re-checking every
/// connected account.
/// </summary>
internal sealed class OutboxListener(
    IConfiguration configuration, OutboxForwarder forwarder, LiveSignOut signOut, NpgsqlDataSource pool, ILogger<OutboxListener> logger)
    : BackgroundService
{
    public const string Channel = "gridgov_events";
    public const string AccountsChannel = "gridgov_accounts";

    /// <summary>True while LISTEN is in effect (for tests and the health page).</summary>
    public bool Listening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseSetup.ConnectionString(configuration))
        {
            Pooling = false,
            // A half-open TCP connection (a server that vanished without a FIN) would otherwise wait forever.
            KeepAlive = 15,
        };
        await using var dataSource = GridGovDataSource.Create(builder.ConnectionString, "gridgov-listen");
        var pause = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (pause > TimeSpan.Zero) await Task.Delay(pause, stoppingToken);
                await ListenAsync(dataSource, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                // The listener is the first to hear that the server went away: the pool's idle connections are dead too, and
                // each would fail one request if kept.
                if (Listening) pool.Clear();
                Listening = false;
                pause = pause == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
                logger.LogWarning("Live listener lost its database connection ({Message}); reconnecting in {Pause}", e.Message, pause);
            }
        }
    }

    private async Task ListenAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Called on this loop's thread while WaitAsync reads: hand over and return, never touch the database here.
        connection.Notification += (_, e) =>
        {
            if (e.Channel == AccountsChannel) signOut.AccountChanged(e.Payload);
            else forwarder.Wake();
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}; LISTEN {AccountsChannel}", connection)) await listen.ExecuteNonQueryAsync(ct);
        Listening = true;
        logger.LogInformation("Live listener is listening on {Channel} and {AccountsChannel}", Channel, AccountsChannel);
        // Events may have committed, and accounts been signed out, while we were not listening.
        forwarder.Wake();
        signOut.RecheckAll();
        while (true) await connection.WaitAsync(ct);
    }
}
