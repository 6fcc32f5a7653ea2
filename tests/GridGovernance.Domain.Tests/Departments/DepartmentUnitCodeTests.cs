using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Departments;

namespace GridGovernance.Domain.Tests.Departments;

public class DepartmentUnitCodeTests
{
    [Theory]
    [InlineData("451027-chengguan", "451027")]
    [InlineData("451027100-police", "451027")]
    [InlineData("451027-traffic-police", "451027")]
    public void A_unit_code_is_a_county_or_township_code_a_hyphen_and_a_slug(string code, string county)
    {
        DepartmentUnitCode.Problem(code).ShouldBeNull();
        DepartmentUnitCode.CountyCode(code).ShouldBe(county);
    }

    [Theory]
    [InlineData("")]
    [InlineData("县住建局")]
    [InlineData("451027")]
    [InlineData("4510271-police")]
    [InlineData("451027-Police")]
    [InlineData("451027-police-")]
    [InlineData("451027--police")]
    [InlineData(" 451027-police")]
    [InlineData("451027-9police")]
    public void Anything_else_is_refused_with_a_Chinese_reason(string code)
    {
        DepartmentUnitCode.Problem(code).ShouldNotBeNull();
        Should.Throw<ArgumentException>(() => DepartmentUnitCode.CountyCode(code));
        // A department staff account's scope follows the same rule.
        Scope.Problem(StaffRole.DepartmentStaff, code).ShouldNotBeNull();
    }

    [Fact]
    public void A_code_longer_than_fifty_characters_is_refused()
    {
        var code = "451027-" + new string('a', 44);
        DepartmentUnitCode.Problem(code)!.ShouldContain("50");
        DepartmentUnitCode.Problem(code[..^1]).ShouldBeNull();
    }
}
