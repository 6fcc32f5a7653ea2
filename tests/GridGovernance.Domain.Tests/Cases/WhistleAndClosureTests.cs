using GridGovernance.Domain.Cases;

namespace GridGovernance.Domain.Tests.Cases;

public class WhistleAndClosureTests
{
    [Fact]
    public void An_emergency_whistle_gives_thirty_minutes_and_the_others_take_the_county_setting()
    {
        WhistleKind.Emergency.ArrivalLimit(TimeSpan.FromHours(2)).ShouldBe(TimeSpan.FromMinutes(30));
        WhistleKind.Routine.ArrivalLimit(TimeSpan.FromHours(2)).ShouldBe(TimeSpan.FromHours(2));
        WhistleKind.Tough.ArrivalLimit(TimeSpan.FromHours(1)).ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public void Whistle_kinds_and_closure_types_have_Chinese_names_and_round_trip()
    {
        WhistleKinds.All.Select(k => k.Chinese()).ShouldBe(["日常哨", "攻坚哨", "应急哨"]);
        ClosureTypes.All.Select(t => t.Chinese()).ShouldBe(["正常", "超时", "差错", "特殊", "合并"]);
        ClosureTypes.Chosen.Select(t => t.Chinese()).ShouldBe(["正常", "超时", "差错", "特殊"]);
        foreach (var kind in WhistleKinds.All) WhistleKinds.FromCode(kind.Code()).ShouldBe(kind);
        foreach (var type in ClosureTypes.All) ClosureTypes.FromCode(type.Code()).ShouldBe(type);
        WhistleKinds.FromCode("Emergency").ShouldBeNull();
    }
}
