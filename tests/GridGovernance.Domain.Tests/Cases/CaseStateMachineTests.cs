using GridGovernance.Domain.Cases;

namespace GridGovernance.Domain.Tests.Cases;

public class CaseStateMachineTests
{
    [Fact]
    public void Every_case_starts_as_reported() => CaseStateMachine.Initial.ShouldBe(CaseState.Reported);

    [Fact]
    public void A_grid_worker_may_close_a_reported_small_matter_on_the_spot() =>
        CaseStateMachine.Decide(CaseState.Reported, CaseAction.ResolveOnSpot).NewState.ShouldBe(CaseState.ClosedOnSpot);

    [Fact]
    public void A_closed_case_refuses_to_be_closed_again_with_a_Chinese_reason()
    {
        var decision = CaseStateMachine.Decide(CaseState.ClosedOnSpot, CaseAction.ResolveOnSpot);
        decision.Allowed.ShouldBeFalse();
        decision.NewState.ShouldBeNull();
        decision.Refusal.ShouldBe("案件已办结·现场处置，不能再现场处置办结。");
    }

    [Fact]
    public void Every_state_and_action_pair_is_either_allowed_or_refused_with_a_reason()
    {
        foreach (var state in Enum.GetValues<CaseState>())
        foreach (var action in Enum.GetValues<CaseAction>())
        {
            var decision = CaseStateMachine.Decide(state, action);
            (decision.Allowed ^ decision.Refusal is not null).ShouldBeTrue($"{state} × {action}");
        }
    }

    [Fact]
    public void State_codes_round_trip_and_only_closed_states_are_closed()
    {
        foreach (var state in Enum.GetValues<CaseState>())
            CaseStates.FromCode(state.Code()).ShouldBe(state);
        CaseStates.FromCode("nonsense").ShouldBeNull();
        CaseState.Reported.IsClosed().ShouldBeFalse();
        CaseState.ClosedOnSpot.IsClosed().ShouldBeTrue();
    }

    [Fact]
    public void Request_types_are_the_five_of_12345()
    {
        RequestTypes.All.Select(t => t.Chinese()).ShouldBe(["咨询", "求助", "投诉", "举报", "建议"]);
        RequestTypes.FromCode("complaint").ShouldBe(RequestType.Complaint);
        RequestTypes.FromCode("Complaint").ShouldBeNull();
    }
}
