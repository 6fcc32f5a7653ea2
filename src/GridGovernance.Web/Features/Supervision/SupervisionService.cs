using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Data.Calendar;
using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Dispatch;
using GridGovernance.Web.Features.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Supervision;

/// <summary>
/// 督办: raises every threshold an overdue case or work order has passed (超时督办, 次日催办, 通报批评 — the domain's
/// <see cref="SupervisionRules"/> on the county's work calendar) and a whistled unit's late arrival, each once, with the
/// instant it fell due. Each raise writes the supervision row, a timeline entry and a notification in one transaction per item.
/// <para>
/// Several app instances may run this at the same moment. The unique index supervision_once_per_threshold decides: the insert
/// is ON CONFLICT DO NOTHING, and only the transaction whose insert returned a row writes the timeline entry and notification.
/// The item's rows are re-read under FOR SHARE SKIP LOCKED: a case or order a person is changing right now (they hold FOR
/// UPDATE) is skipped and taken up on the next tick, so this job never waits on a person's action and can never deadlock
/// with one; another supervision run takes the same shared lock, so two runs still meet at the unique index.
/// </para>
/// </summary>
internal sealed class SupervisionService(NpgsqlDataSource dataSource, IOptions<SupervisionOptions> options, TimeProvider clock,
    ILogger<SupervisionService> logger, GridGovMetrics metrics) : ClockedService<SupervisionService.Run>(options.Value, clock, logger, "Supervision", metrics)
{
    /// <param name="Examined">Items past a deadline that the scan read (items with every level stored are left out in SQL).</param>
    /// <param name="Items">Items on which this run raised something.</param>
    /// <param name="Raised">Thresholds this run stored (another instance's are not counted).</param>
    /// <param name="Failed">Items whose transaction failed; they are tried again on the next tick.</param>
    public sealed record Run(int Examined, int Items, int Raised, int Failed);

    private readonly ILogger<SupervisionService> _logger = logger;
    private readonly GridGovMetrics _metrics = metrics;
    private readonly SupervisionOptions _options = options.Value;

    /// <summary>Items raised at once (<see cref="SupervisionOptions.Parallelism"/>).</summary>
    private int Parallelism => _options.Parallelism;

    public override async Task<Run> RunOnceAsync(DateTimeOffset now, CancellationToken ct)
    {
        now = now.ToUniversalTime(); // Npgsql writes timestamptz from UTC values only
        var candidates = await SupervisionCandidates.ReadAsync(dataSource, now, ct);
        var calendars = new Dictionary<string, WorkCalendar>(StringComparer.Ordinal);
        var owing = new List<(SupervisedItem Item, WorkCalendar Calendar)>();
        foreach (var item in candidates)
        {
            if (!calendars.TryGetValue(item.CountyCode, out var calendar))
                calendars[item.CountyCode] = calendar = await WorkCalendarLoader.LoadAsync(dataSource, item.CountyCode, ct);
            if (!Thresholds(item, calendar, now).All(t => item.Raised.Contains(t.Level))) owing.Add((item, calendar));
        }

        _metrics.SupervisionBacklog(owing.Count);
        int items = 0, raised = 0, failed = 0;
        await Parallel.ForEachAsync(owing, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (owed, token) =>
            {
                try
                {
                    var count = await RaiseAsync(owed.Item, owed.Calendar, now, token);
                    if (count == 0) return;
                    Interlocked.Increment(ref items);
                    Interlocked.Add(ref raised, count);
                }
                catch (PostgresException e)
                {
                    // One broken item (a constraint, a deadlock victim) must not hold up the rest; the next tick retries it.
                    Interlocked.Increment(ref failed);
                    _logger.LogWarning(e, "督办 of case {CaseId} order {WorkOrderId} failed: {SqlState}", owed.Item.CaseId, owed.Item.WorkOrderId, e.SqlState);
                }
            });
        return new Run(candidates.Count, items, raised, failed);
    }

    protected override void LogResult(Run result, TimeSpan elapsed)
    {
        var level = result.Raised > 0 || result.Failed > 0 ? LogLevel.Information : LogLevel.Debug;
        _logger.Log(level, "督办 run: {Raised} thresholds raised on {Items} items, {Failed} failed, {Examined} examined in {ElapsedMs:F0} ms",
            result.Raised, result.Items, result.Failed, result.Examined, elapsed.TotalMilliseconds);
    }

    /// <summary>Every level the item has passed by <paramref name="now"/>, with the instant each fell due.</summary>
    private static IReadOnlyList<(string Level, DateTimeOffset DueAt)> Thresholds(SupervisedItem item, WorkCalendar calendar, DateTimeOffset now) =>
        item.Kind == SupervisedKind.Arrival
            ? now > item.Deadline ? [(SupervisionNotes.LateArrivalLevel, item.Deadline)] : []
            : calendar.Reached(item.Deadline, now, item.CriticismAfterWorkDays).Select(r => (r.Level.Code(), r.DueAt)).ToList();

    private async Task<int> RaiseAsync(SupervisedItem candidate, WorkCalendar calendar, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Re-read under lock: the order may have been fed back, the case closed or the deadline extended since the scan.
        if (await LockAsync(connection, tx, candidate, now, ct) is not { } item) return 0;

        var raised = 0;
        foreach (var (level, dueAt) in Thresholds(item, calendar, now))
        {
            if (!await InsertAsync(connection, tx, item, level, dueAt, now, ct)) continue; // stored already (or by another instance)
            await CaseRecords.TimelineAsync(connection, tx, item.CaseId, CaseRecords.Actor.System, SupervisionNotes.Action, null, null,
                SupervisionNotes.Timeline(item, level), ct, workOrderId: item.WorkOrderId);
            await CaseRecords.NotifyAsync(connection, tx, item.Recipient, item.CaseId, item.WorkOrderId, SupervisionNotes.Action,
                SupervisionNotes.Notification(item, level), ct);
            raised++;
        }
        await tx.CommitAsync(ct);
        if (raised > 0)
            _logger.LogInformation("督办 raised {Count} thresholds on case {CaseNumber} order {WorkOrderId}", raised, item.CaseNumber, item.WorkOrderId);
        return raised;
    }

    private const string LockCaseSql = $"""
        SELECT c.deadline_at, NULL::timestamptz FROM case_file c
        WHERE c.id = @id AND c.state IN {SupervisionCandidates.SupervisedCaseStates} AND c.deadline_at < @now
        FOR SHARE SKIP LOCKED
        """;

    private const string LockOrderSql = $"""
        SELECT {SupervisionCandidates.OrderDeadline}, NULL::timestamptz FROM work_order o JOIN case_file c ON c.id = o.case_id
        WHERE o.id = @id AND o.state IN {SupervisionCandidates.LiveOrderStates} AND c.state IN {SupervisionCandidates.SupervisedCaseStates}
          AND o.deadline_at < @now
        FOR SHARE OF o, c SKIP LOCKED
        """;

    private const string LockArrivalSql = $"""
        SELECT o.arrival_deadline_at, o.arrived_at FROM work_order o
        WHERE o.id = @id AND {SupervisionCandidates.LateArrival}
        FOR SHARE SKIP LOCKED
        """;

    /// <summary>The item as it stands now, locked against a concurrent change; null when it no longer owes 督办 or is busy.</summary>
    private static async Task<SupervisedItem?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, SupervisedItem item,
        DateTimeOffset now, CancellationToken ct)
    {
        var (sql, id) = item.Kind switch
        {
            SupervisedKind.Case => (LockCaseSql, item.CaseId),
            SupervisedKind.Order => (LockOrderSql, item.WorkOrderId!.Value),
            _ => (LockArrivalSql, item.WorkOrderId!.Value),
        };
        await using var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<long>("id", id));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return item with
        {
            Deadline = reader.GetFieldValue<DateTimeOffset>(0),
            ArrivedAt = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
        };
    }

    /// <summary>True when this transaction stored the threshold; false when it was there already.</summary>
    private static async Task<bool> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, SupervisedItem item, string level,
        DateTimeOffset dueAt, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO supervision (case_id, work_order_id, level, due_at, raised_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (case_id, coalesce(work_order_id, 0), level) DO NOTHING
            RETURNING id
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = item.CaseId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)item.WorkOrderId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = level });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = dueAt.ToUniversalTime() }); // the calendar answers in local time
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        return await command.ExecuteScalarAsync(ct) is long;
    }
}
