using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Cases;

namespace GridGovernance.Domain.Tests.Cases;

public class CasePermissionsTests
{
    [Fact]
    public void Every_case_action_is_someones_to_take()
    {
        foreach (var action in CaseActions.All)
            (CasePermissions.RolesFor(action).Count > 0 || CasePermissions.SystemCaseActions.Contains(action)
             || CasePermissions.ResidentCaseActions.Contains(action)).ShouldBeTrue(action.ToString());
        foreach (var action in WorkOrderActions.All)
            CasePermissions.RolesFor(action).ShouldNotBeEmpty(action.ToString());
    }

    [Fact]
    public void The_township_dispatcher_accepts_dispatches_and_whistles_but_does_not_work_orders()
    {
        foreach (var action in new[] { CaseAction.Accept, CaseAction.Void, CaseAction.Dispatch, CaseAction.Whistle, CaseAction.Shelve })
            CasePermissions.Allows(StaffRole.TownshipDispatcher, action).ShouldBeTrue(action.ToString());
        CasePermissions.Allows(StaffRole.TownshipDispatcher, WorkOrderAction.ApproveExtension).ShouldBeTrue();
        CasePermissions.Allows(StaffRole.TownshipDispatcher, WorkOrderAction.Sign).ShouldBeFalse();
        CasePermissions.Refusal(StaffRole.TownshipDispatcher, WorkOrderAction.Feedback).ShouldBe("乡镇调度员无权对工单执行“反馈”。");
    }

    [Fact]
    public void Department_staff_work_their_orders_and_may_whistle_but_may_not_dispatch_or_close()
    {
        foreach (var action in new[] { WorkOrderAction.Sign, WorkOrderAction.Arrive, WorkOrderAction.Start, WorkOrderAction.Feedback,
                     WorkOrderAction.Return, WorkOrderAction.RequestExtension, WorkOrderAction.Shelve })
            CasePermissions.Allows(StaffRole.DepartmentStaff, action).ShouldBeTrue(action.ToString());
        CasePermissions.Allows(StaffRole.DepartmentStaff, WorkOrderAction.ApproveExtension).ShouldBeFalse();
        CasePermissions.Allows(StaffRole.DepartmentStaff, CaseAction.Whistle).ShouldBeTrue();
        CasePermissions.Refusal(StaffRole.DepartmentStaff, CaseAction.Dispatch).ShouldBe("部门人员无权对案件执行“派遣”。");
        CasePermissions.Allows(StaffRole.DepartmentStaff, CaseAction.CheckPass).ShouldBeFalse();
    }

    [Fact]
    public void Grid_workers_verify_resolve_on_the_spot_and_check_and_village_cadres_finish_village_cases()
    {
        CasePermissions.RolesFor(CaseAction.ResolveOnSpot).ShouldBe([StaffRole.GridWorker]);
        CasePermissions.Allows(StaffRole.GridWorker, CaseAction.Verify).ShouldBeTrue();
        CasePermissions.Allows(StaffRole.GridWorker, CaseAction.CheckFail).ShouldBeTrue();
        CasePermissions.Allows(StaffRole.GridWorker, CaseAction.Accept).ShouldBeFalse();
        CasePermissions.RolesFor(CaseAction.VillageResolve).ShouldBe([StaffRole.VillageCadre]);
        CasePermissions.Refusal(StaffRole.GridWorker, CaseAction.ResolveOnSpot).ShouldBeNull();
    }

    [Fact]
    public void A_grid_worker_verifies_voids_checks_and_escalates_from_the_field_but_does_not_file_or_dispatch()
    {
        foreach (var action in new[] { CaseAction.Verify, CaseAction.Void, CaseAction.CheckPass, CaseAction.CheckFail, CaseAction.Escalate })
            CasePermissions.Refusal(StaffRole.GridWorker, action).ShouldBeNull(action.ToString());
        foreach (var action in new[] { CaseAction.Accept, CaseAction.Dispatch, CaseAction.Whistle, CaseAction.HandToVillage })
            CasePermissions.Allows(StaffRole.GridWorker, action).ShouldBeFalse(action.ToString());
        // Voiding stays a grid-level move: once filed, the state machine refuses it to anyone.
        CaseStateMachine.Decide(CaseState.Reported, CaseAction.Void, new CaseContext { Reason = "重复上报" }).NewState.ShouldBe(CaseState.Voided);
        CaseStateMachine.Decide(CaseState.Accepted, CaseAction.Void, new CaseContext { Reason = "重复上报" }).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void Only_the_county_admin_terminates_after_review_and_link_leaders_take_no_case_action()
    {
        CasePermissions.RolesFor(CaseAction.Terminate).ShouldBe([StaffRole.CountyAdmin]);
        CaseActions.All.Where(a => CasePermissions.Allows(StaffRole.LinkLeader, a)).ShouldBeEmpty();
    }

    [Fact]
    public void Derived_moves_are_the_systems_alone_and_the_resident_may_only_rate_and_by_a_dissatisfied_rating_reopen()
    {
        CasePermissions.RolesFor(CaseAction.AllOrdersDone).ShouldBeEmpty();
        CasePermissions.RolesFor(CaseAction.AllOrdersReturned).ShouldBeEmpty();
        CasePermissions.SystemCaseActions.ShouldContain(CaseAction.Escalate);
        CasePermissions.ResidentCaseActions.ShouldBe([CaseAction.Revisit, CaseAction.Reopen]);
        CasePermissions.RolesFor(CaseAction.Reopen).ShouldBeEmpty();
    }

    [Fact]
    public void A_dissatisfied_rating_sends_a_closed_case_back_to_rework_and_an_open_one_cannot_be_reopened()
    {
        foreach (var closed in new[] { CaseState.Closed, CaseState.ClosedOnSpot, CaseState.Revisited })
            CaseStateMachine.Decide(closed, CaseAction.Reopen).NewState.ShouldBe(CaseState.Rework, closed.ToString());
        CaseStateMachine.Decide(CaseState.Dispatched, CaseAction.Reopen).Allowed.ShouldBeFalse();
        CaseStateMachine.Decide(CaseState.Archived, CaseAction.Reopen).Allowed.ShouldBeFalse();
    }
}
