using GridGovernance.DemoCounty;
using GridGovernance.DemoCounty.Scaled;

namespace GridGovernance.Domain.Tests.DemoCounty;

public sealed class ScaledTerritoryGeneratorTests
{
    // Small counties keep the test fast; the generator is the same one that makes 凌云县.
    private static readonly ScaledTerritoryOptions Small = new(Counties: 3)
    {
        CountyAreaSquareKilometres = 150,
        TownshipsPerCounty = (2, 3),
        VillagesPerTownship = (3, 5),
    };

    [Fact]
    public void A_synthetic_province_uses_codes_no_real_county_has_and_the_same_plan_every_time()
    {
        var plan = ScaledTerritoryGenerator.Plan(Small);
        var again = ScaledTerritoryGenerator.Plan(Small);

        plan.Select(c => c.Divisions.Code).ShouldBe(["990101", "990102", "990103"]);
        Codes(plan).ShouldBe(Codes(again));
        Codes(plan).ShouldBeUnique();
        foreach (var county in plan)
        {
            county.Divisions.Townships.ShouldAllBe(t => t.Code.StartsWith(county.Divisions.Code, StringComparison.Ordinal) && t.Code.Length == 9);
            county.Divisions.Townships.SelectMany(t => t.Villages).Select(v => v.Name).ShouldBeUnique();
        }
    }

    [Fact]
    public void Synthetic_counties_are_complete_territories_that_never_overlap()
    {
        var territories = ScaledTerritoryGenerator.Plan(Small).Select(c => DemoCountyGenerator.Generate(c.Divisions, c.Options)).ToList();

        for (var i = 0; i < territories.Count; i++)
        {
            var territory = territories[i];
            var villages = territory.Villages.ToDictionary(v => v.Code);
            territory.Grids.ShouldAllBe(g => g.Shape.IsValid && g.Shape.CoveredBy(villages[g.Parent!].Shape));
            territory.Households.GroupBy(h => h.GridCode).ShouldAllBe(g => g.Count() >= 150 && g.Count() <= 300);
            for (var j = i + 1; j < territories.Count; j++)
            {
                territory.County.Shape.EnvelopeInternal.Intersects(territories[j].County.Shape.EnvelopeInternal).ShouldBeFalse();
            }
        }
    }

    private static List<string> Codes(IReadOnlyList<ScaledTerritoryGenerator.County> plan) =>
        plan.SelectMany(c => c.Divisions.Townships.SelectMany(t => t.Villages.Select(v => v.Code).Prepend(t.Code)).Prepend(c.Divisions.Code)).ToList();
}
