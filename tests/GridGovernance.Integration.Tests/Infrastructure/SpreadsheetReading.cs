using MiniExcelLibs;

namespace GridGovernance.Integration.Tests.Infrastructure;

/// <summary>Reads an exported workbook's first sheet back as rows of text, the header row first.</summary>
public static class SpreadsheetReading
{
    public static IReadOnlyList<string[]> ToSheet(this byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        return stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>()
            .Select(row => row.Values.Select(v => v?.ToString() ?? "").ToArray())
            .ToList();
    }
}
