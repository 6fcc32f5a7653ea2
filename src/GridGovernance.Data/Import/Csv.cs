using Sylvan.Data.Csv;

namespace GridGovernance.Data.Import;

/// <summary>One record of a CSV file: its row (1-based, the header is row 1, as a spreadsheet numbers them) and its fields.</summary>
public sealed record CsvRecord(int Row, string[] Fields);

/// <summary>
/// The importer's CSV reader (Sylvan.Data.Csv, RFC 4180): comma-separated, quoted fields may hold commas, doubled quotes
/// and line breaks; blank lines are skipped. A malformed file (a quote that never closes, text after a closing quote) ends
/// the reading with <see cref="CsvSyntaxException"/> naming the row.
/// </summary>
public static class Csv
{
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        var options = new CsvDataReaderOptions
        {
            HasHeaders = false, // the importer checks the header row itself, with a Chinese message
            Delimiter = ',',    // never guessed from the first line
            Comment = '\0',     // a row starting with '#' is data (Sylvan's default would drop it as a comment)
            OwnsReader = false,
        };
        using var csv = CsvDataReader.Create(reader, options);
        var row = 0;
        while (Next(csv, row + 1))
        {
            row++;
            var fields = new string[csv.RowFieldCount];
            for (var i = 0; i < fields.Length; i++) fields[i] = csv.GetString(i);
            if (fields is [""]) continue;
            yield return new CsvRecord(row, fields);
        }
    }

    private static bool Next(CsvDataReader csv, int row)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvFormatException e)
        {
            throw new CsvSyntaxException(row, e);
        }
    }
}

/// <summary>The CSV text itself is malformed at <see cref="Row"/> (counted like <see cref="CsvRecord.Row"/>).</summary>
public sealed class CsvSyntaxException(int row, Exception inner) : Exception($"CSV syntax error in row {row}", inner)
{
    public int Row { get; } = row;
}
