using GridGovernance.Domain.Cases;

namespace GridGovernance.Domain.Tests.Cases;

public class WorkOrderProgressTests
{
    [Fact]
    public void Nothing_follows_while_any_unit_still_owes_work()
    {
        WorkOrderProgress.NextCaseAction([WorkOrderState.FedBack, WorkOrderState.InProgress]).ShouldBeNull();
        WorkOrderProgress.NextCaseAction([WorkOrderState.Pending]).ShouldBeNull();
        WorkOrderProgress.NextCaseAction([]).ShouldBeNull();
        WorkOrderProgress.NextCaseAction([WorkOrderState.Withdrawn]).ShouldBeNull();
    }

    [Fact]
    public void The_case_goes_to_check_once_one_unit_fed_back_and_the_others_returned_or_shelved() =>
        WorkOrderProgress.NextCaseAction([WorkOrderState.FedBack, WorkOrderState.Returned, WorkOrderState.Shelved, WorkOrderState.Withdrawn])
            .ShouldBe(CaseAction.AllOrdersDone);

    [Fact]
    public void The_case_goes_back_to_the_dispatcher_when_every_unit_returned_its_order() =>
        WorkOrderProgress.NextCaseAction([WorkOrderState.Returned, WorkOrderState.Returned, WorkOrderState.Withdrawn])
            .ShouldBe(CaseAction.AllOrdersReturned);

    [Fact]
    public void The_case_is_shelved_when_nobody_fed_back_and_a_unit_shelved() =>
        WorkOrderProgress.NextCaseAction([WorkOrderState.Returned, WorkOrderState.Shelved]).ShouldBe(CaseAction.Shelve);

    [Fact]
    public void Every_action_the_progress_suggests_is_legal_for_a_dispatched_case()
    {
        var context = new CaseContext { Reason = "单位挂账说明" };
        foreach (var action in new[] { CaseAction.AllOrdersDone, CaseAction.AllOrdersReturned, CaseAction.Shelve })
            CaseStateMachine.Decide(CaseState.Dispatched, action, context).Allowed.ShouldBeTrue(action.ToString());
    }
}
