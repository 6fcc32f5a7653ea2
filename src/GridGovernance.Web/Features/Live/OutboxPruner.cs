using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Features.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Live;

/// <summary>
/// Deletes outbox events older than <c>GridGov:Live:RetentionHours</c> (default 7 days), a batch at a time. A client whose
/// last event id lies before the oldest kept event is told it is too far behind and reloads its page instead of catching up.
/// Safe on several instances at once (each deletes what is old).
/// </summary>
internal sealed class OutboxPruner(NpgsqlDataSource dataSource, IOptions<OutboxPruneOptions> options, IOptions<LiveOptions> live,
    TimeProvider clock, ILogger<OutboxPruner> logger, GridGovMetrics metrics)
    : ClockedService<long>(options.Value, clock, logger, "OutboxPrune", metrics)
{
    private const int Batch = 10_000;

    private TimeSpan Retention => TimeSpan.FromHours(live.Value.RetentionHours);

    public override async Task<long> RunOnceAsync(DateTimeOffset now, CancellationToken ct)
    {
        long deleted = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand("""
                DELETE FROM outbox_event WHERE id IN (SELECT id FROM outbox_event WHERE created_at < $1 ORDER BY id LIMIT $2)
                """);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = (now - Retention).ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Batch });
            var rows = await command.ExecuteNonQueryAsync(ct);
            deleted += rows;
            if (rows < Batch) return deleted;
        }
    }

    protected override void LogResult(long result, TimeSpan elapsed)
    {
        if (result > 0) logger.LogInformation("Pruned {Count} outbox events older than {Retention} in {Elapsed}", result, Retention, elapsed);
    }
}
