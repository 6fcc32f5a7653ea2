using System.Text.Json;
using GridGovernance.DemoCounty;
using NetTopologySuite.Geometries;

namespace GridGovernance.Domain.Tests.DemoCounty;

/// <summary>The committed geodata/lingyun files, parsed once for all tests (independently of the generator's writer).</summary>
internal sealed class CommittedDemo
{
    private static readonly Lazy<CommittedDemo> Instance = new(() => new CommittedDemo(RepositoryRoot.Combine(DemoCountyFiles.LingyunOutput)));

    private CommittedDemo(string directory)
    {
        Directory = directory;
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        County = GeoJson.Read(System.IO.Path.Combine(directory, "county.geojson"), factory);
        Townships = GeoJson.Read(System.IO.Path.Combine(directory, "townships.geojson"), factory);
        Villages = GeoJson.Read(System.IO.Path.Combine(directory, "villages.geojson"), factory);
        Grids = GeoJson.Read(System.IO.Path.Combine(directory, "grids.geojson"), factory);
        LinkUnits = GeoJson.Read(System.IO.Path.Combine(directory, "link-units.geojson"), factory);
        Households = Csv.Read(System.IO.Path.Combine(directory, "households.csv"));
        GridStaff = Csv.Read(System.IO.Path.Combine(directory, "grid-staff.csv"));
    }

    public static CommittedDemo Load() => Instance.Value;

    public string Directory { get; }

    public GeoJson.Collection County { get; }

    public GeoJson.Collection Townships { get; }

    public GeoJson.Collection Villages { get; }

    public GeoJson.Collection Grids { get; }

    public GeoJson.Collection LinkUnits { get; }

    public Csv.Table Households { get; }

    public Csv.Table GridStaff { get; }
}

internal static class GeoJson
{
    public sealed record Collection(bool HasCrsMember, IReadOnlyList<Feature> Features);

    public sealed record Feature(IReadOnlyDictionary<string, string> Properties, bool? Demo, NetTopologySuite.Geometries.Geometry Geometry)
    {
        public string Code => Properties["code"];

        public string? Parent => Properties.GetValueOrDefault("parent");
    }

    public static Collection Read(string path, GeometryFactory factory)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        root.GetProperty("type").GetString().ShouldBe("FeatureCollection");
        var features = root.GetProperty("features").EnumerateArray().Select(f => ReadFeature(f, factory)).ToList();
        return new Collection(root.TryGetProperty("crs", out _), features);
    }

    private static Feature ReadFeature(JsonElement feature, GeometryFactory factory)
    {
        var properties = new Dictionary<string, string>();
        bool? demo = null;
        foreach (var property in feature.GetProperty("properties").EnumerateObject())
        {
            if (property.Name == "demo")
            {
                demo = property.Value.ValueKind == JsonValueKind.True;
            }
            else
            {
                properties[property.Name] = property.Value.GetString()!;
            }
        }

        return new Feature(properties, demo, ReadGeometry(feature.GetProperty("geometry"), factory));
    }

    private static NetTopologySuite.Geometries.Geometry ReadGeometry(JsonElement geometry, GeometryFactory factory)
    {
        var coordinates = geometry.GetProperty("coordinates");
        return geometry.GetProperty("type").GetString() switch
        {
            "Point" => factory.CreatePoint(Position(coordinates)),
            "Polygon" => Polygon(coordinates, factory),
            "MultiPolygon" => factory.CreateMultiPolygon(coordinates.EnumerateArray().Select(p => Polygon(p, factory)).ToArray()),
            var other => throw new InvalidDataException($"Unexpected geometry type {other}."),
        };
    }

    private static Polygon Polygon(JsonElement rings, GeometryFactory factory)
    {
        var all = rings.EnumerateArray().Select(r => factory.CreateLinearRing(r.EnumerateArray().Select(Position).ToArray())).ToArray();
        return factory.CreatePolygon(all[0], all[1..]);
    }

    private static Coordinate Position(JsonElement position)
    {
        var values = position.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        values.Length.ShouldBe(2);
        return new Coordinate(values[0], values[1]);
    }
}

internal static class Csv
{
    public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows);

    /// <summary>Plain comma splitting: the demo files hold no quoted fields, and a test asserts that.</summary>
    public static Table Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1)
            .Select(l => l.Split(','))
            .Select(f => (IReadOnlyDictionary<string, string>)header.Zip(f).ToDictionary(p => p.First, p => p.Second))
            .ToList();
        return new Table(header, rows);
    }
}
