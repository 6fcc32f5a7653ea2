using System.Globalization;
using NetTopologySuite.Geometries;

namespace GridGovernance.DemoCounty.Output;

/// <summary>Writes a territory as the directory the importer reads (geodata/FORMAT.md).</summary>
public static class TerritoryFiles
{
    public static readonly IReadOnlyList<string> Names =
    [
        "county.geojson", "townships.geojson", "villages.geojson", "grids.geojson", "link-units.geojson", "households.csv", "grid-staff.csv",
    ];

    public static void Write(DemoTerritory territory, string directory)
    {
        Directory.CreateDirectory(directory);
        WriteGeoJson(directory, "county.geojson", [Area(territory.County)]);
        WriteGeoJson(directory, "townships.geojson", territory.Townships.Select(Area));
        WriteGeoJson(directory, "villages.geojson", territory.Villages.Select(Area));
        WriteGeoJson(directory, "grids.geojson", territory.Grids.Select(g => Area(g, kind: "comprehensive")));
        WriteGeoJson(directory, "link-units.geojson", territory.LinkUnits.Select(LinkUnit));
        WriteCsv(
            directory,
            "households.csv",
            ["code", "grid_code", "link_unit_code", "head_name", "members", "phone", "address", "lng", "lat"],
            territory.Households.Select(h => (IReadOnlyList<string>)
            [
                h.Code, h.GridCode, h.LinkUnitCode, h.HeadName, h.Members.ToString(CultureInfo.InvariantCulture), h.Phone, h.Address,
                CoordinateText.Format(h.Location.X), CoordinateText.Format(h.Location.Y),
            ]));
        WriteCsv(
            directory,
            "grid-staff.csv",
            ["grid_code", "role", "name", "phone"],
            territory.GridStaff.Select(s => (IReadOnlyList<string>)[s.GridCode, s.Role, s.Name, s.Phone]));
    }

    private static GeoJsonFile.Feature Area(AreaFeature area) => Area(area, kind: null);

    private static GeoJsonFile.Feature Area(AreaFeature area, string? kind)
    {
        var properties = new List<KeyValuePair<string, object>> { new("code", area.Code), new("name", area.Name) };
        if (area.Parent is not null)
        {
            properties.Add(new("parent", area.Parent));
        }

        if (kind is not null)
        {
            properties.Add(new("kind", kind));
        }

        properties.Add(new("demo", true));
        return new GeoJsonFile.Feature(properties, area.Shape);
    }

    private static GeoJsonFile.Feature LinkUnit(LinkUnitFeature unit) => new(
        [new("code", unit.Code), new("name", unit.Name), new("parent", unit.Parent), new("leader", unit.Leader), new("demo", true)],
        new Point(unit.Location));

    private static void WriteGeoJson(string directory, string name, IEnumerable<GeoJsonFile.Feature> features)
    {
        using var stream = File.Create(Path.Combine(directory, name));
        GeoJsonFile.Write(stream, features);
    }

    private static void WriteCsv(string directory, string name, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var stream = File.Create(Path.Combine(directory, name));
        CsvFile.Write(stream, header, rows);
    }
}
