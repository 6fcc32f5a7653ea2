using System.Text.Json.Nodes;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Import;

/// <summary>
/// A temporary copy of part of the demo county (one township, to keep imports quick) that a test can damage in one way
/// and hand to the importer.
/// </summary>
public sealed class TerritoryDirectory : IDisposable
{
    private TerritoryDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>The county, one township (the first one with a village of two or more grids), and everything below it.</summary>
    public static TerritoryDirectory OneTownshipOfTheDemo()
    {
        var source = RepoPaths.DemoCounty;
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gridgov-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);

        var grids = Features(System.IO.Path.Combine(source, "grids.geojson"));
        var township = grids.GroupBy(g => Code(g)[..12]).First(v => v.Count() >= 2).Key[..9];
        bool Keep(string code) => code.StartsWith(township, StringComparison.Ordinal);

        File.Copy(System.IO.Path.Combine(source, "county.geojson"), System.IO.Path.Combine(path, "county.geojson"));
        foreach (var file in new[] { "townships.geojson", "villages.geojson", "grids.geojson", "link-units.geojson" })
        {
            var collection = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(source, file)))!.AsObject();
            var kept = collection["features"]!.AsArray().Where(f => Keep(Code(f!))).Select(f => f!.DeepClone()).ToArray();
            collection["features"] = new JsonArray(kept);
            File.WriteAllText(System.IO.Path.Combine(path, file), collection.ToJsonString());
        }
        foreach (var file in new[] { "households.csv", "grid-staff.csv" })
        {
            var lines = File.ReadAllLines(System.IO.Path.Combine(source, file));
            File.WriteAllLines(System.IO.Path.Combine(path, file), lines.Take(1).Concat(lines.Skip(1).Where(Keep)));
        }
        return new TerritoryDirectory(path);
    }

    public JsonObject Read(string file) => JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(Path, file)))!.AsObject();

    public void Write(string file, JsonObject collection) => File.WriteAllText(System.IO.Path.Combine(Path, file), collection.ToJsonString());

    /// <summary>Reads a GeoJSON file, lets the test change it, and writes it back.</summary>
    public void Edit(string file, Action<JsonObject> change)
    {
        var collection = Read(file);
        change(collection);
        Write(file, collection);
    }

    public static JsonArray FeaturesOf(JsonObject collection) => collection["features"]!.AsArray();

    public static string Code(JsonNode feature) => feature["properties"]!["code"]!.GetValue<string>();

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private static List<JsonNode> Features(string file) =>
        JsonNode.Parse(File.ReadAllText(file))!["features"]!.AsArray().Select(f => f!).ToList();
}
