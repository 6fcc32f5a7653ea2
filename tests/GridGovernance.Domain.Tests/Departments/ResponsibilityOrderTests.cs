using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Departments;

namespace GridGovernance.Domain.Tests.Departments;

public class ResponsibilityOrderTests
{
    [Fact]
    public void A_facility_problem_goes_to_its_owner_first_then_the_territory()
    {
        ResponsibilityOrder.FirstParty(CaseKind.Component).ShouldBe(ResponsibilityParty.Owner);
        ResponsibilityOrder.Parties(CaseKind.Component).ShouldBe([ResponsibilityParty.Owner, ResponsibilityParty.Territory]);
        ResponsibilityOrder.Chinese(CaseKind.Component).ShouldBe("先属主后属地");
    }

    [Fact]
    public void An_event_goes_to_the_territory_first_then_the_owner()
    {
        ResponsibilityOrder.FirstParty(CaseKind.Event).ShouldBe(ResponsibilityParty.Territory);
        ResponsibilityOrder.Parties(CaseKind.Event).ShouldBe([ResponsibilityParty.Territory, ResponsibilityParty.Owner]);
        ResponsibilityOrder.Chinese(CaseKind.Event).ShouldBe("先属地后属主");
    }

    [Theory]
    [InlineData(ResponsibilityParty.Owner, "owner", "属主")]
    [InlineData(ResponsibilityParty.Territory, "territory", "属地")]
    public void A_party_round_trips_through_its_database_name(ResponsibilityParty party, string databaseName, string chinese)
    {
        party.DatabaseName().ShouldBe(databaseName);
        ResponsibilityOrder.Parse(databaseName).ShouldBe(party);
        party.Chinese().ShouldBe(chinese);
        ResponsibilityOrder.Parse("owners").ShouldBeNull();
    }
}
