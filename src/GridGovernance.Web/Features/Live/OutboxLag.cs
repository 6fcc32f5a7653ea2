using GridGovernance.Web.Features.Metrics;
using Npgsql;

namespace GridGovernance.Web.Features.Live;

/// <summary>
/// The outbox lag metric: newest committed event id minus the last id this instance forwarded. Read when /metrics is scraped
/// (one index look-up, every scrape interval), not on the forwarder's path, which must stay as short as it is.
/// </summary>
internal static class OutboxLag
{
    public static void Observe(GridGovMetrics metrics, OutboxForwarder forwarder, NpgsqlDataSource dataSource) =>
        metrics.ObserveOutboxLag(() =>
        {
            // Before its first pass the forwarder has no position: there is no lag to speak of yet.
            if (forwarder.LastForwarded < 0) return null;
            try
            {
                using var command = dataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM outbox_event");
                command.CommandTimeout = 2;
                var newest = (long)command.ExecuteScalar()!;
                return Math.Max(0, newest - forwarder.LastForwarded);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                return null; // the database is unreachable: the scrape shows no reading rather than failing
            }
        });
}
