using GridGovernance.Domain.Territory;

namespace GridGovernance.Domain.Accounts;

/// <summary>What a staff account does; each role serves one kind of scope (a territory level, or a department).</summary>
public enum StaffRole
{
    CountyAdmin,
    TownshipDispatcher,
    VillageCadre,
    GridWorker,
    LinkLeader,
    DepartmentStaff,
}

public static class StaffRoles
{
    public static IReadOnlyList<StaffRole> All { get; } = Enum.GetValues<StaffRole>();

    /// <summary>The value stored in staff_account.role and carried in the role claim.</summary>
    public static string DatabaseName(this StaffRole role) => role switch
    {
        StaffRole.CountyAdmin => "county_admin",
        StaffRole.TownshipDispatcher => "township_dispatcher",
        StaffRole.VillageCadre => "village_cadre",
        StaffRole.GridWorker => "grid_worker",
        StaffRole.LinkLeader => "link_leader",
        StaffRole.DepartmentStaff => "department_staff",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static StaffRole? Parse(string? databaseName) =>
        All.Cast<StaffRole?>().FirstOrDefault(r => r!.Value.DatabaseName() == databaseName);

    /// <summary>The name users see.</summary>
    public static string Chinese(this StaffRole role) => role switch
    {
        StaffRole.CountyAdmin => "县级管理员",
        StaffRole.TownshipDispatcher => "乡镇调度员",
        StaffRole.VillageCadre => "村（社区）干部",
        StaffRole.GridWorker => "网格员",
        StaffRole.LinkLeader => "联户长",
        StaffRole.DepartmentStaff => "部门人员",
        _ => role.ToString(),
    };

    /// <summary>The territory level a role's scope code names; null for department staff, whose scope is a department.</summary>
    public static TerritoryLevel? ScopeLevel(this StaffRole role) => role switch
    {
        StaffRole.CountyAdmin => TerritoryLevel.County,
        StaffRole.TownshipDispatcher => TerritoryLevel.Township,
        StaffRole.VillageCadre => TerritoryLevel.Village,
        StaffRole.GridWorker => TerritoryLevel.Grid,
        StaffRole.LinkLeader => TerritoryLevel.LinkUnit,
        _ => null,
    };

    /// <summary>Territorial roles see the households of their territory; department staff will see what is dispatched to them (issue 4).</summary>
    public static bool IsTerritorial(this StaffRole role) => role.ScopeLevel() is not null;
}
