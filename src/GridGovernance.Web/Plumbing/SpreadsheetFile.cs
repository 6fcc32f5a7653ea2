namespace GridGovernance.Web.Plumbing;

/// <summary>The two spreadsheet formats an export is offered in; the URL's extension picks one.</summary>
internal enum SpreadsheetFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// One table, offered as CSV (<see cref="SpreadsheetCsv"/>) or xlsx (<see cref="SpreadsheetXlsx"/>): the endpoints build the
/// table once and this picks the writer, the content type and the file's extension.
/// </summary>
internal static class SpreadsheetFile
{
    public static IResult Result(SpreadsheetFormat format, string title, IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows) =>
        format switch
        {
            SpreadsheetFormat.Xlsx => Results.File(SpreadsheetXlsx.Write(title, headers, rows), SpreadsheetXlsx.ContentType, title + ".xlsx"),
            _ => Results.File(SpreadsheetCsv.Write(headers, rows), SpreadsheetCsv.ContentType, title + ".csv"),
        };
}
