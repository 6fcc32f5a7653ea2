using GridGovernance.Data.Database;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Live;

/// <summary>
/// LISTENs on <c>gridgov_events</c> over a dedicated connection (not from the pool: it is held for the app's lifetime) and wakes
/// the <see cref="OutboxForwarder"/> on each NOTIFY. When the connection breaks — PostgreSQL restarts, the network drops — it
/// reconnects by itself with growing pauses (up to 10 s), and wakes the forwarder once connected again, which then forwards
/// whatever committed in between from the last id it forwarded.
/// </summary>
internal sealed class OutboxListener(IConfiguration configuration, OutboxForwarder forwarder, ILogger<OutboxListener> logger)
    : BackgroundService
{
    public const string Channel = "gridgov_events";

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
                Listening = false;
                pause = pause == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
                logger.LogWarning("Live listener lost its database connection ({Message}); reconnecting in {Pause}", e.Message, pause);
            }
        }
    }

    private async Task ListenAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        connection.Notification += (_, _) => forwarder.Wake();
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(ct);
        Listening = true;
        logger.LogInformation("Live listener is listening on {Channel}", Channel);
        // Events may have committed while we were not listening.
        forwarder.Wake();
        while (true) await connection.WaitAsync(ct);
    }
}
