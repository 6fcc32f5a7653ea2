using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch;

/// <summary>
/// The dispatcher's desk work on cases that is not a step of the case's lifecycle: 合并 (duplicates close as 合并 into one
/// surviving case, whose progress their reporters then follow) and 转办 (the case goes to another township of the same county,
/// whose dispatcher is told). One transaction each, locks taken in case-id order (like every case action: the case first),
/// the caller's scope on every case (<see cref="StaffScopeSql.ActsOnCase"/>), a request key so that a retry lands once.
/// </summary>
internal sealed class CaseDeskService(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<CaseDeskService> logger)
{
    /// <summary>Cases that may be merged or passed on: not yet with a unit (a dispatched case's orders are withdrawn first).</summary>
    public static readonly IReadOnlyList<CaseState> MovableStates =
        StateSets.DeskMovableCases.Select(c => CaseStates.FromCode(c)!.Value).ToList();

    /// <summary>An input limit: a handful of neighbours report one problem, not hundreds.</summary>
    public const int MaxMerged = 20;

    public static bool MayUse(StaffRole role) => role == StaffRole.TownshipDispatcher;

    private const string RoleRefusal = "只有乡镇调度员可以合并或转办案件。";

    private sealed record Locked(long Id, string Number, CaseState State, string CountyCode, string TownshipCode, int LiveOrders);

