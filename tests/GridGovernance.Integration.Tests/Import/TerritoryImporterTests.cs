using System.Text.Json.Nodes;
using GridGovernance.Data.Import;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Import;

public sealed class TerritoryImporterTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly TerritoryDirectory _directory = TerritoryDirectory.OneTownshipOfTheDemo();

    public async Task InitializeAsync() => _database = await TestDatabase.CreateMigratedAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_good_directory_imports_every_level_in_one_go()
    {
        var result = await Import();

        result.Problems.ShouldBeEmpty();
        (await Count("township")).ShouldBe(1);
        (await Count("village")).ShouldBe(result.Counts["villages"]);
        (await Count("grid")).ShouldBe(result.Counts["grids"]);
        (await Count("link_unit")).ShouldBe(result.Counts["linkUnits"]);
        (await Count("household")).ShouldBe(result.Counts["households"]);
        (await Count("grid_staff")).ShouldBe(result.Counts["staff"]);
        (await _database.ScalarAsync<long>("SELECT count(*) FROM link_unit WHERE hull IS NULL OR leader_household_code IS NULL")).ShouldBe(0);
        (await _database.ScalarAsync<long>("SELECT revision FROM territory_revision")).ShouldBe(2);
    }

    [Fact]
    public async Task Importing_the_same_data_twice_is_refused_and_changes_nothing()
    {
        (await Import()).Succeeded.ShouldBeTrue();
        var households = await Count("household");

        var second = await Import();

        second.Problems.ShouldContain(p => p.Message.Contains("已存在"));
        (await Count("household")).ShouldBe(households);
    }

    [Fact]
    public async Task Invalid_geometry_is_reported_with_the_feature_code_and_nothing_is_written()
    {
        var code = EditFirstGrid(grid => grid["geometry"] = Polygon(BowtieAround(grid)));

        await ShouldRefuse("grids.geojson", code, "几何图形无效");
    }

    [Fact]
    public async Task Empty_geometry_is_reported()
    {
        var code = EditFirstGrid(grid => grid["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray() });

        await ShouldRefuse("grids.geojson", code, "为空");
    }

    [Fact]
    public async Task An_unknown_parent_code_is_reported()
    {
        _directory.Edit("townships.geojson", c => TerritoryDirectory.FeaturesOf(c).Clear());
        var village = TerritoryDirectory.Code(TerritoryDirectory.FeaturesOf(_directory.Read("villages.geojson"))[0]!);

        await ShouldRefuse("villages.geojson", village, "上级编码");
    }

    [Fact]
    public async Task A_grid_outside_its_village_is_reported_with_the_share_outside()
    {
        var code = EditFirstGrid(grid => Shift(grid["geometry"]!["coordinates"]!, 0.3));

        await ShouldRefuse("grids.geojson", code, "超出上级");
    }

    [Fact]
    public async Task Overlapping_sibling_grids_are_reported()
    {
        var (first, second) = TwoGridsOfOneVillage();
        _directory.Edit("grids.geojson", c =>
        {
            var features = TerritoryDirectory.FeaturesOf(c);
            var a = features.First(f => TerritoryDirectory.Code(f!) == first)!;
            var b = features.First(f => TerritoryDirectory.Code(f!) == second)!;
            b["geometry"] = a["geometry"]!.DeepClone();
        });

        var result = await ShouldRefuse("grids.geojson", first, "重叠");
        result.Problems.ShouldContain(p => p.Message.Contains(second));
    }

    [Fact]
    public async Task A_village_whose_grids_leave_a_gap_is_reported_with_the_uncovered_share()
    {
        var (_, second) = TwoGridsOfOneVillage();
        _directory.Edit("grids.geojson", c =>
        {
            var features = TerritoryDirectory.FeaturesOf(c);
            features.Remove(features.First(f => TerritoryDirectory.Code(f!) == second));
        });

        var result = await ShouldRefuse("grids.geojson", second[..12], "未覆盖");
        result.Problems.First(p => p.Code == second[..12]).Message.ShouldMatch(@"未覆盖 \d+(\.\d+)?% 的面积");
    }

    [Fact]
    public async Task Duplicate_codes_are_reported()
    {
        string? code = null;
        _directory.Edit("villages.geojson", c =>
        {
            var features = TerritoryDirectory.FeaturesOf(c);
            code = TerritoryDirectory.Code(features[0]!);
            features.Add(features[0]!.DeepClone());
        });

        await ShouldRefuse("villages.geojson", code!, "编码重复");
    }

    [Fact]
    public async Task A_foreign_coordinate_reference_system_is_reported()
    {
        _directory.Edit("villages.geojson", c =>
            c["crs"] = new JsonObject { ["type"] = "name", ["properties"] = new JsonObject { ["name"] = "EPSG:3857" } });

        await ShouldRefuse("villages.geojson", null, "坐标参考系");
    }

    [Fact]
    public async Task Projected_coordinates_are_recognised_as_the_wrong_CRS()
    {
        var code = EditFirstGrid(grid => Scale(grid["geometry"]!["coordinates"]!, 111_000));

        await ShouldRefuse("grids.geojson", code, "疑似投影坐标");
    }

    [Fact]
    public async Task Every_problem_is_reported_together_not_just_the_first()
    {
        var invalid = EditFirstGrid(grid => grid["geometry"] = Polygon(BowtieAround(grid)));
        _directory.Edit("villages.geojson", c => c["crs"] = new JsonObject { ["type"] = "name", ["properties"] = new JsonObject { ["name"] = "EPSG:3857" } });
        File.AppendAllText(Path.Combine(_directory.Path, "households.csv"), "4510279999999990001,451027999999999,,某某,0,123,,200,24\n");

        var result = await Import();

        result.Succeeded.ShouldBeFalse();
        result.Problems.ShouldContain(p => p.File == "villages.geojson" && p.Message.Contains("坐标参考系"));
        result.Problems.ShouldContain(p => p.File == "households.csv" && p.Message.Contains("人口数"));
        result.Problems.ShouldContain(p => p.File == "households.csv" && p.Message.Contains("经纬度"));
        result.Problems.ShouldContain(p => p.File == "households.csv" && p.Message.Contains("电话"));
        // Geometry is checked by PostGIS only once the files themselves are sound, so the bowtie is not listed yet.
        result.Problems.ShouldNotContain(p => p.Code == invalid);
        (await Count("county")).ShouldBe(0);
    }

    [Fact]
    public async Task A_household_outside_its_grid_is_reported_with_its_line()
    {
        var lines = File.ReadAllLines(Path.Combine(_directory.Path, "households.csv"));
        var fields = lines[1].Split(',');
        fields[7] = (double.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture) + 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture);
        lines[1] = string.Join(',', fields);
        File.WriteAllLines(Path.Combine(_directory.Path, "households.csv"), lines);

        var result = await ShouldRefuse("households.csv", fields[0], "不在所属网格");
        result.Problems.First(p => p.Code == fields[0]).Message.ShouldContain("第 2 行");
    }

    [Fact]
    public async Task A_missing_file_is_reported_by_name()
    {
        File.Delete(Path.Combine(_directory.Path, "grid-staff.csv"));

        await ShouldRefuse("grid-staff.csv", null, "缺少此文件");
    }

    private Task<ImportResult> Import() => TerritoryImporter.ImportAsync(_database.DataSource, _directory.Path);

    private async Task<ImportResult> ShouldRefuse(string file, string? code, string messagePart)
    {
        var result = await Import();
        result.Succeeded.ShouldBeFalse();
        result.Problems.ShouldContain(p => p.File == file && p.Code == code && p.Message.Contains(messagePart),
            $"expected a problem in {file} for {code ?? "(file)"} containing “{messagePart}”; got:\n{string.Join("\n", result.Problems)}");
        foreach (var table in new[] { "county", "township", "village", "grid", "link_unit", "household", "grid_staff" })
            (await Count(table)).ShouldBe(0, $"{table} must stay empty after a refused import");
        (await _database.ScalarAsync<long>("SELECT revision FROM territory_revision")).ShouldBe(1);
        return result;
    }

    private Task<long> Count(string table) => _database.ScalarAsync<long>($"SELECT count(*) FROM {table}");

    private string EditFirstGrid(Action<JsonNode> change)
    {
        string? code = null;
        _directory.Edit("grids.geojson", c =>
        {
            var grid = TerritoryDirectory.FeaturesOf(c)[0]!;
            code = TerritoryDirectory.Code(grid);
            change(grid);
        });
        return code!;
    }

    private (string First, string Second) TwoGridsOfOneVillage()
    {
        var codes = TerritoryDirectory.FeaturesOf(_directory.Read("grids.geojson")).Select(f => TerritoryDirectory.Code(f!)).ToList();
        var village = codes.GroupBy(c => c[..12]).First(g => g.Count() >= 2).OrderBy(c => c).ToList();
        return (village[0], village[1]);
    }

    /// <summary>A self-intersecting "bowtie" ring inside the grid's bounding box.</summary>
    private static JsonArray BowtieAround(JsonNode grid)
    {
        var (minX, minY, maxX, maxY) = Bounds(grid["geometry"]!["coordinates"]!);
        double x0 = minX + (maxX - minX) * 0.3, x1 = minX + (maxX - minX) * 0.7, y0 = minY + (maxY - minY) * 0.3, y1 = minY + (maxY - minY) * 0.7;
        return new JsonArray(Point(x0, y0), Point(x1, y1), Point(x1, y0), Point(x0, y1), Point(x0, y0));
    }

    private static JsonObject Polygon(JsonArray ring) => new() { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) };

    private static JsonArray Point(double x, double y) => new(x, y);

    private static (double, double, double, double) Bounds(JsonNode coordinates)
    {
        var points = Positions(coordinates).ToList();
        return (points.Min(p => p[0]!.GetValue<double>()), points.Min(p => p[1]!.GetValue<double>()),
                points.Max(p => p[0]!.GetValue<double>()), points.Max(p => p[1]!.GetValue<double>()));
    }

    private static void Shift(JsonNode coordinates, double dx)
    {
        foreach (var p in Positions(coordinates)) p[0] = p[0]!.GetValue<double>() + dx;
    }

    private static void Scale(JsonNode coordinates, double factor)
    {
        foreach (var p in Positions(coordinates))
        {
            p[0] = p[0]!.GetValue<double>() * factor;
            p[1] = p[1]!.GetValue<double>() * factor;
        }
    }

    private static IEnumerable<JsonArray> Positions(JsonNode coordinates)
    {
        var array = coordinates.AsArray();
        if (array.Count >= 2 && array[0] is JsonValue) { yield return array; yield break; }
        foreach (var child in array)
            foreach (var p in Positions(child!)) yield return p;
    }
}
