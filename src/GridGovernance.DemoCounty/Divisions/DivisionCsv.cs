using System.Globalization;

namespace GridGovernance.DemoCounty.Divisions;

/// <summary>
/// Reads one county from a divisions CSV (columns county_code, township_code, township_name, village_code,
/// village_name; see /work/shared/data/PROVENANCE.md). The CSV carries no county name, so the caller names it.
/// </summary>
public static class DivisionCsv
{
    private const string Header = "county_code,township_code,township_name,village_code,village_name";

    public static DivisionCounty Read(string path, string countyCode, string countyName)
    {
        using var reader = new StreamReader(path);
        return Read(reader, countyCode, countyName);
    }

    public static DivisionCounty Read(TextReader reader, string countyCode, string countyName)
    {
        var header = reader.ReadLine()?.TrimStart('\uFEFF').TrimEnd('\r');
        if (header != Header)
        {
            throw new FormatException($"Expected the header '{Header}', found '{header}'.");
        }

        var townships = new List<(string Code, string Name, List<DivisionVillage> Villages)>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            line = line.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 5)
            {
                throw new FormatException($"Line {lineNumber}: expected 5 fields, found {fields.Length}.");
            }

            if (fields[0] != countyCode)
            {
                continue;
            }

            var (townshipCode, townshipName, villageCode, villageName) = (fields[1], fields[2], fields[3], fields[4]);
            RequireCode(townshipCode, 9, countyCode, lineNumber);
            RequireCode(villageCode, 12, townshipCode, lineNumber);
            if (townships.Count == 0 || townships[^1].Code != townshipCode)
            {
                if (townships.Any(t => t.Code == townshipCode))
                {
                    throw new FormatException($"Line {lineNumber}: township {townshipCode} is not contiguous in the file.");
                }

                townships.Add((townshipCode, townshipName, new List<DivisionVillage>()));
            }

            townships[^1].Villages.Add(new DivisionVillage(villageCode, villageName));
        }

        if (townships.Count == 0)
        {
            throw new FormatException($"No rows for county {countyCode}.");
        }

        // Stable output ordering is by code, whatever the file's order.
        return new DivisionCounty(
            countyCode,
            countyName,
            townships.OrderBy(t => t.Code, StringComparer.Ordinal)
                .Select(t => new DivisionTownship(t.Code, t.Name, t.Villages.OrderBy(v => v.Code, StringComparer.Ordinal).ToList()))
                .ToList());
    }

    private static void RequireCode(string code, int length, string parent, int lineNumber)
    {
        if (code.Length != length || !code.All(char.IsAsciiDigit) || !code.StartsWith(parent, StringComparison.Ordinal))
        {
            throw new FormatException(string.Create(
                CultureInfo.InvariantCulture, $"Line {lineNumber}: '{code}' is not a {length}-digit code under {parent}."));
        }
    }
}
