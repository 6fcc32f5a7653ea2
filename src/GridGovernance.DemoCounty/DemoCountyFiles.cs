using GridGovernance.DemoCounty.Divisions;
using GridGovernance.DemoCounty.Output;

namespace GridGovernance.DemoCounty;

/// <summary>Reads the division list, generates the county and writes the importer's files: the one path the CLI and tests share.</summary>
public static class DemoCountyFiles
{
    /// <summary>Where the committed demo's input lies, relative to the repository root.</summary>
    public const string LingyunDivisions = "geodata/source/divisions-451027.csv";

    /// <summary>Where the committed demo lies, relative to the repository root.</summary>
    public const string LingyunOutput = "geodata/lingyun";

    public static DemoTerritory Generate(string divisionsCsv, string outputDirectory, DemoCountyOptions? options = null)
    {
        options ??= DemoCountyOptions.Lingyun;
        var divisions = DivisionCsv.Read(divisionsCsv, options.CountyCode, options.CountyName);
        var territory = DemoCountyGenerator.Generate(divisions, options);
        TerritoryFiles.Write(territory, outputDirectory);
        return territory;
    }
}
