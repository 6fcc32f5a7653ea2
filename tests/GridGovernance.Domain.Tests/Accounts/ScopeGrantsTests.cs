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

    [Theory]
    [InlineData(StaffRole.CountyAdmin, "451027", "451027100", null)]
    [InlineData(StaffRole.CountyAdmin, "451027", "451028", "无权订阅管辖范围以外的动态。")]
    [InlineData(StaffRole.TownshipDispatcher, "451027100", "451027100001001", null)]
    [InlineData(StaffRole.TownshipDispatcher, "451027100", "451027", "无权订阅管辖范围以外的动态。")]
    [InlineData(StaffRole.GridWorker, "451027100001001", "451027100001001001", "“451027100001001001”不是县、乡镇、村或网格编码。")]
    [InlineData(StaffRole.LinkLeader, "451027100001001001", "451027100001001001", null)]
    [InlineData(StaffRole.LinkLeader, "451027100001001001", "451027100001001", "联户长只能订阅本联户单元的动态。")]
    [InlineData(StaffRole.DepartmentStaff, "451027100-police", "451027100-police", null)]
    [InlineData(StaffRole.DepartmentStaff, "451027100-police", "451027100", "只能订阅本单位的动态。")]
    [InlineData(StaffRole.VillageCadre, "451027100001", "", "缺少要订阅的范围编码。")]
    public void Live_channels_follow_the_same_grants_as_the_queries(StaffRole role, string code, string follow, string? refusal) =>
        ScopeGrants.Of(Scope.Of(role, code), accountId: 7).RefusalToFollow(follow).ShouldBe(refusal);
}
