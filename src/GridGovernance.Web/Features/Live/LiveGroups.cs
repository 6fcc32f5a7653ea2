using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Territory;
using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Live;

/// <summary>
/// The SignalR groups events go to, and who may join them. An event goes to the groups of its scope codes (the case's county,
/// township, village and grid, and the units holding an order on it) and to its case's group (the resident's tracking page).
/// </summary>
internal static class LiveGroups
{
    public static string OfScope(string code) => "scope:" + code;

    public static string OfCase(long caseId) => "case:" + caseId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Why <paramref name="staff"/> may not follow <paramref name="code"/>, in Chinese; null when they may. Territorial staff
    /// follow their own territory or any part of it (codes are prefixes: a county admin may watch one township); department
    /// staff follow their own unit. A 联户长 follows exactly their own 十联户 unit — not their grid, whose other cases they do
    /// not see: events carry the unit code only for the cases the leader's list shows (migration 0013). The catch-up API
    /// applies the same rule, so a client never catches up on more than it hears.
    /// </summary>
    public static string? RefusalFor(CurrentStaff staff, string? code)
    {
        if (string.IsNullOrEmpty(code)) return "缺少要订阅的范围编码。";
        if (staff.Role == StaffRole.LinkLeader) return code == staff.ScopeCode ? null : "联户长只能订阅本联户单元的动态。";
        if (!staff.Role.IsTerritorial()) return code == staff.ScopeCode ? null : "只能订阅本单位的动态。";
        var level = TerritoryCode.LevelOf(code);
        if (level is not (TerritoryLevel.County or TerritoryLevel.Township or TerritoryLevel.Village or TerritoryLevel.Grid))
            return $"“{code}”不是县、乡镇、村或网格编码。";
        return staff.Scope.Covers(code) ? null : "无权订阅管辖范围以外的动态。";
    }
}
