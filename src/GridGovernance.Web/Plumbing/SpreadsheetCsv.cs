using System.Text;

namespace GridGovernance.Web.Plumbing;

/// <summary>
/// A table as CSV for Excel and WPS, the one writer of every "导出 CSV": UTF-8 with a BOM (without it Excel on Chinese Windows
/// reads the headers as GBK and shows mojibake), CRLF lines, fields quoted when they hold a comma, quote or line break, and a
/// leading apostrophe for cells a spreadsheet would run as a formula (CSV injection). Not for files a program reads back —
/// the territory export keeps the importer's plain RFC 4180.
/// </summary>
internal static class SpreadsheetCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static byte[] Write(IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows)
    {
        var text = new StringBuilder();
        Line(text, headers);
        foreach (var row in rows) Line(text, row);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void Line(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(',', fields.Select(Field));
        text.Append("\r\n");
    }

    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '@' || (value.Length > 1 && value[0] == '-' && !char.IsDigit(value[1])))
            value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
