using System.Globalization;
using System.Text.RegularExpressions;
using GridGovernance.DemoCounty;
using GridGovernance.DemoCounty.Divisions;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace GridGovernance.Domain.Tests.DemoCounty;

/// <summary>What the importer and the database demand of the committed demo county, checked on the files themselves.</summary>
public sealed partial class DemoCountyStructureTests
{
    // ≈ 0.01 m² at this latitude: what exact shared edges leave as "overlap" (nothing), far below any real sliver.
    private const double NoArea = 1e-12;

    private readonly CommittedDemo _demo = CommittedDemo.Load();

    [Fact]
    public void The_county_has_its_8_real_townships_and_110_real_villages()
    {
        var rows = File.ReadAllLines(RepositoryRoot.Combine(DemoCountyFiles.LingyunDivisions)).Skip(1).Select(l => l.Split(',')).ToList();

        _demo.County.Features.Select(f => (f.Code, f.Properties["name"])).ShouldBe([("451027", "凌云县")]);
        _demo.Townships.Features.Select(f => (f.Code, f.Properties["name"], f.Parent))
            .ShouldBe(rows.Select(r => (r[1], r[2], (string?)r[0])).Distinct());
        _demo.Villages.Features.Select(f => (f.Code, f.Properties["name"], f.Parent))
            .ShouldBe(rows.Select(r => (r[3], r[4], (string?)r[1])));
        _demo.Townships.Features.Count.ShouldBe(8);
        _demo.Villages.Features.Count.ShouldBe(110);
    }

    [Fact]
    public void Every_feature_is_flagged_as_demo_data_and_no_file_carries_a_crs_member()
    {
        foreach (var collection in AllCollections())
        {
            collection.HasCrsMember.ShouldBeFalse();
            collection.Features.ShouldAllBe(f => f.Demo == true);
        }
    }

    [Fact]
    public void Every_coordinate_has_at_most_six_decimals()
    {
        foreach (var name in new[] { "county.geojson", "townships.geojson", "villages.geojson", "grids.geojson", "link-units.geojson", "households.csv" })
        {
            LongDecimal().IsMatch(File.ReadAllText(Path.Combine(_demo.Directory, name))).ShouldBeFalse(name);
        }
    }

    [Fact]
    public void Every_area_is_a_valid_polygonal_shape_within_longitude_and_latitude_range()
    {
        foreach (var feature in new[] { _demo.County, _demo.Townships, _demo.Villages, _demo.Grids }.SelectMany(c => c.Features))
        {
            feature.Geometry.ShouldBeOfType<MultiPolygon>(feature.Code);
            feature.Geometry.IsValid.ShouldBeTrue(feature.Code);
            feature.Geometry.IsEmpty.ShouldBeFalse(feature.Code);
            var envelope = feature.Geometry.EnvelopeInternal;
            (envelope.MinX >= 105 && envelope.MaxX <= 108 && envelope.MinY >= 23.5 && envelope.MaxY <= 25.5).ShouldBeTrue(feature.Code);
        }
    }

    [Fact]
    public void Every_township_village_and_grid_lies_inside_its_parent()
    {
        var county = _demo.County.Features.Single();
        foreach (var (children, parents) in new[] { (_demo.Townships, _demo.County), (_demo.Villages, _demo.Townships), (_demo.Grids, _demo.Villages) })
        {
            var parentByCode = parents.Features.ToDictionary(p => p.Code);
            foreach (var child in children.Features)
            {
                var parent = parentByCode[child.Parent!];
                child.Code.ShouldStartWith(parent.Code);
                child.Geometry.CoveredBy(parent.Geometry).ShouldBeTrue($"{child.Code} is not inside {parent.Code}");
            }
        }

        county.Code.ShouldBe("451027");
    }

    [Fact]
    public void Siblings_do_not_overlap_and_grids_cover_their_village()
    {
        AssertTiles(_demo.Townships.Features, _demo.County.Features, minimumCover: 0.999);
        AssertTiles(_demo.Villages.Features, _demo.Townships.Features, minimumCover: 0.999);
        AssertTiles(_demo.Grids.Features, _demo.Villages.Features, minimumCover: 0.999);
    }

    [Fact]
    public void Every_grid_holds_150_to_300_households_and_the_county_25000_to_40000()
    {
        var perGrid = _demo.Households.Rows.GroupBy(h => h["grid_code"]).ToDictionary(g => g.Key, g => g.Count());
        foreach (var grid in _demo.Grids.Features)
        {
            perGrid.GetValueOrDefault(grid.Code).ShouldBeInRange(150, 300, grid.Code);
        }

        perGrid.Keys.ShouldBeSubsetOf(_demo.Grids.Features.Select(g => g.Code));
        _demo.Households.Rows.Count.ShouldBeInRange(25_000, 40_000);
    }

