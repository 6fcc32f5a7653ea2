using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace GridGovernance.Web.Plumbing;

/// <summary>
/// A table as an Excel workbook (.xlsx, MiniExcel), the one writer of every "导出 Excel": one sheet, the header row frozen
/// and filterable, columns sized to their text. Cells are written as text, never as formulas, so the CSV writer's
/// formula guard is not needed here; numbers stay as the page shows them ("80.0%", "—"), which is what the table means.
/// </summary>
internal static class SpreadsheetXlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly OpenXmlConfiguration Layout = new()
    {
        FreezeRowCount = 1,
        AutoFilter = true,
        EnableAutoWidth = true,
        FastMode = true, // MiniExcel sizes columns only in fast mode (it measures while writing)
        TableStyles = TableStyles.Default,
    };

    public static byte[] Write(string sheetName, IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows)
    {
        var columns = headers.ToArray();
        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Length)
            throw new ArgumentException("Spreadsheet headers must be unique: " + string.Join(",", columns), nameof(headers));
        var records = rows.Select(row =>
        {
            var record = new Dictionary<string, object?>(columns.Length, StringComparer.Ordinal);
            var i = 0;
            foreach (var value in row) record[columns[i++]] = value;
            return record;
        });
        using var stream = new MemoryStream();
        stream.SaveAs(records, printHeader: true, sheetName: SheetName(sheetName), excelType: ExcelType.XLSX, configuration: Layout);
        return stream.ToArray();
    }

    /// <summary>Excel refuses a sheet name over 31 characters or with any of : \ / ? * [ ].</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Select(c => c is ':' or '\\' or '/' or '?' or '*' or '[' or ']' ? '_' : c).ToArray());
        return clean.Length <= 31 ? clean : clean[..31];
    }
}
