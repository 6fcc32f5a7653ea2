using System.Globalization;
using GridGovernance.DemoCounty.Divisions;
using GridGovernance.DemoCounty.Output;
using GridGovernance.DemoCounty.People;
using GridGovernance.DemoCounty.Randomness;
using GridGovernance.DemoCounty.Spatial;

namespace GridGovernance.DemoCounty.Scaled;

/// <summary>
/// A synthetic province for load and scale tests: many counties, each made by <see cref="DemoCountyGenerator"/> from an
/// invented division list, laid out on a lattice far enough apart never to overlap. County codes are 99PPCC (99 is no
/// real province), so the data can never be mistaken for, or collide with, a real county. Each county is written to
/// its own directory in the importer's format (geodata/FORMAT.md), so a benchmark imports them one by one.
/// Counties are independent and seeded by their code, so the output does not depend on parallel scheduling.
/// </summary>
public static class ScaledTerritoryGenerator
{
    public sealed record County(DivisionCounty Divisions, DemoCountyOptions Options);

    public sealed record Summary(int Counties, int Townships, int Villages, int Grids, int LinkUnits, int Households);

    public static IReadOnlyList<County> Plan(ScaledTerritoryOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Counties, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Counties, 99 * 99);
        var root = new DemoRandom(options.Seed);
        var countyNames = new HashSet<string>();
        var columns = (int)Math.Ceiling(Math.Sqrt(options.Counties));
        // An outline reaches at most ≈ 1.9 equivalent radii from its seat; 4 radii apart leaves a clear gap.
        var spacingKm = 4 * Math.Sqrt(options.CountyAreaSquareKilometres / PortableMath.Pi);
        var kmPerDegree = LocalProjection.MetresPerDegreeLatitude / 1000;
        var counties = new List<County>(options.Counties);
        for (var c = 0; c < options.Counties; c++)
        {
            var code = "99" + Number(c / 99 + 1, 2) + Number(c % 99 + 1, 2);
            var random = root.Fork("county:" + code);
            var latitude = options.OriginLatitude - c / columns * spacingKm / kmPerDegree;
            var longitude = options.OriginLongitude
                + c % columns * spacingKm / (kmPerDegree * PortableMath.Cos(PortableMath.DegreesToRadians(latitude)));
            var name = PlaceNames.Stem(random, countyNames) + "县";
            counties.Add(new County(
                new DivisionCounty(code, name, Townships(code, options, random)),
                new DemoCountyOptions(code, name, longitude, latitude, options.CountyAreaSquareKilometres, random.NextUInt64())));
        }

        return counties;
    }

    /// <summary>Generates every county and writes each to <c>outputDirectory/CODE/</c>.</summary>
    public static Summary WriteAll(ScaledTerritoryOptions options, string outputDirectory, int maxDegreeOfParallelism = -1, Action<string>? countyWritten = null)
    {
        var plan = Plan(options);
        var counts = new int[plan.Count][];
        Parallel.For(0, plan.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c =>
        {
            var territory = DemoCountyGenerator.Generate(plan[c].Divisions, plan[c].Options);
            TerritoryFiles.Write(territory, Path.Combine(outputDirectory, plan[c].Divisions.Code));
            counts[c] = [territory.Townships.Count, territory.Villages.Count, territory.Grids.Count, territory.LinkUnits.Count, territory.Households.Count];
            countyWritten?.Invoke(plan[c].Divisions.Code);
        });
        return new Summary(plan.Count, counts.Sum(c => c[0]), counts.Sum(c => c[1]), counts.Sum(c => c[2]), counts.Sum(c => c[3]), counts.Sum(c => c[4]));
    }

    /// <summary>
    /// The first township is the seat town (镇 100, with three communities 001–003); the first half are towns (1xx),
    /// the rest townships (2xx); villages are 2xx 村委会, as the statistical code rules say.
    /// </summary>
    private static List<DivisionTownship> Townships(string countyCode, ScaledTerritoryOptions options, DemoRandom random)
    {
        var count = random.NextInt(options.TownshipsPerCounty.Min, options.TownshipsPerCounty.Max);
        var used = new HashSet<string>();
        var townships = new List<DivisionTownship>(count);
        for (var t = 0; t < count; t++)
        {
            var isTown = t < (count + 1) / 2;
            var code = countyCode + (isTown ? "1" + Number(t, 2) : "2" + Number(t - (count + 1) / 2, 2));
            var name = PlaceNames.Stem(random, used) + (isTown ? "镇" : "乡");
            var villages = new List<DivisionVillage>();
            if (t == 0)
            {
                villages.AddRange(Enumerable.Range(1, 3).Select(n => new DivisionVillage(code + Number(n, 3), PlaceNames.Stem(random, used) + "社区居委会")));
            }

            var villageCount = random.NextInt(options.VillagesPerTownship.Min, options.VillagesPerTownship.Max);
            villages.AddRange(Enumerable.Range(1, villageCount).Select(n => new DivisionVillage(code + Number(200 + n, 3), PlaceNames.Stem(random, used) + "村委会")));
            townships.Add(new DivisionTownship(code, name, villages));
        }

        return townships;
    }

    private static string Number(int value, int digits) => value.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