    [Fact]
    public void Every_household_lies_inside_its_grid()
    {
        var locators = _demo.Grids.Features.ToDictionary(g => g.Code, g => new IndexedPointInAreaLocator(g.Geometry));
        var outside = _demo.Households.Rows
            .Where(h => locators[h["grid_code"]].Locate(Position(h)) != Location.Interior)
            .Select(h => h["code"])
            .ToList();

        outside.ShouldBeEmpty();
    }

    [Fact]
    public void Every_link_unit_holds_5_to_20_households_of_its_grid_and_is_led_by_one_of_them()
    {
        var members = _demo.Households.Rows.GroupBy(h => h["link_unit_code"]).ToDictionary(g => g.Key, g => g.ToList());
        var grids = _demo.Grids.Features.ToDictionary(g => g.Code, g => new IndexedPointInAreaLocator(g.Geometry));
        var problems = new List<string>();
        foreach (var unit in _demo.LinkUnits.Features)
        {
            var households = members.GetValueOrDefault(unit.Code) ?? [];
            if (households.Count is < 5 or > 20)
            {
                problems.Add($"{unit.Code} holds {households.Count} households");
            }

            if (households.Any(h => h["grid_code"] != unit.Parent))
            {
                problems.Add($"{unit.Code} holds households of another grid");
            }

            if (!households.Any(h => h["code"] == unit.Properties["leader"]))
            {
                problems.Add($"{unit.Code}'s leader is not one of its households");
            }

            if (unit.Geometry is not Point point || grids[unit.Parent!].Locate(point.Coordinate) != Location.Interior)
            {
                problems.Add($"{unit.Code} is not a point inside its grid");
            }
        }

        problems.ShouldBeEmpty();
        members.Keys.Order(StringComparer.Ordinal).ShouldBe(_demo.LinkUnits.Features.Select(u => u.Code));
    }

    [Fact]
    public void Codes_extend_their_parents_and_are_numbered_from_1_without_gaps()
    {
        AssertNumbered(_demo.Grids.Features.Select(g => (g.Code, g.Parent!)), parentLength: 12, digits: 3);
        AssertNumbered(_demo.LinkUnits.Features.Select(u => (u.Code, u.Parent!)), parentLength: 15, digits: 3);
        AssertNumbered(_demo.Households.Rows.Select(h => (h["code"], h["grid_code"])), parentLength: 15, digits: 4);
        _demo.Households.Rows.ShouldAllBe(h => h["link_unit_code"].StartsWith(h["grid_code"], StringComparison.Ordinal));
        _demo.Grids.Features.ShouldAllBe(g => g.Properties["kind"] == "comprehensive");
    }

    [Fact]
    public void Grids_are_numbered_west_to_east_then_north_to_south_by_the_documented_rule()
    {
        foreach (var village in _demo.Grids.Features.GroupBy(g => g.Parent!))
        {
            var byCode = village.OrderBy(g => g.Code, StringComparer.Ordinal).ToList();
            ExpectedRowMajorOrder(byCode.Select(g => g.Geometry).ToList()).Select(i => byCode[i].Code)
                .ShouldBe(byCode.Select(g => g.Code), village.Key);
            var villageName = VillageShortName.Of(_demo.Villages.Features.Single(v => v.Code == village.Key).Properties["name"]);
            byCode.Select(g => g.Properties["name"]).ShouldBe(byCode.Select((_, n) => $"{villageName}第{n + 1}网格"));
        }
    }

    [Fact]
    public void The_county_covers_1800_to_2200_square_kilometres()
    {
        SquareKilometres(_demo.County.Features.Single().Geometry).ShouldBeInRange(1800, 2200);
        _demo.Townships.Features.Sum(t => SquareKilometres(t.Geometry))
            .ShouldBe(SquareKilometres(_demo.County.Features.Single().Geometry), tolerance: 0.01);
    }

    [Fact]
    public void Households_and_staff_satisfy_the_database_constraints()
    {
        _demo.Households.Header.ShouldBe(["code", "grid_code", "link_unit_code", "head_name", "members", "phone", "address", "lng", "lat"]);
        _demo.Households.Rows.Where(h =>
                !HouseholdCode().IsMatch(h["code"])
                || h["head_name"].Length is < 1 or > 50
                || int.Parse(h["members"], CultureInfo.InvariantCulture) is < 1 or > 8
                || (h["phone"].Length > 0 && !Phone().IsMatch(h["phone"]))
                || h["address"].Length is < 2 or > 200
                || !h["address"].EndsWith('号'))
            .Select(h => h["code"])
            .ShouldBeEmpty();

        _demo.GridStaff.Header.ShouldBe(["grid_code", "role", "name", "phone"]);
        _demo.GridStaff.Rows.ShouldAllBe(s => Phone().IsMatch(s["phone"]) && s["name"].Length >= 1 && s["name"].Length <= 50);
    }