    private static async Task<Dictionary<long, Locked>> LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CurrentStaff staff,
        IReadOnlyList<long> ids, CancellationToken ct)
    {
        await using var command = StaffScopeSql.Command(connection, tx, staff, $"""
            SELECT c.id, c.number, c.state, c.county_code, c.township_code,
                   (SELECT count(*)::int FROM work_order o WHERE o.case_id = c.id AND o.state NOT IN {StateSql.NotLiveOrders})
            FROM case_file c
            WHERE c.id = ANY(@ids) AND {StaffScopeSql.ActsOnCase("c")}
            ORDER BY c.id
            FOR UPDATE OF c
            """);
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", ids.ToArray()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new Dictionary<long, Locked>();
        while (await reader.ReadAsync(ct))
            found[reader.GetInt64(0)] = new Locked(reader.GetInt64(0), reader.GetString(1),
                CaseStates.FromCode(reader.GetString(2)) ?? CaseStateMachine.Initial, reader.GetString(3), reader.GetString(4), reader.GetInt32(5));
        return found;
    }

    private static string? NotMovable(Locked c) =>
        !MovableStates.Contains(c.State) ? $"案件 {c.Number} 处于“{c.State.Chinese()}”状态，不能合并或转办。"
        : c.LiveOrders > 0 ? $"案件 {c.Number} 已有承办单位在办，请先撤回工单。" : null;

    /// <summary>合并: <paramref name="duplicateIds"/> close as 合并 into <paramref name="survivorId"/>.</summary>
    public async Task<ActionOutcome> MergeAsync(CurrentStaff staff, long survivorId, IReadOnlyList<long> duplicateIds, string? requestKey,
        CancellationToken ct)
    {
        if (!MayUse(staff.Role)) return new ActionOutcome.Forbidden(RoleRefusal);
        if (!IdempotencyKeys.IsValid(requestKey)) return new ActionOutcome.Invalid(CaseActionService.BadKey);
        var duplicates = duplicateIds.Where(id => id != survivorId).Distinct().ToList();

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var locked = await LockAsync(connection, tx, staff, [survivorId, .. duplicates], ct);
        if (!locked.TryGetValue(survivorId, out var survivor)) return new ActionOutcome.NotFound();
        if (await CaseRecords.CaseOfRequestKeyAsync(connection, tx, requestKey!, ct) is { } earlier)
            return earlier == survivorId ? new ActionOutcome.Done(survivor.State.Code(), Replayed: true) : new ActionOutcome.Invalid(CaseActionService.BadKey);
        if (duplicates.Count == 0) return new ActionOutcome.Invalid("请选择要合并进本案的重复案件。");
        if (duplicates.Count > MaxMerged) return new ActionOutcome.Invalid($"一次最多合并 {MaxMerged} 件。");
        if (duplicates.FirstOrDefault(id => !locked.ContainsKey(id)) is var missing and > 0)
            return new ActionOutcome.Invalid($"编号为 {missing} 的案件不存在，或不在您的管辖范围内。");
        if (!survivor.State.IsOpen()) return new ActionOutcome.Refused($"保留的案件 {survivor.Number} 已“{survivor.State.Chinese()}”，不能再合并其他案件。");
        foreach (var id in duplicates)
            if (NotMovable(locked[id]) is { } problem) return new ActionOutcome.Refused(problem);

        var actor = new CaseRecords.Actor("staff", staff.Id, staff.Role.DatabaseName());
        await using (var close = new NpgsqlCommand("""
            UPDATE case_file SET state = 'closed', closure_type = 'merged', closed_at = $3, merged_into_case_id = $2, level_since = $3
            WHERE id = ANY($1)
            """, connection, tx))
        {
            close.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = duplicates.ToArray() });
            close.Parameters.Add(new NpgsqlParameter<long> { TypedValue = survivorId });
            close.Parameters.Add(CaseActionService.Instant(clock.GetUtcNow()));
            await close.ExecuteNonQueryAsync(ct);
        }
        // Reporters of the merged cases move along with them: their tracking links now show the surviving case.
        await using (var follow = new NpgsqlCommand(
            "UPDATE case_file SET merged_into_case_id = $2 WHERE merged_into_case_id = ANY($1)", connection, tx))
        {
            follow.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = duplicates.ToArray() });
            follow.Parameters.Add(new NpgsqlParameter<long> { TypedValue = survivorId });
            await follow.ExecuteNonQueryAsync(ct);
        }
        foreach (var id in duplicates)
            await CaseRecords.TimelineAsync(connection, tx, id, actor, "merge", locked[id].State.Code(), CaseState.Closed.Code(),
                $"作为重复案件合并至案件 {survivor.Number}（结案类型：{ClosureType.Merged.Chinese()}）", ct);
        var numbers = string.Join("、", duplicates.Select(id => locked[id].Number));
        await CaseRecords.TimelineAsync(connection, tx, survivorId, actor, "merge", null, null,
            $"合并重复案件 {numbers}（共 {duplicates.Count} 件），其上报人随本案跟踪进展", ct, requestKey: requestKey);
        await tx.CommitAsync(ct);
        logger.LogInformation("Cases {Duplicates} merged into case {CaseId} by account {AccountId}", string.Join(",", duplicates), survivorId, staff.Id);
        return new ActionOutcome.Done(survivor.State.Code(), Replayed: false);
    }

    /// <summary>转办: the case goes to another township of its county (the nearest grid there); that township's dispatcher is told.</summary>
    public async Task<ActionOutcome> TransferAsync(CurrentStaff staff, long caseId, string? townshipCode, string? reason, string? requestKey,
        CancellationToken ct)
    {
        if (!MayUse(staff.Role)) return new ActionOutcome.Forbidden(RoleRefusal);
        if (!IdempotencyKeys.IsValid(requestKey)) return new ActionOutcome.Invalid(CaseActionService.BadKey);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var locked = await LockAsync(connection, tx, staff, [caseId], ct);
        if (!locked.TryGetValue(caseId, out var theCase)) return new ActionOutcome.NotFound();
        if (await CaseRecords.CaseOfRequestKeyAsync(connection, tx, requestKey!, ct) is { } earlier)
            return earlier == caseId ? new ActionOutcome.Done(theCase.State.Code(), Replayed: true) : new ActionOutcome.Invalid(CaseActionService.BadKey);
        if (string.IsNullOrWhiteSpace(townshipCode)) return new ActionOutcome.Invalid("请选择转办至哪个乡镇。");
        if (reason is null) return new ActionOutcome.Invalid("转办须说明理由。");
        if (reason.Length > CaseContext.MaxReasonLength) return new ActionOutcome.Invalid($"说明不能超过 {CaseContext.MaxReasonLength} 字。");
        if (NotMovable(theCase) is { } problem) return new ActionOutcome.Refused(problem);

        string? targetName = null, county = null;
        await using (var find = new NpgsqlCommand("SELECT name, county_code FROM township WHERE code = $1", connection, tx))
        {
            find.Parameters.Add(new NpgsqlParameter<string> { TypedValue = townshipCode.Trim() });
            await using var reader = await find.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) (targetName, county) = (reader.GetString(0), reader.GetString(1));
        }
        if (targetName is null || county != theCase.CountyCode)
            return new ActionOutcome.Invalid("只能转办至本县（区）的其他乡镇（街道）。");
        if (townshipCode.Trim() == theCase.TownshipCode) return new ActionOutcome.Invalid("案件已在该乡镇，无需转办。");

        // The nearest grid of the target township takes it (a case without a position: that township's first grid). The
        // position is kept as reported and flagged when it lies outside the new grid — never moved.
        string fromName;
        await using (var move = new NpgsqlCommand("""
            WITH target AS (
                SELECT g.code AS grid_code, g.village_code, g.geom
                FROM grid g JOIN village v ON v.code = g.village_code, case_file c
                WHERE v.township_code = $2 AND c.id = $1
                ORDER BY CASE WHEN c.geom IS NULL THEN 0 ELSE g.geom <-> c.geom END, g.code
                LIMIT 1
            ), before AS (SELECT t.name FROM case_file c JOIN township t ON t.code = c.township_code WHERE c.id = $1)
            UPDATE case_file c SET township_code = $2, village_code = target.village_code, grid_code = target.grid_code,
                   position_outside_grid = c.geom IS NOT NULL AND NOT ST_Intersects(target.geom, c.geom),
                   grid_by_nearest = c.geom IS NOT NULL AND NOT ST_Intersects(target.geom, c.geom),
                   level_since = $3
            FROM target, before
            WHERE c.id = $1
            RETURNING before.name
            """, connection, tx))
        {
            move.Parameters.Add(new NpgsqlParameter<long> { TypedValue = caseId });
            move.Parameters.Add(new NpgsqlParameter<string> { TypedValue = townshipCode.Trim() });
            move.Parameters.Add(CaseActionService.Instant(clock.GetUtcNow()));
            fromName = (string)(await move.ExecuteScalarAsync(ct) ?? throw new InvalidOperationException("转办目标乡镇没有网格。"));
        }
        var actor = new CaseRecords.Actor("staff", staff.Id, staff.Role.DatabaseName());
        await CaseRecords.TimelineAsync(connection, tx, caseId, actor, "transfer", null, null, $"由{fromName}转办至{targetName}：{reason}", ct,
            requestKey: requestKey);
        await CaseRecords.NotifyAsync(connection, tx, townshipCode.Trim(), caseId, null, "transfer",
            $"案件 {theCase.Number} 由{fromName}转办至本乡镇：{(reason.Length > 200 ? reason[..199] + "…" : reason)}", ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Case {CaseId} transferred from township {From} to {To} by account {AccountId}", caseId, theCase.TownshipCode,
            townshipCode.Trim(), staff.Id);
        return new ActionOutcome.Done(theCase.State.Code(), Replayed: false);
    }
}
