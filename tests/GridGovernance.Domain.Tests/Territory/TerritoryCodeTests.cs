using GridGovernance.Domain.Territory;

namespace GridGovernance.Domain.Tests.Territory;

public class TerritoryCodeTests
{
    [Theory]
    [InlineData("451027", TerritoryLevel.County)]
    [InlineData("451027100", TerritoryLevel.Township)]
    [InlineData("451027100001", TerritoryLevel.Village)]
    [InlineData("451027100001001", TerritoryLevel.Grid)]
    [InlineData("451027100001001001", TerritoryLevel.LinkUnit)]
    [InlineData("4510271000010010001", TerritoryLevel.Household)]
    public void A_well_formed_code_of_each_level_is_accepted(string code, TerritoryLevel level)
    {
        TerritoryCode.Problem(code, level).ShouldBeNull();
        TerritoryCode.LevelOf(code).ShouldBe(level);
    }

    [Theory]
    [InlineData("45102", TerritoryLevel.County, "6 位数字")]
    [InlineData("45102A", TerritoryLevel.County, "6 位数字")]
    [InlineData("451000", TerritoryLevel.County, "地级")]
    [InlineData("451027000", TerritoryLevel.Township, "不能全为 0")]
    [InlineData("4510271000010001", TerritoryLevel.Grid, "15 位数字")]
    [InlineData("451027100001000", TerritoryLevel.Grid, "不能全为 0")]
    [InlineData("", TerritoryLevel.Village, "缺少")]
    [InlineData("４５１０２７", TerritoryLevel.County, "6 位数字")]
    public void A_malformed_code_is_refused_with_a_Chinese_reason(string code, TerritoryLevel level, string reason) =>
        TerritoryCode.Problem(code, level).ShouldNotBeNull().ShouldContain(reason);

    [Fact]
    public void A_child_code_must_extend_its_parents_code()
    {
        TerritoryCode.ParentProblem("451027100001", TerritoryLevel.Village, "451027100").ShouldBeNull();
        TerritoryCode.ParentProblem("451027100001", TerritoryLevel.Village, "451027101").ShouldNotBeNull().ShouldContain("451027101");
        TerritoryCode.ParentProblem("451027100001001", TerritoryLevel.Grid, null).ShouldNotBeNull().ShouldContain("缺少上级");
        TerritoryCode.ParentProblem("451027", TerritoryLevel.County, null).ShouldBeNull();
    }

    [Fact]
    public void A_household_code_extends_its_grid_not_its_link_unit() =>
        TerritoryCode.ParentProblem("4510271000010010001", TerritoryLevel.Household, "451027100001001").ShouldBeNull();

    [Theory]
    [InlineData("440514001", "街道")]
    [InlineData("451027100", "镇")]
    [InlineData("451027200", "乡")]
    public void The_township_segment_tells_street_town_or_township(string code, string kind) =>
        TerritoryCode.TownshipKind(code).ShouldBe(kind);

    [Theory]
    [InlineData("451027100001", true)]
    [InlineData("451027100199", true)]
    [InlineData("451027100200", false)]
    [InlineData("451027100203", false)]
    public void Village_segments_below_200_are_communities(string code, bool community) =>
        TerritoryCode.IsCommunity(code).ShouldBe(community);

    [Fact]
    public void Grid_codes_are_the_village_code_and_a_three_digit_number()
    {
        TerritoryCode.GridCode("451027100201", 7).ShouldBe("451027100201007");
        Should.Throw<ArgumentOutOfRangeException>(() => TerritoryCode.GridCode("451027100201", 0));
        Should.Throw<ArgumentOutOfRangeException>(() => TerritoryCode.GridCode("451027100201", 1000));
        Should.Throw<ArgumentException>(() => TerritoryCode.GridCode("4510271002", 1));
    }

    [Fact]
    public void Every_level_names_its_parent_up_to_the_county()
    {
        TerritoryLevel.Household.Parent().ShouldBe(TerritoryLevel.Grid);
        TerritoryLevel.LinkUnit.Parent().ShouldBe(TerritoryLevel.Grid);
        TerritoryLevel.Grid.Parent().ShouldBe(TerritoryLevel.Village);
        TerritoryLevel.Village.Parent().ShouldBe(TerritoryLevel.Township);
        TerritoryLevel.Township.Parent().ShouldBe(TerritoryLevel.County);
        TerritoryLevel.County.Parent().ShouldBeNull();
    }
}
