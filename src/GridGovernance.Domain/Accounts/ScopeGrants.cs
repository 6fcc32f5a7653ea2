using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Territory;

namespace GridGovernance.Domain.Accounts;

/// <summary>
/// What one staff account may see and do, derived from its role and scope: the one scope rule of the app. The web layer turns
/// these grants into SQL parameters (GridGovernance.Web's StaffScopeSql) and every staff query and action filters by them, so a
/// record outside them answers like a missing one (404). Three kinds of grant, and nothing else:
/// <list type="number">
/// <item><b>Territory</b>: a territory code that prefixes the grid code of a case (county admin, township dispatcher, village
/// cadre, grid worker) — read and act, the role table (<see cref="CasePermissions"/>) decides which acts. Households are matched
/// by grid code, and for a 联户长 by the household's 十联户 unit code; a 联户长 has no case territory (a case belongs to a grid,
/// and their scope is a part of one).</item>
/// <item><b>Unit</b>: a department unit sees its own work orders in every state, and through them the case (the order page): a
/// returned, withdrawn, shelved or finished order still grants read, because the unit keeps the record of what it did and why
/// it gave the order back. Acting on the case (联合吹哨) needs an order that still binds the unit
/// (<see cref="OrderStatesGrantingCaseAction"/>: not returned, not withdrawn).</item>
/// <item><b>Own reports</b>: grid workers and 联户长 read the cases they reported, wherever the case went (a report from the
/// grid's edge may land in the next grid). Read only: acting stays with the territory.</item>
/// </list>
/// </summary>
/// <param name="Territory">The territory code of a territorial role (a 联户长's 十联户 unit included); null for department staff.</param>
/// <param name="CaseTerritory">The territory whose cases the role sees: grid level or wider; null for 联户长 and department staff.</param>
/// <param name="Unit">The department unit whose orders the account sees; null for territorial roles.</param>
/// <param name="OwnReportsOf">The account whose own reports it reads; null for roles that do not report.</param>
public sealed record ScopeGrants(string? Territory, string? CaseTerritory, string? Unit, long? OwnReportsOf)
{
    /// <summary>Work-order states in which the order's unit may still act on the case: every state but 已退单 and 已撤回.</summary>
    public static IReadOnlyList<WorkOrderState> OrderStatesGrantingCaseAction { get; } =
        WorkOrderStates.All.Where(s => s is not (WorkOrderState.Returned or WorkOrderState.Withdrawn)).ToList();

    /// <summary>Work-order states in which the order lets its unit read the case: all of them.</summary>
    public static IReadOnlyList<WorkOrderState> OrderStatesGrantingCaseRead { get; } = WorkOrderStates.All;

    /// <summary>The roles that read the cases they reported themselves (the field roles, who report through /field/report).</summary>
    public static bool ReadsOwnReports(StaffRole role) => role is StaffRole.GridWorker or StaffRole.LinkLeader;

    /// <summary>
    /// Why these grants do not let their holder follow the live events of <paramref name="code"/> (the hub's groups and the
    /// catch-up API), in Chinese; null when they may. The same three grants as every query: a case territory follows itself or
    /// any part of it (a county admin may watch one township); a 联户长 follows exactly their own 十联户 unit — not their grid,
    /// whose other cases they do not see; a department unit follows itself. Own reports grant no channel: a field worker
    /// already follows their territory.
    /// </summary>
    public string? RefusalToFollow(string? code)
    {
        if (string.IsNullOrEmpty(code)) return "缺少要订阅的范围编码。";
        if (Unit is not null) return code == Unit ? null : "只能订阅本单位的动态。";
        if (CaseTerritory is null) return code == Territory ? null : "联户长只能订阅本联户单元的动态。";
        if (TerritoryCode.LevelOf(code) is not (TerritoryLevel.County or TerritoryLevel.Township or TerritoryLevel.Village or TerritoryLevel.Grid))
            return $"“{code}”不是县、乡镇、村或网格编码。";
        return code.StartsWith(CaseTerritory, StringComparison.Ordinal) ? null : "无权订阅管辖范围以外的动态。";
    }

    /// <summary>The grants of account <paramref name="accountId"/> serving <paramref name="scope"/>.</summary>
    public static ScopeGrants Of(Scope scope, long accountId)
    {
        var level = scope.Role.ScopeLevel();
        return new ScopeGrants(
            Territory: level is not null ? scope.Code : null,
            CaseTerritory: level is { } l && l != TerritoryLevel.LinkUnit ? scope.Code : null,
            Unit: level is null ? scope.Code : null,
            OwnReportsOf: ReadsOwnReports(scope.Role) ? accountId : null);
    }
}
