using GridGovernance.Domain.Accounts;

namespace GridGovernance.Domain.Cases;

/// <summary>
/// Who may ask for which action — the one table the web layer consults before asking the state machines whether the
/// move is legal, and before the SQL scope check says whether the case is within the caller's territory or unit.
/// Residents (by their tracking token) and the system (timers, derived moves) are not staff roles and have their own lists.
/// </summary>
public static class CasePermissions
{
    private static readonly Dictionary<CaseAction, StaffRole[]> CaseRoles = new()
    {
        [CaseAction.ResolveOnSpot] = [StaffRole.GridWorker],
        [CaseAction.Verify] = [StaffRole.GridWorker, StaffRole.VillageCadre, StaffRole.TownshipDispatcher],
        [CaseAction.Accept] = [StaffRole.TownshipDispatcher],
        // The grid worker voids a public report at 核实 (false, duplicate, out of scope); the state machine allows it only at grid level.
        [CaseAction.Void] = [StaffRole.GridWorker, StaffRole.TownshipDispatcher],
        [CaseAction.HandToVillage] = [StaffRole.TownshipDispatcher],
        [CaseAction.VillageResolve] = [StaffRole.VillageCadre],
        [CaseAction.Dispatch] = [StaffRole.TownshipDispatcher],
        // Departments may whistle other departments for joint work (部门也可吹哨).
        [CaseAction.Whistle] = [StaffRole.TownshipDispatcher, StaffRole.DepartmentStaff],
        // Grid workers hand up to the village, village cadres to the township; timers escalate as the system.
        [CaseAction.Escalate] = [StaffRole.GridWorker, StaffRole.VillageCadre],
        [CaseAction.AllOrdersDone] = [],
        [CaseAction.AllOrdersReturned] = [],
        [CaseAction.CheckPass] = [StaffRole.GridWorker, StaffRole.TownshipDispatcher],
        [CaseAction.CheckFail] = [StaffRole.GridWorker, StaffRole.TownshipDispatcher],
        [CaseAction.Revisit] = [StaffRole.TownshipDispatcher],
        [CaseAction.Archive] = [StaffRole.TownshipDispatcher, StaffRole.CountyAdmin],
        [CaseAction.Shelve] = [StaffRole.TownshipDispatcher],
        // 终止办理 after review: the county reviews, so only its admin may terminate.
        [CaseAction.Terminate] = [StaffRole.CountyAdmin],
        // The resident's own, through the tracking link (ResidentCaseActions); no staff role reopens a case.
        [CaseAction.Reopen] = [],
    };

    private static readonly Dictionary<WorkOrderAction, StaffRole[]> OrderRoles = new()
    {
        [WorkOrderAction.Sign] = [StaffRole.DepartmentStaff],
        [WorkOrderAction.Arrive] = [StaffRole.DepartmentStaff],
        [WorkOrderAction.Start] = [StaffRole.DepartmentStaff],
        [WorkOrderAction.Feedback] = [StaffRole.DepartmentStaff],
        [WorkOrderAction.Return] = [StaffRole.DepartmentStaff],
        [WorkOrderAction.RequestExtension] = [StaffRole.DepartmentStaff],
        [WorkOrderAction.ApproveExtension] = [StaffRole.TownshipDispatcher],
        [WorkOrderAction.RefuseExtension] = [StaffRole.TownshipDispatcher],
        [WorkOrderAction.Shelve] = [StaffRole.DepartmentStaff],
        // Rework follows a failed check, made by the grid worker or the dispatcher.
        [WorkOrderAction.Rework] = [StaffRole.GridWorker, StaffRole.TownshipDispatcher],
        [WorkOrderAction.Withdraw] = [StaffRole.TownshipDispatcher],
    };

    /// <summary>Case actions the system applies itself: derived from the orders, raised by timers, or tidying closed files.</summary>
    public static IReadOnlyList<CaseAction> SystemCaseActions { get; } =
        [CaseAction.AllOrdersDone, CaseAction.AllOrdersReturned, CaseAction.Shelve, CaseAction.Escalate, CaseAction.Archive];

    /// <summary>The resident's own actions, through the tracking link: 回访 (their rating), and 不满意重办 when they rate 不满意.</summary>
    public static IReadOnlyList<CaseAction> ResidentCaseActions { get; } = [CaseAction.Revisit, CaseAction.Reopen];

    public static IReadOnlyList<StaffRole> RolesFor(CaseAction action) => CaseRoles[action];

    public static IReadOnlyList<StaffRole> RolesFor(WorkOrderAction action) => OrderRoles[action];

    public static bool Allows(StaffRole role, CaseAction action) => CaseRoles[action].Contains(role);

    public static bool Allows(StaffRole role, WorkOrderAction action) => OrderRoles[action].Contains(role);

    /// <summary>Null when <paramref name="role"/> may ask for <paramref name="action"/>; otherwise the refusal in Chinese.</summary>
    public static string? Refusal(StaffRole role, CaseAction action) =>
        Allows(role, action) ? null : $"{role.Chinese()}无权对案件执行“{action.Chinese()}”。";

    public static string? Refusal(StaffRole role, WorkOrderAction action) =>
        Allows(role, action) ? null : $"{role.Chinese()}无权对工单执行“{action.Chinese()}”。";
}
