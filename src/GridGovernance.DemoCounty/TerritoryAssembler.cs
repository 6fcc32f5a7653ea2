using System.Globalization;
using GridGovernance.DemoCounty.Divisions;
using GridGovernance.DemoCounty.Spatial;
using GridGovernance.DemoCounty.Layout;
using GridGovernance.DemoCounty.People;
using GridGovernance.DemoCounty.Randomness;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty;

/// <summary>
/// Turns the laid-out county into published records: codes and names, 十联户 units with their 联户长, fictitious
/// people, and grid staff. Grids and units are numbered by <see cref="RowMajorOrder"/>; a unit's households are
/// numbered north→south, then west→east, continuing through the grid's units in order.
/// </summary>
internal static class TerritoryAssembler
{
    private static readonly double[] MemberWeights = [8, 15, 20, 24, 17, 9, 4, 3];
    private const double NoPhoneShare = 0.04;
    private const int SecondWorkerAbove = 220;

    public static DemoTerritory Assemble(
        DivisionCounty divisions, IReadOnlyList<VillagePlan> plans, FinalCoverage.Result coverage, LocalProjection projection, DemoRandom random)
    {
        var county = new AreaFeature(divisions.Code, divisions.Name, null, (MultiPolygon)coverage.County);
        var townships = divisions.Townships
            .Select((t, i) => new AreaFeature(t.Code, t.Name, divisions.Code, (MultiPolygon)coverage.Townships[i]))
            .ToList();
        var villages = plans
            .Select((p, v) => new AreaFeature(p.Division.Code, p.Division.Name, divisions.Townships[p.Township].Code, (MultiPolygon)coverage.Villages[v]))
            .ToList();

        var grids = new List<AreaFeature>();
        var units = new List<LinkUnitFeature>();
        var households = new List<HouseholdRow>();
        var staff = new List<GridStaffRow>();
        for (var v = 0; v < plans.Count; v++)
        {
            var plan = plans[v];
            var metres = plan.Settlement.Houses.Select(h => h.Position).ToList();
            var degrees = metres.Select(m => Published(projection.ToDegrees(m))).ToList();
            var unitsPerHamlet = new int[plan.Settlement.HamletNames.Count];
            var shapes = coverage.Grids[v];
            var order = RowMajorOrder.Order(shapes.Select(RowMajorOrder.Of).ToList());
            for (var n = 0; n < order.Count; n++)
            {
                var leaf = order[n];
                var shape = (MultiPolygon)shapes[leaf];
                var gridCode = plan.Division.Code + Number(n + 1, 3);
                grids.Add(new AreaFeature(gridCode, $"{VillageShortName.Of(plan.Division.Name)}第{n + 1}网格", plan.Division.Code, shape));
                var members = plan.Cuts.Leaves[leaf];
                var locator = new IndexedPointInAreaLocator(shape);
                RequireInside(locator, members.Select(m => degrees[m]), gridCode);

                var people = random.Fork("grid:" + gridCode);
                var grouped = LinkUnitGrouping.Group(metres, members, m => plan.Settlement.Houses[m].Hamlet);
                var located = grouped.Select(u => LocateUnit(u, metres, degrees, projection, locator)).ToList();
                var unitOrder = RowMajorOrder.Order(located.Select(u => u.Order).ToList());
                var sequence = 0;
                for (var j = 0; j < unitOrder.Count; j++)
                {
                    var unit = grouped[unitOrder[j]];
                    var (location, leader, _) = located[unitOrder[j]];
                    var unitCode = gridCode + Number(j + 1, 3);
                    var hamlet = MainHamlet(unit, plan.Settlement);
                    var unitName = $"{plan.Settlement.HamletNames[hamlet]}第{++unitsPerHamlet[hamlet]}联户单元";
                    var leaderCode = "";
                    foreach (var m in unit.OrderByDescending(m => degrees[m].Y).ThenBy(m => degrees[m].X).ThenBy(m => m))
                    {
                        var code = gridCode + Number(++sequence, 4);
                        if (m == leader)
                        {
                            leaderCode = code;
                        }

                        var house = plan.Settlement.Houses[m];
                        households.Add(new HouseholdRow(
                            code,
                            gridCode,
                            unitCode,
                            PersonNames.Next(people),
                            people.PickWeighted(MemberWeights) + 1,
                            people.Chance(NoPhoneShare) ? "" : PhoneNumbers.Next(people),
                            $"{plan.Settlement.HamletNames[house.Hamlet]}{house.Number}号",
                            degrees[m]));
                    }

                    units.Add(new LinkUnitFeature(unitCode, unitName, gridCode, leaderCode, location));
                }

                staff.AddRange(GridStaff(gridCode, members.Length, random.Fork("staff:" + gridCode)));
            }
        }

        return new DemoTerritory(county, townships, villages, grids, units, households, staff);
    }

    /// <summary>
    /// A unit sits at the mean of its households (inside its grid; if the mean of a bent row of houses falls outside,
    /// at its leader's house). The 联户长 is the household nearest that mean.
    /// </summary>
    private static (Coordinate Location, int Leader, RowMajorOrder.Item Order) LocateUnit(
        int[] unit, List<Coordinate> metres, List<Coordinate> degrees, LocalProjection projection, IndexedPointInAreaLocator grid)
    {
        var mean = new Coordinate(unit.Average(m => metres[m].X), unit.Average(m => metres[m].Y));
        var leader = unit.OrderBy(m => metres[m].Distance(mean)).ThenBy(m => m).First();
        var location = Published(projection.ToDegrees(mean));
        if (grid.Locate(location) != Location.Interior)
        {
            location = degrees[leader].Copy();
        }

        return (location, leader, new RowMajorOrder.Item(location, unit.Min(m => degrees[m].Y)));
    }

    private static int MainHamlet(int[] unit, Settlement settlement) =>
        unit.GroupBy(m => settlement.Houses[m].Hamlet)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .First().Key;

    private static IEnumerable<GridStaffRow> GridStaff(string gridCode, int households, DemoRandom random)
    {
        yield return new GridStaffRow(gridCode, GridStaffRow.GridHead, PersonNames.Next(random), PhoneNumbers.Next(random));
        var workers = households > SecondWorkerAbove ? 2 : 1;
        for (var i = 0; i < workers; i++)
        {
            yield return new GridStaffRow(gridCode, GridStaffRow.GridWorker, PersonNames.Next(random), PhoneNumbers.Next(random));
        }
    }

    private static void RequireInside(IndexedPointInAreaLocator locator, IEnumerable<Coordinate> points, string gridCode)
    {
        if (points.Any(p => locator.Locate(p) != Location.Interior))
        {
            throw new InvalidOperationException($"A household of grid {gridCode} lies outside it after rounding.");
        }
    }

    private static Coordinate Published(Coordinate degrees)
    {
        var copy = degrees.Copy();
        FinalCoverage.Microdegrees.MakePrecise(copy);
        return copy;
    }

    private static string Number(int value, int digits) => value.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
