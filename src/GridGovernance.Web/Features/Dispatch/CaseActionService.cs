using System.Globalization;
using System.Text.RegularExpressions;
using GridGovernance.Data.Calendar;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Web.Features.Dispatch;

/// <summary>
/// Staff actions on a case (核实, 受理立案, 作废, 交村级, 村级办结, 派遣, 吹哨, 逐级上报, 核查, 回访, 挂账, 终止, 归档): one
/// transaction locks the case within the caller's scope, asks the domain (role table, then state machine), and writes the new
/// state, its side effects (orders, whistle, deadlines), the timeline entry and the notifications together.
/// </summary>
internal sealed partial class CaseActionService(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<CaseActionService> logger)
{
    internal const string BadKey = "缺少有效的请求键（8–100 位字母、数字、- 或 _），请刷新页面后重试。";

    /// <summary>An input limit, not a rule of 吹哨: a county has a few dozen units, and a list of thousands is not a request.</summary>
    internal const int MaxUnitsPerAction = 50;

    private sealed record LockedCase(CaseState State, CaseSource? Source, string CountyCode, string TownshipCode, string VillageCode,
        string GridCode, string Number, string CategoryName, int TimeLimit, DeadlineUnit TimeUnit, DateTimeOffset? DeadlineAt, int LiveOrders);

    public async Task<ActionOutcome> ApplyAsync(CurrentStaff staff, long caseId, CaseCommand command, CancellationToken ct)
    {
        if (CasePermissions.Refusal(staff.Role, command.Action) is { } notAllowed) return new ActionOutcome.Forbidden(notAllowed);
        if (!IdempotencyKeys.IsValid(command.RequestKey)) return new ActionOutcome.Invalid(BadKey);
        if (command.Action == CaseAction.ResolveOnSpot)
            return new ActionOutcome.Invalid("现场处置办结须附处置后照片，请在网格员的案件页面办理。");
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        if (reason is { Length: > CaseContext.MaxReasonLength }) return new ActionOutcome.Invalid($"说明不能超过 {CaseContext.MaxReasonLength} 字。");
        var units = (command.UnitCodes ?? []).Select(u => u.Trim()).Where(u => u.Length > 0).Distinct().ToList();
        if (units.Count > MaxUnitsPerAction) return new ActionOutcome.Invalid($"一次最多召集 {MaxUnitsPerAction} 个单位，您选择了 {units.Count} 个。");
        if (command.ClosureType == ClosureType.Merged)
            return new ActionOutcome.Invalid("“合并”结案只能通过合并重复案件产生，核查通过时请选择正常、超时、差错或特殊。");
        if ((command.MeetingLongitude is null) != (command.MeetingLatitude is null))
            return new ActionOutcome.Invalid("集合点须同时给出经度和纬度。");
        if (command.MeetingLongitude is { } meetLng && ReportRules.PositionProblem(meetLng, command.MeetingLatitude) is { } meetProblem)
            return new ActionOutcome.Invalid("集合点：" + meetProblem);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var locked = await LockAsync(connection, tx, caseId, staff, ct);
        if (locked is null) return new ActionOutcome.NotFound();
        if (await CaseRecords.CaseOfRequestKeyAsync(connection, tx, command.RequestKey, ct) is { } earlier)
            return earlier == caseId ? new ActionOutcome.Done(locked.State.Code(), Replayed: true) : new ActionOutcome.Invalid(BadKey);

        var now = clock.GetUtcNow();
        // 核查通过 without a chosen closure type: 正常, or 超时 when the deadline has passed.
        var closure = command.Action != CaseAction.CheckPass ? command.ClosureType
            : command.ClosureType ?? (locked.DeadlineAt is { } due && now > due ? ClosureType.Overdue : ClosureType.Normal);
        var context = new CaseContext
        {
            Source = locked.Source, HandledByVillage = locked.LiveOrders == 0, Reason = reason, UnitCount = units.Count,
            WhistleKind = command.WhistleKind, ClosureType = closure, Rating = command.Rating,
        };
        var decision = CaseStateMachine.Decide(locked.State, command.Action, context);
        if (!decision.Allowed) return new ActionOutcome.Refused(decision.Refusal!);
        var next = decision.NewState!.Value;
        var actor = new CaseRecords.Actor("staff", staff.Id, staff.Role.DatabaseName());

        var change = new CaseChange(next) { LevelChanged = next.Level() != locked.State.Level() };
        if (next == CaseState.Accepted && locked.DeadlineAt is null)
        {
            var calendar = await WorkCalendarLoader.LoadAsync(dataSource, locked.CountyCode, ct);
            change = change with { AcceptedAt = now, DeadlineAt = calendar.Deadline(now, locked.TimeLimit, locked.TimeUnit) };
        }
        string? note = reason;
        switch (command.Action)
        {
            case CaseAction.Dispatch or CaseAction.Whistle:
                var dispatched = await DispatchAsync(connection, tx, staff, caseId, locked, units, command, now, ct);
                if (dispatched.Problem is not null) return new ActionOutcome.Invalid(dispatched.Problem);
                note = string.Join("；", new[] { dispatched.Summary, reason }.Where(s => s is not null));
                break;
            case CaseAction.CheckPass:
                change = change with { ClosureType = closure, Closes = true };
                note = string.Join("；", new[] { $"结案类型：{closure!.Value.Chinese()}", reason }.Where(s => s is not null));
                break;
            case CaseAction.CheckFail:
                change = change with { Reworked = true };
                await SendBackForReworkAsync(connection, tx, actor, caseId, locked.Number, reason!, now, ct);
                break;
            case CaseAction.Revisit:
                change = change with { Rating = command.Rating, Resolved = command.Resolved };
                note = string.Join("；", new[] { $"回访：{command.Rating?.Chinese()}，问题{(command.Resolved == true ? "已解决" : "未解决")}", reason }
                    .Where(s => s is not null));
                break;
        }

        await SaveAsync(connection, tx, caseId, change, ct);
        await CaseRecords.TimelineAsync(connection, tx, caseId, actor, command.Action.Code(), locked.State.Code(), next.Code(), note, ct,
            requestKey: command.RequestKey, position: command.Position);
        await NotifyLevelAsync(connection, tx, caseId, locked, command.Action, next, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Case {CaseId}: {Action} by account {AccountId}, {Before} → {After}", caseId, command.Action.Code(), staff.Id,
            locked.State.Code(), next.Code());
        return new ActionOutcome.Done(next.Code(), Replayed: false);
    }

