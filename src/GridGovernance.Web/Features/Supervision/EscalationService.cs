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
/// 逐级上报 by the clock: a case left at grid level (已上报/已核实) longer than the county's escalate_grid_minutes climbs to the
/// village, a village case (村级处置中) left longer than escalate_village_minutes climbs to the township — the domain's
/// <see cref="CaseAction.Escalate"/>, applied by the system. Each case is its own transaction: the row is taken with
/// FOR UPDATE SKIP LOCKED and the condition is checked again after locking, so two instances never escalate one case twice
/// (the second either skips the locked row or, once the first committed, finds the case no longer due), and a person acting
/// on the case right now is never waited for.
/// <para>
/// The limits are wall-clock minutes, not working time: they measure how long a problem on the ground was left unhandled,
/// and a problem reported on a Friday evening should not sit at grid level until Monday. (Deadlines and 督办 count working time.)
/// </para>
/// </summary>
internal sealed class EscalationService(NpgsqlDataSource dataSource, IOptions<EscalationOptions> options, TimeProvider clock,
    ILogger<EscalationService> logger, GridGovMetrics metrics) : ClockedService<EscalationService.Run>(options.Value, clock, logger, "Escalation", metrics)
{
    /// <param name="Due">Cases found past their level's limit.</param>
    /// <param name="Escalated">Cases this run moved up (another instance's are not counted).</param>
    /// <param name="Failed">Cases whose transaction failed; tried again on the next tick.</param>
    public sealed record Run(int Due, int Escalated, int Failed);

    private readonly ILogger<EscalationService> _logger = logger;

    // Wall-clock minutes (see the class remarks). coalesce(…): a county without a dispatch_setting row gets 0010's column defaults.
    private const string LimitMinutes = """
        CASE WHEN c.state = 'village_handling' THEN coalesce(s.escalate_village_minutes, 1440) ELSE coalesce(s.escalate_grid_minutes, 240) END
        """;

    private const string Due = $"""
        c.state IN {StateSql.EscalatingCases} AND c.level_since < @now
        AND c.level_since + make_interval(mins => {LimitMinutes}) < @now
        """;

    private const string DueSql = $"""
        SELECT c.id FROM case_file c LEFT JOIN dispatch_setting s ON s.county_code = c.county_code
        WHERE {Due}
        ORDER BY c.level_since, c.id
        """;

    private const string LockSql = $"""
        SELECT c.state, c.county_code, c.township_code, c.village_code, c.number, k.name, c.time_limit, c.time_unit, c.deadline_at,
               {LimitMinutes}
        FROM case_file c JOIN case_category k ON k.code = c.category LEFT JOIN dispatch_setting s ON s.county_code = c.county_code
        WHERE c.id = @id AND {Due}
        FOR UPDATE OF c SKIP LOCKED
        """;

    private sealed record DueCase(CaseState State, string CountyCode, string TownshipCode, string VillageCode, string Number,
        string CategoryName, int TimeLimit, DeadlineUnit TimeUnit, DateTimeOffset? DeadlineAt, int LimitMinutes);

    public override async Task<Run> RunOnceAsync(DateTimeOffset now, CancellationToken ct)
    {
        now = now.ToUniversalTime(); // Npgsql writes timestamptz from UTC values only
        var ids = new List<long>();
        await using (var command = dataSource.CreateCommand(DueSql))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
        }

        var calendars = new Dictionary<string, WorkCalendar>(StringComparer.Ordinal);
        int escalated = 0, failed = 0;
        foreach (var id in ids)
        {
            try
            {
                if (await EscalateAsync(id, now, calendars, ct)) escalated++;
            }
            catch (PostgresException e)
            {
                failed++;
                _logger.LogWarning(e, "Escalation of case {CaseId} failed: {SqlState}", id, e.SqlState);
            }
        }
        return new Run(ids.Count, escalated, failed);
    }

    protected override void LogResult(Run result, TimeSpan elapsed)
    {
        var level = result.Escalated > 0 || result.Failed > 0 ? LogLevel.Information : LogLevel.Debug;
        _logger.Log(level, "Escalation run: {Escalated} of {Due} due cases escalated, {Failed} failed in {ElapsedMs:F0} ms",
            result.Escalated, result.Due, result.Failed, elapsed.TotalMilliseconds);
    }

    private async Task<bool> EscalateAsync(long caseId, DateTimeOffset now, Dictionary<string, WorkCalendar> calendars, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var locked = await LockAsync(connection, tx, caseId, now, ct);
        if (locked is null) return false; // escalated or handled meanwhile, or someone is acting on it right now

        var decision = CaseStateMachine.Decide(locked.State, CaseAction.Escalate);
        if (!decision.Allowed)
        {
            _logger.LogWarning("Case {CaseNumber} cannot be escalated from {State}: {Refusal}", locked.Number, locked.State.Code(), decision.Refusal);
            return false;
        }
        var next = decision.NewState!.Value;

        // Reaching the township files the case (已立案), like a dispatcher's 逐级上报: its deadline starts now.
        DateTimeOffset? acceptedAt = null, deadline = null;
        if (next == CaseState.Accepted && locked.DeadlineAt is null)
        {
            if (!calendars.TryGetValue(locked.CountyCode, out var calendar))
                calendars[locked.CountyCode] = calendar = await WorkCalendarLoader.LoadAsync(dataSource, locked.CountyCode, ct);
            acceptedAt = now;
            deadline = calendar.Deadline(now, locked.TimeLimit, locked.TimeUnit).ToUniversalTime(); // the calendar answers in local time
        }

        await using (var update = new NpgsqlCommand("""
            UPDATE case_file SET state = $2, level_since = $3, accepted_at = coalesce(accepted_at, $4), deadline_at = coalesce(deadline_at, $5)
            WHERE id = $1
            """, connection, tx))
        {
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = caseId });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = next.Code() });
            update.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            update.Parameters.Add(Instant(acceptedAt));
            update.Parameters.Add(Instant(deadline));
            await update.ExecuteNonQueryAsync(ct);
        }

        var waited = Duration(locked.LimitMinutes);
        var (recipient, target) = next == CaseState.VillageHandling
            ? (locked.VillageCode, HandlingLevel.Village.Chinese())
            : (locked.TownshipCode, HandlingLevel.Township.Chinese());
        var from = locked.State.Level()?.Chinese() ?? "";
        await CaseRecords.TimelineAsync(connection, tx, caseId, CaseRecords.Actor.System, CaseAction.Escalate.Code(), locked.State.Code(),
            next.Code(), $"超过 {waited}未处置，自动上报至{target}", ct);
        await CaseRecords.NotifyAsync(connection, tx, recipient, caseId, null, CaseAction.Escalate.Code(),
            $"案件 {locked.Number}（{locked.CategoryName}）在{from}超过 {waited}未处置，已自动上报{target}，请及时处置。", ct);
        await tx.CommitAsync(ct);
        _logger.LogInformation("Case {CaseNumber} escalated {Before} → {After} after {LimitMinutes} minutes", locked.Number,
            locked.State.Code(), next.Code(), locked.LimitMinutes);
        return true;
    }

    private static async Task<DueCase?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long caseId, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(LockSql, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<long>("id", caseId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new DueCase(CaseStates.FromCode(reader.GetString(0)) ?? CaseStateMachine.Initial, reader.GetString(1), reader.GetString(2),
            reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt32(6),
            DeadlineUnits.FromCode(reader.GetString(7)) ?? DeadlineUnit.WorkDay,
            reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8), reader.GetInt32(9));
    }

    /// <summary>"4 小时", "90 分钟": the limit as people say it.</summary>
    private static string Duration(int minutes) => minutes % 60 == 0 ? $"{minutes / 60} 小时" : $"{minutes} 分钟";

    private static NpgsqlParameter Instant(DateTimeOffset? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz };
}
