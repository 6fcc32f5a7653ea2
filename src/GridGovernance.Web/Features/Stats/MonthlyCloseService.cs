using GridGovernance.Data.Calendar;
using GridGovernance.Domain.Evaluation;
using GridGovernance.Web.Features.Metrics;
using GridGovernance.Web.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Stats;

internal sealed class MonthlyCloseOptions : ClockOptions
{
    public const string Section = "GridGov:MonthlyClose";

    /// <summary>The close is due once a month; looking every 10 minutes is plenty and costs one small query.</summary>
    public MonthlyCloseOptions() => IntervalSeconds = 600;
}

/// <summary>
/// The automatic monthly close: from the first working day of a month (<see cref="MonthlyClose.MonthToFreeze"/>, on each
/// county's own work calendar) the previous month of every county that has no snapshot of it yet is frozen
/// (<see cref="StatsService.FreezeAsync"/>). A run after a restart catches up: every month after the county's newest snapshot
/// whose close has come is frozen, oldest first, each once (<see cref="MonthlyClose.MonthsToFreeze"/>), so an app that was down
/// over several month boundaries leaves no month unfrozen. A county without any snapshot (its first close) starts with the
/// earliest month it has facts of, so the months before the first close are frozen too (marked <c>backfilled</c>, and the
/// page says how many). A county already frozen costs nothing. Several instances may run it: each county-month is frozen under a transaction-scoped advisory lock taken with
/// <c>pg_try_advisory_xact_lock</c> (the loser skips it), and the snapshot's unique (county, month) stops a twin anyway.
/// Publishing stays the county administrator's act.
/// </summary>
internal sealed class MonthlyCloseService(NpgsqlDataSource dataSource, StatsService stats, IOptions<MonthlyCloseOptions> options,
    TimeProvider clock, ILogger<MonthlyCloseService> logger, GridGovMetrics metrics)
    : ClockedService<IReadOnlyList<(string County, EvaluationMonth Month)>>(options.Value, clock, logger, "MonthlyClose", metrics)
{
    /// <summary>The county-months this run froze, oldest first per county (empty when nothing was due or another instance had it).</summary>
    public override async Task<IReadOnlyList<(string County, EvaluationMonth Month)>> RunOnceAsync(DateTimeOffset now, CancellationToken ct)
    {
        // A county whose previous month is frozen has nothing due (whatever the calendar says): only the others are looked at.
        var previous = EvaluationMonth.Of(now).Previous;
        var counties = new List<(string Code, EvaluationMonth? LastFrozen, EvaluationMonth? EarliestFacts)>();
        await using (var command = dataSource.CreateCommand("""
            SELECT c.code, s.last_month,
                   -- A county's first close also freezes the earlier months it has facts of (a case's first month is the one it
                   -- was reported in); the min is read from the reported-month index's first entry.
                   CASE WHEN s.last_month IS NULL THEN (SELECT min(f.reported_month) FROM eval_case_fact f WHERE f.county_code = c.code) END
            FROM county c LEFT JOIN LATERAL (SELECT max(month) AS last_month FROM eval_snapshot s WHERE s.county_code = c.code) s ON true
            WHERE s.last_month IS NULL OR s.last_month < $1
            ORDER BY c.code
            """))
        {
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = previous.FirstDay });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                counties.Add((reader.GetString(0), Month(reader, 1), Month(reader, 2)));
        }

        var frozen = new List<(string, EvaluationMonth)>();
        foreach (var (county, lastFrozen, earliestFacts) in counties)
        {
            var calendar = await WorkCalendarLoader.LoadAsync(dataSource, county, ct);
            // Oldest first, each once, each in its own transaction; a month another instance is freezing (or has frozen) stops
            // this county's run here, so no instance ever freezes a month before the one ahead of it.
            foreach (var month in MonthlyClose.MonthsToFreeze(now, calendar, lastFrozen, earliestFacts))
            {
                if (!await FreezeUnderLockAsync(county, month, MonthlyClose.IsBackfill(now, calendar, lastFrozen, month), ct)) break;
                frozen.Add((county, month));
            }
        }
        return frozen;
    }

    /// <summary>
    /// Freezes one county-month while holding its advisory lock (released with the transaction, even if this instance dies).
    /// False when another instance holds it or froze it first.
    /// </summary>
    private async Task<bool> FreezeUnderLockAsync(string county, EvaluationMonth month, bool backfill, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("""
            SELECT pg_try_advisory_xact_lock(hashtextextended('eval-monthly-close:' || $1 || ':' || $2, 0))
                   AND NOT EXISTS (SELECT 1 FROM eval_snapshot WHERE county_code = $1 AND month = $3)
            """, connection, tx))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
            lockCommand.Parameters.Add(new NpgsqlParameter<string> { TypedValue = month.Key });
            lockCommand.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month.FirstDay });
            if (await lockCommand.ExecuteScalarAsync(ct) is not true) return false;
        }
        // The snapshot is written on a connection of its own; this transaction only holds the lock until it is done.
        if (await stats.FreezeAsync(county, month, ct, backfill) is null) return false;
        await tx.CommitAsync(ct);
        return true;
    }

    private static EvaluationMonth? Month(NpgsqlDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : EvaluationMonth.FromFirstDay(reader.GetFieldValue<DateOnly>(i));

    protected override void LogResult(IReadOnlyList<(string County, EvaluationMonth Month)> result, TimeSpan elapsed)
    {
        foreach (var (county, month) in result)
            logger.LogInformation("Monthly close: county {County} {Month} frozen automatically in {Elapsed}", county, month.Key, elapsed);
    }
}