    private static async Task<LockedCase?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long caseId, CurrentStaff staff, CancellationToken ct)
    {
        await using var command = StaffScopeSql.Command(connection, tx, staff, $"""
            SELECT c.state, c.source, c.county_code, c.township_code, c.village_code, c.grid_code, c.number, k.name, c.time_limit, c.time_unit,
                   c.deadline_at,
                   (SELECT count(*)::int FROM work_order o WHERE o.case_id = c.id AND o.state NOT IN {StateSql.NotLiveOrders})
            FROM case_file c JOIN case_category k ON k.code = c.category
            WHERE c.id = @id AND {StaffScopeSql.ActsOnCase("c")}
            FOR UPDATE OF c
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("id", caseId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new LockedCase(CaseStates.FromCode(reader.GetString(0)) ?? CaseStateMachine.Initial, CaseSources.FromCode(reader.GetString(1)),
            reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
            reader.GetInt32(8), DeadlineUnits.FromCode(reader.GetString(9)) ?? DeadlineUnit.WorkDay,
            reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10), reader.GetInt32(11));
    }

    /// <summary>What an action changes on the case row besides its state.</summary>
    private sealed record CaseChange(CaseState State)
    {
        public bool LevelChanged { get; init; }
        public DateTimeOffset? AcceptedAt { get; init; }
        public DateTimeOffset? DeadlineAt { get; init; }
        public ClosureType? ClosureType { get; init; }
        public bool Closes { get; init; }
        public bool Reworked { get; init; }
        public Satisfaction? Rating { get; init; }
        public bool? Resolved { get; init; }
    }

    private static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long caseId, CaseChange change, CancellationToken ct)
    {
        // A phone 回访 fills the rating only when the resident has not rated the case themselves.
        await using var command = new NpgsqlCommand("""
            UPDATE case_file SET
                state = $2,
                level_since = CASE WHEN $3 THEN now() ELSE level_since END,
                accepted_at = coalesce($4, accepted_at),
                deadline_at = coalesce($5, deadline_at),
                closure_type = coalesce($6, closure_type),
                closed_at = CASE WHEN $7 THEN now() ELSE closed_at END,
                rework_count = rework_count + CASE WHEN $8 THEN 1 ELSE 0 END,
                satisfaction = CASE WHEN rated_at IS NULL AND $9::text IS NOT NULL THEN $9 ELSE satisfaction END,
                resolved = CASE WHEN rated_at IS NULL AND $9::text IS NOT NULL THEN coalesce($10, false) ELSE resolved END,
                rated_at = CASE WHEN rated_at IS NULL AND $9::text IS NOT NULL THEN now() ELSE rated_at END
            WHERE id = $1
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = caseId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = change.State.Code() });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = change.LevelChanged });
        command.Parameters.Add(Instant(change.AcceptedAt));
        command.Parameters.Add(Instant(change.DeadlineAt));
        command.Parameters.Add(CaseRecords.Text(change.ClosureType?.Code()));
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = change.Closes });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = change.Reworked });
        command.Parameters.Add(CaseRecords.Text(change.Rating?.Code()));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)change.Resolved ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Boolean });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Npgsql writes timestamptz from UTC only; the calendar answers in China time.</summary>
    internal static NpgsqlParameter Instant(DateTimeOffset? value) =>
        new() { Value = (object?)value?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private sealed record DispatchResult(string? Summary, string? Problem);

    /// <summary>派遣 (one unit) or 吹哨 (a whistle and an order per unit, each with its arrival deadline); the units are told.</summary>
    private async Task<DispatchResult> DispatchAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CurrentStaff staff, long caseId,
        LockedCase locked, IReadOnlyList<string> units, CaseCommand command, DateTimeOffset now, CancellationToken ct)
    {
        var names = new Dictionary<string, string>();
        await using (var find = new NpgsqlCommand(
            "SELECT code, name FROM department_unit WHERE code = ANY($1) AND active AND county_code = $2", connection, tx))
        {
            find.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = units.ToArray() });
            find.Parameters.Add(new NpgsqlParameter<string> { TypedValue = locked.CountyCode });
            await using var reader = await find.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) names[reader.GetString(0)] = reader.GetString(1);
        }
        if (units.FirstOrDefault(u => !names.ContainsKey(u)) is { } unknown)
            return new DispatchResult(null, $"没有编码为 {unknown} 的在用单位，或该单位不属于本县。");

        var deadline = locked.DeadlineAt ?? (await WorkCalendarLoader.LoadAsync(dataSource, locked.CountyCode, ct))
            .Deadline(now, locked.TimeLimit, locked.TimeUnit);
        long? whistleId = null;
        DateTimeOffset? arrivalDeadline = null;
        if (command.Action == CaseAction.Whistle)
        {
            var kind = command.WhistleKind!.Value;
            var settings = await DispatchSettings.LoadAsync(connection, tx, locked.CountyCode, ct);
            // 日常哨/攻坚哨 count on the work calendar (a Friday-evening whistle is due on Monday); 应急哨 on the wall clock.
            var calendar = await WorkCalendarLoader.LoadAsync(dataSource, locked.CountyCode, ct);
            arrivalDeadline = kind.ArrivalDeadline(now, settings.ArrivalLimitFor(kind), calendar);
            await using var whistle = new NpgsqlCommand("""
                INSERT INTO whistle (case_id, kind, blown_by, blown_at, arrival_deadline_at, note, meeting_geom)
                VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($7, $8), 4326) END)
                RETURNING id
                """, connection, tx);
            whistle.Parameters.Add(new NpgsqlParameter<long> { TypedValue = caseId });
            whistle.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind.Code() });
            whistle.Parameters.Add(new NpgsqlParameter<long> { TypedValue = staff.Id });
            whistle.Parameters.Add(Instant(now));
            whistle.Parameters.Add(Instant(arrivalDeadline));
            whistle.Parameters.Add(CaseRecords.Text(command.Reason));
            whistle.Parameters.Add(new NpgsqlParameter { Value = (object?)command.MeetingLongitude ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
            whistle.Parameters.Add(new NpgsqlParameter { Value = (object?)command.MeetingLatitude ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
            whistleId = (long)(await whistle.ExecuteScalarAsync(ct))!;
        }

        var local = ChinaTime.Text(deadline);
        foreach (var unit in units)
        {
            // A unit that already has a live order for this case keeps it (one live order per unit and case).
            await using var order = new NpgsqlCommand($"""
                INSERT INTO work_order (case_id, unit_code, whistle_id, dispatched_by, dispatched_at, deadline_at, arrival_deadline_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (case_id, unit_code) WHERE state NOT IN {StateSql.NotLiveOrders} DO NOTHING
                RETURNING id
                """, connection, tx);
            order.Parameters.Add(new NpgsqlParameter<long> { TypedValue = caseId });
            order.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unit });
            order.Parameters.Add(new NpgsqlParameter { Value = (object?)whistleId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            order.Parameters.Add(new NpgsqlParameter<long> { TypedValue = staff.Id });
            order.Parameters.Add(Instant(now));
            order.Parameters.Add(Instant(deadline));
            order.Parameters.Add(Instant(arrivalDeadline));
            if (await order.ExecuteScalarAsync(ct) is not long orderId) continue;
            var message = whistleId is null
                ? $"派遣：案件 {locked.Number}（{locked.CategoryName}），请签收并于 {local} 前办结反馈。"
                : $"{command.WhistleKind!.Value.Chinese()}：案件 {locked.Number}（{locked.CategoryName}），请于 "
                  + $"{ArrivalClock(now, arrivalDeadline!.Value)} 前到场报到"
                  + (command.MeetingLongitude is null ? "" : "（到集合点）")
                  + (string.IsNullOrWhiteSpace(command.Reason) ? "。" : $"。调度说明：{Shorten(command.Reason.Trim(), 200)}");
            await CaseRecords.NotifyAsync(connection, tx, unit, caseId, orderId, command.Action.Code(), message, ct);
        }
        var summary = whistleId is null
            ? $"派遣至 {names[units[0]]}，时限 {local}"
            : $"{command.WhistleKind!.Value.Chinese()}：召集 {string.Join("、", units.Select(u => names[u]))}，"
              + $"{ArrivalClock(now, arrivalDeadline!.Value)} 前到场";
        return new DispatchResult(summary, null);
    }

    /// <summary>"14:35", or with its date when the limit falls on another day (a 日常哨 blown on Friday evening).</summary>
    private static string ArrivalClock(DateTimeOffset now, DateTimeOffset deadline) =>
        DeadlineText.NamesDate(deadline, now) ? ChinaTime.Text(deadline) : ChinaTime.Clock(deadline);

    /// <summary>A notice holds 500 characters; the full note stays on the whistle.</summary>
    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>
    /// 核查不通过, or a resident's 不满意 (<see cref="CaseAction.Reopen"/>): every unit that fed back works again (返工, counted
    /// against it) and is told why. Inside the caller's transaction, after the case row is locked.
    /// </summary>
    internal static async Task SendBackForReworkAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CaseRecords.Actor actor, long caseId,
        string caseNumber, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var orders = new List<(long Id, string Unit, WorkOrder Order)>();
        await using (var select = new NpgsqlCommand("""
            SELECT id, unit_code, whistle_id IS NOT NULL, deadline_at, rework_count FROM work_order
            WHERE case_id = $1 AND state = 'fed_back' FOR UPDATE
            """, connection, tx))
        {
            select.Parameters.Add(new NpgsqlParameter<long> { TypedValue = caseId });
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                orders.Add((reader.GetInt64(0), reader.GetString(1),
                    new WorkOrder(WorkOrderState.FedBack, reader.GetBoolean(2), reader.GetFieldValue<DateTimeOffset>(3)) { ReworkCount = reader.GetInt32(4) }));
        }
        foreach (var (id, unit, order) in orders)
        {
            var decision = WorkOrderStateMachine.Decide(order, WorkOrderAction.Rework, new WorkOrderContext(now) { Reason = reason });
            if (!decision.Allowed) continue;
            await using var update = new NpgsqlCommand(
                "UPDATE work_order SET state = $2, rework_count = $3, fed_back_at = NULL WHERE id = $1", connection, tx);
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = decision.Next!.State.Code() });
            update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = decision.Next.ReworkCount });
            await update.ExecuteNonQueryAsync(ct);
            await CaseRecords.TimelineAsync(connection, tx, caseId, actor, WorkOrderAction.Rework.Code(), null, null, reason, ct, workOrderId: id);
            var why = actor.Kind == "resident" ? "群众评价不满意" : "核查未通过";
            await CaseRecords.NotifyAsync(connection, tx, unit, caseId, id, "rework", $"返工：案件 {caseNumber} {why}：{reason}", ct);
        }
    }

    /// <summary>Whoever owns the case next is told: the village when it is handed down or up, the township when it climbs or awaits a check.</summary>
    private static async Task NotifyLevelAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long caseId, LockedCase locked, CaseAction action,
        CaseState next, CancellationToken ct)
    {
        var (scope, message) = (action, next) switch
        {
            (_, CaseState.VillageHandling) => (locked.VillageCode, $"案件 {locked.Number}（{locked.CategoryName}）交由本村（社区）处置。"),
            (CaseAction.Escalate, CaseState.Accepted) => (locked.TownshipCode, $"案件 {locked.Number}（{locked.CategoryName}）由村（社区）上报乡镇。"),
            (_, CaseState.PendingCheck) => (locked.GridCode, $"案件 {locked.Number} 已处置完毕，请核查。"),
            _ => (null, null),
        };
        if (scope is not null) await CaseRecords.NotifyAsync(connection, tx, scope, caseId, null, action.Code(), message!, ct);
    }
}
