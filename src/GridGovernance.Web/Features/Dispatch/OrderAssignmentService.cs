using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch;

/// <summary>
/// Inside a department (issue 14): 派单到人 — a staff member of the unit takes one of its orders (接单), or the unit's head
/// (staff_account.unit_head) assigns it to a colleague — and 转派, passing an order not yet on site to another unit of the same
/// department in the county. One transaction each (the case locked first, then the order, like every order action), scoped to
/// the caller's own unit (<see cref="StaffScopeSql.UnitOrder"/>), with a request key.
/// </summary>
internal sealed class OrderAssignmentService(NpgsqlDataSource dataSource, ILogger<OrderAssignmentService> logger)
{
    private sealed record Locked(long Id, long CaseId, string CaseNumber, string TownshipCode, string UnitCode, string UnitName, string Department,
        WorkOrderState State, long? Assignee, string? AssigneeName, bool CallerIsHead);

    private static async Task<Locked?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CurrentStaff staff, long orderId, CancellationToken ct)
    {
        await using (var lockCase = new NpgsqlCommand(
            "SELECT 1 FROM case_file WHERE id = (SELECT case_id FROM work_order WHERE id = $1) FOR UPDATE", connection, tx))
        {
            lockCase.Parameters.Add(new NpgsqlParameter<long> { TypedValue = orderId });
            await lockCase.ExecuteScalarAsync(ct);
        }
        await using var command = StaffScopeSql.Command(connection, tx, staff, $"""
            SELECT o.id, o.case_id, c.number, c.township_code, o.unit_code, u.name, u.department_code, o.state, o.assignee_account_id, a.display_name,
                   (SELECT me.unit_head FROM staff_account me WHERE me.id = @me)
            FROM work_order o
            JOIN case_file c ON c.id = o.case_id
            JOIN department_unit u ON u.code = o.unit_code
            LEFT JOIN staff_account a ON a.id = o.assignee_account_id
            WHERE o.id = @id AND {StaffScopeSql.UnitOrder("o")}
            FOR UPDATE OF o
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("id", orderId));
        command.Parameters.Add(new NpgsqlParameter<long>("me", staff.Id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new Locked(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            reader.GetString(6), WorkOrderStates.FromCode(reader.GetString(7)) ?? WorkOrderState.Pending,
            reader.IsDBNull(8) ? null : reader.GetInt64(8), reader.IsDBNull(9) ? null : reader.GetString(9), !reader.IsDBNull(10) && reader.GetBoolean(10));
    }

    /// <summary>接单 (<paramref name="assigneeId"/> null: the caller) or, by the unit's head, 派单 to a colleague of the unit.</summary>
    public async Task<ActionOutcome> AssignAsync(CurrentStaff staff, long orderId, long? assigneeId, string? requestKey, CancellationToken ct)
    {
        if (staff.Role != StaffRole.DepartmentStaff) return new ActionOutcome.Forbidden("只有部门人员可以接单或派单。");
        if (!IdempotencyKeys.IsValid(requestKey)) return new ActionOutcome.Invalid(CaseActionService.BadKey);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var order = await LockAsync(connection, tx, staff, orderId, ct);
        if (order is null) return new ActionOutcome.NotFound();
        if (await CaseRecords.CaseOfRequestKeyAsync(connection, tx, requestKey!, ct) is { } earlier)
            return earlier == order.CaseId ? new ActionOutcome.Done(order.State.Code(), Replayed: true) : new ActionOutcome.Invalid(CaseActionService.BadKey);
        if (!order.State.IsActive()) return new ActionOutcome.Refused($"工单处于“{order.State.Chinese()}”状态，不能再派单。");
        var target = assigneeId ?? staff.Id;
        if (target != staff.Id && !order.CallerIsHead) return new ActionOutcome.Forbidden("只有单位负责人可以把工单派给他人。");
        if (order.Assignee is { } current && current != staff.Id && !order.CallerIsHead)
            return new ActionOutcome.Refused($"该工单已由 {order.AssigneeName} 承办。");
        string? name;
        await using (var find = new NpgsqlCommand(
            "SELECT display_name FROM staff_account WHERE id = $1 AND role = 'department_staff' AND scope_code = $2 AND NOT disabled", connection, tx))
        {
            find.Parameters.Add(new NpgsqlParameter<long> { TypedValue = target });
            find.Parameters.Add(new NpgsqlParameter<string> { TypedValue = order.UnitCode });
            name = await find.ExecuteScalarAsync(ct) as string;
        }
        if (name is null) return new ActionOutcome.Invalid("只能派给本单位的在岗人员。");
        await using (var update = new NpgsqlCommand("UPDATE work_order SET assignee_account_id = $2 WHERE id = $1", connection, tx))
        {
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = orderId });
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = target });
            await update.ExecuteNonQueryAsync(ct);
        }
        await CaseRecords.TimelineAsync(connection, tx, order.CaseId, new CaseRecords.Actor("staff", staff.Id, staff.Role.DatabaseName()), "assign",
            null, null, target == staff.Id ? $"{order.UnitName}：{name} 接单" : $"{order.UnitName}：派单给 {name}", ct, orderId, requestKey: requestKey);
        await tx.CommitAsync(ct);
        logger.LogInformation("Work order {OrderId} assigned to account {Assignee} by account {AccountId}", orderId, target, staff.Id);
        return new ActionOutcome.Done(order.State.Code(), Replayed: false);
    }

    /// <summary>转派: the order goes to another active unit of the same department in the county, before anyone is on site.</summary>
    public async Task<ActionOutcome> ReassignAsync(CurrentStaff staff, long orderId, string? unitCode, string? reason, string? requestKey,
        CancellationToken ct)
    {
        if (staff.Role != StaffRole.DepartmentStaff) return new ActionOutcome.Forbidden("只有部门人员可以转派工单。");
        if (!IdempotencyKeys.IsValid(requestKey)) return new ActionOutcome.Invalid(CaseActionService.BadKey);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var order = await LockAsync(connection, tx, staff, orderId, ct);
        if (order is null) return new ActionOutcome.NotFound();
        if (await CaseRecords.CaseOfRequestKeyAsync(connection, tx, requestKey!, ct) is { } earlier)
            return earlier == order.CaseId ? new ActionOutcome.Done(order.State.Code(), Replayed: true) : new ActionOutcome.Invalid(CaseActionService.BadKey);
        if (order.State is not (WorkOrderState.Pending or WorkOrderState.SignedFor))
            return new ActionOutcome.Refused($"工单处于“{order.State.Chinese()}”状态，不能转派（已到场的工单请反馈或退单）。");
        if (reason is null) return new ActionOutcome.Invalid("转派须说明理由。");
        if (reason.Length > WorkOrderContext.MaxReasonLength) return new ActionOutcome.Invalid($"说明不能超过 {WorkOrderContext.MaxReasonLength} 字。");
        string? targetName;
        await using (var find = new NpgsqlCommand("""
            SELECT t.name FROM department_unit t, department_unit u
            WHERE t.code = $1 AND u.code = $2 AND t.active AND t.department_code = u.department_code AND t.county_code = u.county_code
              AND t.code <> u.code
            """, connection, tx))
        {
            find.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unitCode?.Trim() ?? "" });
            find.Parameters.Add(new NpgsqlParameter<string> { TypedValue = order.UnitCode });
            targetName = await find.ExecuteScalarAsync(ct) as string;
        }
        if (targetName is null) return new ActionOutcome.Invalid("只能转派给本县同一部门的其他在用单位。");
        await using (var busy = new NpgsqlCommand(
            $"SELECT EXISTS (SELECT 1 FROM work_order WHERE case_id = $1 AND unit_code = $2 AND state NOT IN {StateSql.NotLiveOrders})", connection, tx))
        {
            busy.Parameters.Add(new NpgsqlParameter<long> { TypedValue = order.CaseId });
            busy.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unitCode!.Trim() });
            if ((bool)(await busy.ExecuteScalarAsync(ct))!) return new ActionOutcome.Refused($"{targetName} 已有该案件的工单。");
        }
        await using (var update = new NpgsqlCommand("""
            UPDATE work_order SET unit_code = $2, state = 'pending', signed_at = NULL, assignee_account_id = NULL WHERE id = $1
            """, connection, tx))
        {
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = orderId });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unitCode.Trim() });
            await update.ExecuteNonQueryAsync(ct);
        }
        var note = $"{order.UnitName} 转派至 {targetName}：{reason}";
        await CaseRecords.TimelineAsync(connection, tx, order.CaseId, new CaseRecords.Actor("staff", staff.Id, staff.Role.DatabaseName()), "reassign",
            null, null, note, ct, orderId, requestKey: requestKey);
        await CaseRecords.NotifyAsync(connection, tx, unitCode.Trim(), order.CaseId, orderId, "reassign",
            $"案件 {order.CaseNumber}：{(note.Length > 300 ? note[..299] + "…" : note)}，请签收。", ct);
        await CaseRecords.NotifyAsync(connection, tx, order.TownshipCode, order.CaseId, orderId, "reassign",
            $"案件 {order.CaseNumber}：{(note.Length > 300 ? note[..299] + "…" : note)}", ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Work order {OrderId} reassigned from {From} to {To} by account {AccountId}", orderId, order.UnitCode, unitCode.Trim(), staff.Id);
        return new ActionOutcome.Done(WorkOrderState.Pending.Code(), Replayed: false);
    }
}
