using System.Text;

namespace GridGovernance.DemoCounty.Output;

/// <summary>UTF-8 (no BOM) CSV with a header row and LF line ends; fields are quoted only when they must be.</summary>
public static class CsvFile
{
    public static void Write(Stream stream, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', header.Select(Field)));
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join(',', row.Select(Field)));
        }
    }

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
