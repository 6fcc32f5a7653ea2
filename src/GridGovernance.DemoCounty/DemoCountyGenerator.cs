using GridGovernance.DemoCounty.Divisions;
using GridGovernance.DemoCounty.Spatial;
using GridGovernance.DemoCounty.Layout;
using GridGovernance.DemoCounty.People;
using GridGovernance.DemoCounty.Randomness;
using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty;

/// <summary>
/// Generates a synthetic county (示意数据) around real division codes and names. Same input, same bytes: every random
/// choice comes from a named stream of one seed, and no step depends on hash ordering or the platform's maths library.
/// Stages, all in metres around the county seat: outline → village seats and cells → townships → roads → hamlets and
/// households → grid cuts; then one arrangement in degrees gives every published shape.
/// </summary>
public static class DemoCountyGenerator
{
    public static DemoTerritory Generate(DivisionCounty divisions, DemoCountyOptions options)
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var random = new DemoRandom(options.Seed);
        var projection = new LocalProjection(options.SeatLongitude, options.SeatLatitude);
        var seat = new Coordinate(0, 0);
        var area = options.AreaSquareKilometres * 1_000_000;
        var radius = Math.Sqrt(area / PortableMath.Pi);

        // The seat lies off the outline's centre, as county seats usually do.
        var offset = random.Fork("outline-centre");
        var centre = new Coordinate(offset.Uniform(-0.15, 0.15) * radius, offset.Uniform(-0.15, 0.15) * radius);
        var county = CountyOutline.Create(random.Fork("outline"), centre, area, factory);
        var sites = VillageSites.Place(county, divisions.VillageCount, seat, Math.Sqrt(options.AreaSquareKilometres / 2000), random.Fork("village-sites"));
        var cells = VillageCells.Build(county, sites, factory);
        var quotas = divisions.Townships.Select(t => t.Villages.Count).ToList();
        var regions = TownshipRegions.Grow(sites, cells.Borders, quotas, seat, radius, random.Fork("townships"));
        var cellOfVillage = VillageAssignment.Assign(divisions, regions, sites);
        var roads = RoadNetwork.Build(sites, regions.SeatCellOfTownship, NeighbouringTownships(cells.Borders, regions.TownshipOfCell), factory);

        var plans = new List<VillagePlan>();
        for (var t = 0; t < divisions.Townships.Count; t++)
        {
            var streetNames = new HashSet<string>();
            var villages = divisions.Townships[t].Villages;
            for (var j = 0; j < villages.Count; j++)
            {
                var cell = cellOfVillage[t][j];
                plans.Add(PlanVillage(villages[j], t, cells.Cells[cell], sites[cell], roads, streetNames, options, random, factory));
            }
        }

        var coverage = FinalCoverage.Build(
            plans.Select(p => p.Area).ToList(),
            plans.Select(p => p.Cuts).ToList(),
            plans.Select(p => p.Township).ToList(),
            divisions.Townships.Count,
            projection,
            factory);
        return TerritoryAssembler.Assemble(divisions, plans, coverage, projection, random.Fork("people"));
    }

    private static VillagePlan PlanVillage(
        DivisionVillage village, int township, Geometry area, Coordinate seat, IReadOnlyList<LineString> roads,
        HashSet<string> streetNames, DemoCountyOptions options, DemoRandom random, GeometryFactory factory)
    {
        var stream = random.Fork("village:" + village.Code);
        var names = stream.Fork("names");
        var hamletNames = new HashSet<string>();
        var (min, max) = village.IsCommunity ? options.CommunityHouseholds : options.VillageHouseholds;
        var households = stream.NextInt(min, max);
        Func<string> nextName = village.IsCommunity
            ? () => PlaceNames.Street(names, streetNames)
            : () => PlaceNames.Hamlet(names, hamletNames);
        var settlement = SettlementPlanner.Plan(
            area, seat, village.IsCommunity, households, new RoadPieces(area, roads), nextName, stream.Fork("settlement"));
        var cuts = GridCutter.Cut(area, settlement.Houses.Select(h => h.Position).ToList(), factory);
        return new VillagePlan(village, township, area, settlement, cuts);
    }

    private static List<(int A, int B)> NeighbouringTownships(IReadOnlyList<SharedBorders.Border> borders, int[] townshipOfCell) =>
        borders
            .Select(b => (townshipOfCell[b.A], townshipOfCell[b.B]))
            .Where(p => p.Item1 != p.Item2)
            .Select(p => (Math.Min(p.Item1, p.Item2), Math.Max(p.Item1, p.Item2)))
            .Distinct()
            .OrderBy(p => p.Item1).ThenBy(p => p.Item2)
            .ToList();
}
