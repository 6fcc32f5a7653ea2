using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Cases;

namespace GridGovernance.Domain.Tests.Accounts;

public sealed class ScopeGrantsTests
{
    [Theory]
    [InlineData(StaffRole.CountyAdmin, "451027", "451027", "451027", null, false)]
    [InlineData(StaffRole.TownshipDispatcher, "451027100", "451027100", "451027100", null, false)]
    [InlineData(StaffRole.VillageCadre, "451027100001", "451027100001", "451027100001", null, false)]
    [InlineData(StaffRole.GridWorker, "451027100001001", "451027100001001", "451027100001001", null, true)]
    [InlineData(StaffRole.LinkLeader, "451027100001001001", "451027100001001001", null, null, true)]
    [InlineData(StaffRole.DepartmentStaff, "451027100-police", null, null, "451027100-police", false)]
    public void Each_role_holds_exactly_the_grants_of_the_role_table(StaffRole role, string code, string? territory, string? caseTerritory,
        string? unit, bool ownReports)
    {
        var grants = ScopeGrants.Of(Scope.Of(role, code), accountId: 42);

        grants.Territory.ShouldBe(territory);
        grants.CaseTerritory.ShouldBe(caseTerritory);
        grants.Unit.ShouldBe(unit);
        grants.OwnReportsOf.ShouldBe(ownReports ? 42 : null);
    }

    [Fact]
    public void A_returned_or_withdrawn_order_still_lets_its_unit_read_the_case_but_no_longer_act_on_it()
    {
        ScopeGrants.OrderStatesGrantingCaseRead.ShouldBe(WorkOrderStates.All, ignoreOrder: true);
        ScopeGrants.OrderStatesGrantingCaseAction.ShouldNotContain(WorkOrderState.Returned);
        ScopeGrants.OrderStatesGrantingCaseAction.ShouldNotContain(WorkOrderState.Withdrawn);
        ScopeGrants.OrderStatesGrantingCaseAction.ShouldBe(
            WorkOrderStates.All.Where(s => s is not (WorkOrderState.Returned or WorkOrderState.Withdrawn)), ignoreOrder: true);
    }
}