    [Fact]
    public void Every_grid_has_one_grid_head_and_one_or_two_grid_workers()
    {
        var staff = _demo.GridStaff.Rows.GroupBy(s => s["grid_code"]).ToDictionary(g => g.Key, g => g.Select(s => s["role"]).ToList());
        staff.Keys.ShouldBe(_demo.Grids.Features.Select(g => g.Code), ignoreOrder: true);
        foreach (var roles in staff.Values)
        {
            roles.Count(r => r == "grid_head").ShouldBe(1);
            roles.Count(r => r == "grid_worker").ShouldBeInRange(1, 2);
            roles.Count.ShouldBe(roles.Count(r => r is "grid_head" or "grid_worker"));
        }
    }

    [Fact]
    public void The_data_files_stay_small_and_plain()
    {
        new FileInfo(Path.Combine(_demo.Directory, "households.csv")).Length.ShouldBeLessThan(5_000_000);
        foreach (var name in new[] { "households.csv", "grid-staff.csv" })
        {
            var text = File.ReadAllText(Path.Combine(_demo.Directory, name));
            text.ShouldNotContain("\"");
            text.ShouldNotContain("\r");
        }
    }

    private static Coordinate Position(IReadOnlyDictionary<string, string> household) =>
        new(double.Parse(household["lng"], CultureInfo.InvariantCulture), double.Parse(household["lat"], CultureInfo.InvariantCulture));

    private IEnumerable<GeoJson.Collection> AllCollections() =>
        [_demo.County, _demo.Townships, _demo.Villages, _demo.Grids, _demo.LinkUnits];

    private static void AssertTiles(IReadOnlyList<GeoJson.Feature> children, IReadOnlyList<GeoJson.Feature> parents, double minimumCover)
    {
        foreach (var parent in parents)
        {
            var siblings = children.Where(c => c.Parent == parent.Code).ToList();
            for (var i = 0; i < siblings.Count; i++)
            {
                for (var j = i + 1; j < siblings.Count; j++)
                {
                    if (siblings[i].Geometry.EnvelopeInternal.Intersects(siblings[j].Geometry.EnvelopeInternal))
                    {
                        siblings[i].Geometry.Intersection(siblings[j].Geometry).Area
                            .ShouldBeLessThan(NoArea, $"{siblings[i].Code} overlaps {siblings[j].Code}");
                    }
                }
            }

            var covered = UnaryUnionOp.Union(siblings.Select(s => s.Geometry).ToList()).Area / parent.Geometry.Area;
            covered.ShouldBeGreaterThanOrEqualTo(minimumCover, parent.Code);
        }
    }

    private static void AssertNumbered(IEnumerable<(string Code, string Parent)> items, int parentLength, int digits)
    {
        foreach (var group in items.GroupBy(i => i.Parent))
        {
            group.Key.Length.ShouldBe(parentLength);
            var expected = Enumerable.Range(1, group.Count()).Select(n => group.Key + n.ToString("D" + digits, CultureInfo.InvariantCulture));
            group.Select(i => i.Code).Order(StringComparer.Ordinal).ShouldBe(expected);
        }
    }

    /// <summary>
    /// geodata/README.md's rule, restated: the northernmost remaining grid (by centroid) opens a row; the remaining grids
    /// whose centroid lies at or north of the opener's southern edge join it; the row runs west→east.
    /// </summary>
    private static List<int> ExpectedRowMajorOrder(IReadOnlyList<NetTopologySuite.Geometries.Geometry> grids)
    {
        var centres = grids.Select(g => g.Centroid.Coordinate).ToList();
        var remaining = Enumerable.Range(0, grids.Count).OrderByDescending(i => centres[i].Y).ThenBy(i => centres[i].X).ToList();
        var order = new List<int>();
        while (remaining.Count > 0)
        {
            var southEdge = grids[remaining[0]].EnvelopeInternal.MinY;
            var row = remaining.Where(i => centres[i].Y >= southEdge).ToList();
            order.AddRange(row.OrderBy(i => centres[i].X).ThenByDescending(i => centres[i].Y));
            remaining.RemoveAll(row.Contains);
        }

        return order;
    }

    /// <summary>Sinusoidal (equal-area) projection per vertex on the mean-radius sphere.</summary>
    private static double SquareKilometres(NetTopologySuite.Geometries.Geometry shape)
    {
        const double radius = 6_371_008.8;
        var centre = shape.EnvelopeInternal.Centre.X;
        var projected = shape.Copy();
        projected.Apply(new SinusoidalFilter(centre, radius));
        return projected.Area / 1e6;
    }

    private sealed class SinusoidalFilter(double centreLongitude, double radius) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (lng, lat) = (seq.GetX(i) * Math.PI / 180, seq.GetY(i) * Math.PI / 180);
            seq.SetX(i, radius * (lng - centreLongitude * Math.PI / 180) * Math.Cos(lat));
            seq.SetY(i, radius * lat);
        }
    }

    [GeneratedRegex(@"\d\.\d{7,}")]
    private static partial Regex LongDecimal();

    [GeneratedRegex("^[0-9]{19}$")]
    private static partial Regex HouseholdCode();

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex Phone();
}
