using System.Globalization;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Photos;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Npgsql;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace GridGovernance.Web.Features.Dispatch;

/// <summary>
/// Actions on a unit's work order (签收, 报到, 开始处置, 反馈, 退单, 申请延期, 批准/驳回延期, 挂账, 返工, 撤回). One transaction locks
/// the case and then the order (always in that order, like <see cref="CaseActionService"/>, so the two never deadlock), asks the
/// domain, writes the order, its timeline entry and notices — and, when every order is finished, moves the case on
/// (<see cref="WorkOrderProgress"/>: to 待核查, back to the dispatcher, or to the backlog).
/// Department staff act on their own unit's orders; territorial staff (the dispatcher) on orders of cases in their territory.
/// </summary>
internal sealed class WorkOrderActionService(NpgsqlDataSource dataSource, IPhotoProcessor photos, TimeProvider clock,
    IOptions<DispatchOptions> options, ILogger<WorkOrderActionService> logger)
{
    private sealed record LockedOrder(long Id, long CaseId, WorkOrder Order, string UnitCode, string UnitName, DateTimeOffset? ArrivalDeadline,
        CaseState CaseState, string CaseNumber, string TownshipCode, string GridCode);

    public async Task<ActionOutcome> ApplyAsync(CurrentStaff staff, long orderId, OrderCommand command, CancellationToken ct)
    {
        if (CasePermissions.Refusal(staff.Role, command.Action) is { } notAllowed) return new ActionOutcome.Forbidden(notAllowed);
        if (!IdempotencyKeys.IsValid(command.RequestKey)) return new ActionOutcome.Invalid(CaseActionService.BadKey);
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        if (reason is { Length: > WorkOrderContext.MaxReasonLength }) return new ActionOutcome.Invalid($"说明不能超过 {WorkOrderContext.MaxReasonLength} 字。");
        if (command.Photos.Count > ReportRules.MaxPhotos) return new ActionOutcome.Invalid($"最多上传 {ReportRules.MaxPhotos} 张照片。");

        var (processed, photoProblem) = await CasePhotos.ProcessAsync(photos, command.Photos, ct);
        if (photoProblem is not null) return new ActionOutcome.Invalid(photoProblem);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var locked = await LockAsync(connection, tx, orderId, staff, ct);
        if (locked is null) return new ActionOutcome.NotFound();
        if (await CaseRecords.CaseOfRequestKeyAsync(connection, tx, command.RequestKey, ct) is { } earlier)
            return earlier == locked.CaseId ? new ActionOutcome.Done(locked.Order.State.Code(), Replayed: true) : new ActionOutcome.Invalid(CaseActionService.BadKey);

        var now = clock.GetUtcNow();
        var context = new WorkOrderContext(now)
        {
            Reason = reason, Longitude = command.Longitude, Latitude = command.Latitude, PhotoCount = processed.Count,
            RequestedDeadline = command.RequestedDeadline,
        };
        var decision = WorkOrderStateMachine.Decide(locked.Order, command.Action, context);
        if (!decision.Allowed) return new ActionOutcome.Refused(decision.Refusal!);
        var next = decision.Next!;

        var note = $"{locked.UnitName}：{command.Action.Chinese()}";
        if (command.Action == WorkOrderAction.Arrive && locked.ArrivalDeadline is { } due && now > due)
        {
            note += $"（迟到 {DeadlineText.Span(now - due)}）";
            await RaiseLateArrivalAsync(connection, tx, locked, due, ct);
        }
        ArrivalCheck? place = null;
        if (command.Action == WorkOrderAction.Arrive)
        {
            place = await CheckPlaceAsync(connection, tx, locked.Id, command.Longitude!.Value, command.Latitude!.Value, ct);
            if (place.Mismatch) note += "，" + ArrivalPlace.Mismatch(place.DistanceMetres);
        }
        if (command.Action == WorkOrderAction.RequestExtension)
            note += $"至 {Local(command.RequestedDeadline!.Value)}";
        if (reason is not null) note += $"：{reason}";

        await SaveAsync(connection, tx, locked, command, next, reason, now, place, ct);
        await CaseRecords.TimelineAsync(connection, tx, locked.CaseId, new CaseRecords.Actor("staff", staff.Id, staff.Role.DatabaseName()),
            command.Action.Code(), null, null, note, ct, locked.Id, processed.Select(p => p.Sha256).ToList(), command.RequestKey);
        // After the timeline entry, as everywhere: its outbox lock is taken before any photo row, so two writers never wait on each other.
        await CasePhotos.AddAsync(connection, tx, locked.CaseId, "after", processed, ct);
        await NotifyAsync(connection, tx, locked, command.Action, note, place?.Mismatch == true, ct);
        await AdvanceCaseAsync(connection, tx, locked, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Work order {OrderId} of case {CaseId}: {Action} by account {AccountId}, {Before} → {After}", orderId, locked.CaseId,
            command.Action.Code(), staff.Id, locked.Order.State.Code(), next.State.Code());
        return new ActionOutcome.Done(next.State.Code(), Replayed: false);
    }

    private static string Local(DateTimeOffset instant) => ChinaTime.Text(instant);

    private static async Task<LockedOrder?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long orderId, CurrentStaff staff, CancellationToken ct)
    {
        // The case first, then the order: the same order of locks as every case action.
        await using (var lockCase = new NpgsqlCommand(
            "SELECT 1 FROM case_file WHERE id = (SELECT case_id FROM work_order WHERE id = $1) FOR UPDATE", connection, tx))
        {
            lockCase.Parameters.Add(new NpgsqlParameter<long> { TypedValue = orderId });
            await lockCase.ExecuteScalarAsync(ct);
        }
        await using var command = StaffScopeSql.Command(connection, tx, staff, $"""
            SELECT o.id, o.case_id, o.state, o.whistle_id IS NOT NULL, o.deadline_at, o.extension_status, o.extension_until, o.rework_count,
                   o.unit_code, u.name, o.arrival_deadline_at, c.state, c.number, c.township_code, c.grid_code
            FROM work_order o
            JOIN case_file c ON c.id = o.case_id
            JOIN department_unit u ON u.code = o.unit_code
            WHERE o.id = @id AND {StaffScopeSql.SeesOrder("o", "c")}
            FOR UPDATE OF o
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("id", orderId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var order = new WorkOrder(WorkOrderStates.FromCode(reader.GetString(2)) ?? WorkOrderState.Pending, reader.GetBoolean(3),
            reader.GetFieldValue<DateTimeOffset>(4))
        {
            Extension = ExtensionStatuses.FromCode(reader.GetString(5)) ?? ExtensionStatus.None,
            RequestedDeadline = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
            ReworkCount = reader.GetInt32(7),
        };
        return new LockedOrder(reader.GetInt64(0), reader.GetInt64(1), order, reader.GetString(8), reader.GetString(9),
            reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10), CaseStates.FromCode(reader.GetString(11)) ?? CaseStateMachine.Initial,
            reader.GetString(12), reader.GetString(13), reader.GetString(14));
    }

    /// <summary>Where a unit reported in, against the case's position and the whistle's meeting place (the nearer counts).</summary>
    private sealed record ArrivalCheck(double DistanceMetres, bool Mismatch);

    private async Task<ArrivalCheck> CheckPlaceAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long orderId, double lng, double lat,
        CancellationToken ct)
    {
        // least() skips NULLs: a case without a position is judged by the meeting place, and with neither by its grid (0 inside).
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(least(ST_Distance(c.geom::geography, p.pt::geography), ST_Distance(w.meeting_geom::geography, p.pt::geography)),
                            ST_Distance(g.geom::geography, p.pt::geography))
            FROM work_order o
            JOIN case_file c ON c.id = o.case_id
            JOIN grid g ON g.code = c.grid_code
            LEFT JOIN whistle w ON w.id = o.whistle_id
            CROSS JOIN (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS pt) p
            WHERE o.id = $1
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = orderId });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lng });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat });
        var distance = Convert.ToDouble(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        return new ArrivalCheck(distance, ArrivalPlace.IsMismatch(distance, options.Value.ArrivalRadiusMeters));
    }

    private static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction tx, LockedOrder locked, OrderCommand command, WorkOrder next,
        string? reason, DateTimeOffset now, ArrivalCheck? place, CancellationToken ct)
    {
        var action = command.Action;
        await using var update = new NpgsqlCommand("""
            UPDATE work_order SET
                state = $2, deadline_at = $3, extension_status = $4, extension_until = coalesce($5, extension_until), rework_count = $6,
                signed_at = CASE WHEN $7 = 'sign' THEN $8 ELSE signed_at END,
                arrived_at = CASE WHEN $7 = 'arrive' THEN $8 ELSE arrived_at END,
                arrival_geom = CASE WHEN $7 = 'arrive' THEN ST_SetSRID(ST_MakePoint($9, $10), 4326) ELSE arrival_geom END,
                fed_back_at = CASE WHEN $7 = 'feedback' THEN $8 ELSE fed_back_at END,
                feedback_note = CASE WHEN $7 = 'feedback' THEN $11 ELSE feedback_note END,
                returned_reason = CASE WHEN $7 = 'return' THEN $11 ELSE returned_reason END,
                shelved_explanation = CASE WHEN $7 = 'shelve' THEN $11 ELSE shelved_explanation END,
                extension_reason = CASE WHEN $7 = 'request_extension' THEN $11 ELSE extension_reason END,
                arrival_distance_m = CASE WHEN $7 = 'arrive' THEN $12 ELSE arrival_distance_m END,
                arrival_mismatch = CASE WHEN $7 = 'arrive' THEN $13 ELSE arrival_mismatch END
            WHERE id = $1
            """, connection, tx);
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = locked.Id });
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = next.State.Code() });
        update.Parameters.Add(CaseActionService.Instant(next.Deadline));
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = next.Extension.Code() });
        update.Parameters.Add(CaseActionService.Instant(next.RequestedDeadline));
        update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = next.ReworkCount });
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action.Code() });
        update.Parameters.Add(CaseActionService.Instant(now));
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)command.Longitude ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)command.Latitude ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        update.Parameters.Add(CaseRecords.Text(reason));
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)place?.DistanceMetres ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        update.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = place?.Mismatch == true });
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A whistled unit that reports in after its arrival limit: the 督办 record (once) says so.</summary>
    private static async Task RaiseLateArrivalAsync(NpgsqlConnection connection, NpgsqlTransaction tx, LockedOrder locked, DateTimeOffset due,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO supervision (case_id, work_order_id, level, due_at) VALUES ($1, $2, 'late_arrival', $3)
            ON CONFLICT (case_id, coalesce(work_order_id, 0), level) DO NOTHING
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = locked.CaseId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = locked.Id });
        command.Parameters.Add(CaseActionService.Instant(due));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The dispatcher hears of returns and extension requests; the unit hears the dispatcher's answer.</summary>
    private static async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, LockedOrder locked, WorkOrderAction action, string note,
        bool placeMismatch, CancellationToken ct)
    {
        var recipient = action switch
        {
            WorkOrderAction.Return or WorkOrderAction.RequestExtension or WorkOrderAction.Shelve or WorkOrderAction.Arrive
                or WorkOrderAction.Feedback => locked.TownshipCode,
            WorkOrderAction.ApproveExtension or WorkOrderAction.RefuseExtension or WorkOrderAction.Withdraw or WorkOrderAction.Rework => locked.UnitCode,
            _ => null,
        };
        if (recipient is not null)
            // A 位置不符 report has its own kind, so the console can flag it rather than file it with every 报到.
            await CaseRecords.NotifyAsync(connection, tx, recipient, locked.CaseId, locked.Id, placeMismatch ? "arrive_mismatch" : action.Code(),
                $"案件 {locked.CaseNumber}：{note}", ct);
    }

    /// <summary>When no order is active any more, the case moves on as the domain says (a system step on the timeline).</summary>
    private static async Task AdvanceCaseAsync(NpgsqlConnection connection, NpgsqlTransaction tx, LockedOrder locked, CancellationToken ct)
    {
        var states = new List<WorkOrderState>();
        await using (var select = new NpgsqlCommand("SELECT state FROM work_order WHERE case_id = $1", connection, tx))
        {
            select.Parameters.Add(new NpgsqlParameter<long> { TypedValue = locked.CaseId });
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) states.Add(WorkOrderStates.FromCode(reader.GetString(0)) ?? WorkOrderState.Pending);
        }
        if (WorkOrderProgress.NextCaseAction(states) is not { } caseAction) return;
        var reason = caseAction == CaseAction.Shelve ? "承办单位已挂账" : null;
        var decision = CaseStateMachine.Decide(locked.CaseState, caseAction, new CaseContext { Reason = reason });
        if (!decision.Allowed) return;
        var next = decision.NewState!.Value;
        await using (var update = new NpgsqlCommand("UPDATE case_file SET state = $2 WHERE id = $1", connection, tx))
        {
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = locked.CaseId });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = next.Code() });
            await update.ExecuteNonQueryAsync(ct);
        }
        await CaseRecords.TimelineAsync(connection, tx, locked.CaseId, CaseRecords.Actor.System, caseAction.Code(), locked.CaseState.Code(),
            next.Code(), reason, ct);
        var (scope, message) = next switch
        {
            CaseState.PendingCheck => (locked.GridCode, $"案件 {locked.CaseNumber} 各承办单位已反馈，请核查。"),
            CaseState.Accepted => (locked.TownshipCode, $"案件 {locked.CaseNumber} 的承办单位均已退单，请重新派遣。"),
            _ => (locked.TownshipCode, $"案件 {locked.CaseNumber} 已转入{next.Chinese()}。"),
        };
        await CaseRecords.NotifyAsync(connection, tx, scope, locked.CaseId, null, caseAction.Code(), message, ct);
        if (next == CaseState.PendingCheck)
            await CaseRecords.NotifyAsync(connection, tx, locked.TownshipCode, locked.CaseId, null, caseAction.Code(), message, ct);
    }
}
