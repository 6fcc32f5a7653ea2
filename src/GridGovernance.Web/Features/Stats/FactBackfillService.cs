using GridGovernance.Web.Features.Metrics;
using GridGovernance.Web.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Web.Features.Stats;

internal sealed class FactBackfillOptions : ClockOptions
{
    public const string Section = "GridGov:FactBackfill";

    /// <summary>After start-up, then daily: only cases older than migration 0050 (or facts deleted by hand) are ever missing.</summary>
    public FactBackfillOptions()
    {
        IntervalSeconds = 86400;
        StartDelaySeconds = 30;
    }
}

/// <summary>
/// Back-fills the evaluation facts of cases that have none (cases older than migration 0050) or whose work orders lack theirs,
/// with the one writer the live changes use (<see cref="EvaluationFacts.RecordAsync"/>), so a back-filled row is exactly the
/// row the next timeline entry would write. Idempotent (an upsert of what the case's rows say now), a batch of cases per
/// transaction, each case row locked <c>FOR UPDATE SKIP LOCKED</c>: a case changing right now is skipped (its own change
/// writes its facts), and several instances share the work instead of doing it twice.
/// </summary>
internal sealed class FactBackfillService(NpgsqlDataSource dataSource, IOptions<FactBackfillOptions> options, TimeProvider clock,
    ILogger<FactBackfillService> logger, GridGovMetrics metrics)
    : ClockedService<int>(options.Value, clock, logger, "FactBackfill", metrics)
{
    private const int Batch = 200;

    private const string MissingSql = """
        SELECT c.id FROM case_file c
        WHERE c.id > $1
          AND (NOT EXISTS (SELECT 1 FROM eval_case_fact f WHERE f.case_id = c.id)
               OR EXISTS (SELECT 1 FROM work_order o
                          WHERE o.case_id = c.id AND NOT EXISTS (SELECT 1 FROM eval_order_fact f WHERE f.order_id = o.id)))
        ORDER BY c.id LIMIT $2
        """;

    /// <summary>How many cases got their facts written.</summary>
    public override async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken ct)
    {
        var written = 0;
        long after = 0;
        while (true)
        {
            var ids = new List<long>();
            await using (var command = dataSource.CreateCommand(MissingSql))
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Batch });
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
            }
            if (ids.Count == 0) return written;
            after = ids[^1];

            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            var locked = new List<long>();
            await using (var lockCommand = new NpgsqlCommand(
                "SELECT id FROM case_file WHERE id = ANY($1) ORDER BY id FOR UPDATE SKIP LOCKED", connection, tx))
            {
                lockCommand.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                await using var reader = await lockCommand.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) locked.Add(reader.GetInt64(0));
            }
            foreach (var id in locked)
                await EvaluationFacts.RecordAsync(connection, tx, id, ct);
            await tx.CommitAsync(ct);
            written += locked.Count;
            if (ids.Count < Batch) return written;
        }
    }

    protected override void LogResult(int result, TimeSpan elapsed)
    {
        if (result > 0) logger.LogInformation("Evaluation facts back-filled for {Count} cases in {Elapsed}", result, elapsed);
    }
}
