using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Territory;

namespace GridGovernance.Domain.Tests.Accounts;

public sealed class ScopeTests
{
    [Theory]
    [InlineData(StaffRole.CountyAdmin, "451027", TerritoryLevel.County)]
    [InlineData(StaffRole.TownshipDispatcher, "451027100", TerritoryLevel.Township)]
    [InlineData(StaffRole.VillageCadre, "451027100001", TerritoryLevel.Village)]
    [InlineData(StaffRole.GridWorker, "451027100001001", TerritoryLevel.Grid)]
    [InlineData(StaffRole.LinkLeader, "451027100001001001", TerritoryLevel.LinkUnit)]
    public void Each_territorial_role_takes_a_code_of_its_own_level(StaffRole role, string code, TerritoryLevel level)
    {
        Scope.Problem(role, code).ShouldBeNull();
        Scope.Of(role, code).Level.ShouldBe(level);
        role.IsTerritorial().ShouldBeTrue();
    }

    [Theory]
    [InlineData(StaffRole.TownshipDispatcher, "451027")]
    [InlineData(StaffRole.GridWorker, "451027100001")]
    [InlineData(StaffRole.VillageCadre, "45102710000A")]
    [InlineData(StaffRole.LinkLeader, "451027100001001")]
    [InlineData(StaffRole.GridWorker, "451027100001000")]
    public void A_code_of_the_wrong_length_or_form_is_refused_with_a_Chinese_reason(StaffRole role, string code)
    {
        var problem = Scope.Problem(role, code);
        problem.ShouldNotBeNull();
        problem.ShouldContain(role.Chinese());
        Should.Throw<ArgumentException>(() => Scope.Of(role, code));
    }

    [Fact]
    public void Department_staff_take_a_department_unit_code_and_see_no_territory()
    {
        Scope.Problem(StaffRole.DepartmentStaff, "451027-zhujian").ShouldBeNull();
        Scope.Problem(StaffRole.DepartmentStaff, "县住建局").ShouldNotBeNull();
        Scope.Problem(StaffRole.DepartmentStaff, " 451027-zhujian ").ShouldNotBeNull();
        var scope = Scope.Of(StaffRole.DepartmentStaff, "451027-zhujian");
        scope.Level.ShouldBeNull();
        // Even a unit code that starts with the county's code covers no territory.
        scope.Covers("451027100001001").ShouldBeFalse();
        StaffRole.DepartmentStaff.IsTerritorial().ShouldBeFalse();
    }

    [Fact]
    public void A_scope_covers_every_code_that_starts_with_it_and_nothing_beside_it()
    {
        var township = Scope.Of(StaffRole.TownshipDispatcher, "451027100");
        township.Covers("451027100").ShouldBeTrue();
        township.Covers("451027100001001").ShouldBeTrue();
        township.Covers("4510271000010010001").ShouldBeTrue();
        township.Covers("451027101001001").ShouldBeFalse();
        township.Covers("451027").ShouldBeFalse("上级不在下级的管辖范围内");
        township.Covers(null).ShouldBeFalse();
    }

    [Fact]
    public void A_grid_worker_covers_the_households_of_the_grid_and_not_of_the_next_grid()
    {
        var grid = Scope.Of(StaffRole.GridWorker, "451027100001001");
        grid.CoversHousehold("4510271000010010001", "451027100001001001").ShouldBeTrue();
        grid.CoversHousehold("4510271000010020001", "451027100001002001").ShouldBeFalse();
    }

    [Fact]
    public void A_link_leader_covers_households_by_their_link_unit_because_household_codes_extend_the_grid_code()
    {
        var unit = Scope.Of(StaffRole.LinkLeader, "451027100001001001");
        unit.CoversHousehold("4510271000010010001", "451027100001001001").ShouldBeTrue();
        unit.CoversHousehold("4510271000010010030", "451027100001001002").ShouldBeFalse();
        unit.CoversHousehold("4510271000010010031", null).ShouldBeFalse();
    }

    [Fact]
    public void Roles_round_trip_through_their_database_names_and_have_Chinese_names()
    {
        foreach (var role in StaffRoles.All)
        {
            StaffRoles.Parse(role.DatabaseName()).ShouldBe(role);
            role.Chinese().ShouldNotBe(role.ToString());
        }
        StaffRoles.Parse("root").ShouldBeNull();
        StaffRole.GridWorker.Chinese().ShouldBe("网格员");
        StaffRole.LinkLeader.Chinese().ShouldBe("联户长");
    }
}
