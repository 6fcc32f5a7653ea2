using System.Text;
using GridGovernance.Data.Import;

namespace GridGovernance.Integration.Tests.Import;

/// <summary>
/// The importer's CSV (households.csv, grid-staff.csv) as a spreadsheet writes it: quoted fields with commas, quotes and line
/// breaks, a byte-order mark, and rows that are wrong. Read without a database: these are checks on the files alone.
/// </summary>
public sealed class TerritoryCsvTests : IDisposable
{
    private readonly TerritoryDirectory _directory = TerritoryDirectory.OneTownshipOfTheDemo();

    private string HouseholdsPath => Path.Combine(_directory.Path, TerritoryFiles.HouseholdsFile);

    public void Dispose() => _directory.Dispose();

    /// <summary>Replaces households.csv with its header and <paramref name="rows"/> (raw CSV text each), optionally with a BOM.</summary>
    private void WriteHouseholds(bool bom, params string[] rows)
    {
        var header = File.ReadLines(HouseholdsPath).First();
        File.WriteAllText(HouseholdsPath, string.Join("\r\n", rows.Prepend(header)) + "\r\n", new UTF8Encoding(bom));
    }

    /// <summary>The first two data rows of the demo township, split (the demo's own file has no quoting).</summary>
    private string[][] DemoRows() => File.ReadLines(HouseholdsPath).Skip(1).Take(2).Select(l => l.Split(',')).ToArray();

    [Fact]
    public void Quoted_fields_keep_their_commas_doubled_quotes_and_line_breaks_and_a_BOM_is_not_part_of_the_header()
    {
        var (first, second) = (DemoRows()[0], DemoRows()[1]);
        first[6] = "\"沿河路 1 号,\"\"老街\"\" 2 单元\n后院\"";
        first[3] = "\"#韦某\""; // a field starting with '#' is data, not a comment
        WriteHouseholds(bom: true, string.Join(',', first), string.Join(',', second));

        var files = TerritoryFiles.Read(_directory.Path);

        files.Problems.ShouldBeEmpty(string.Join("\n", files.Problems));
        files.Households.Count.ShouldBe(2);
        files.Households[0].Address.ShouldBe("沿河路 1 号,\"老街\" 2 单元\n后院");
        files.Households[0].HeadName.ShouldBe("#韦某");
        files.Households[0].Line.ShouldBe(2);
        // Rows are counted as a spreadsheet shows them: the line break inside the quotes does not make a new row.
        files.Households[1].Line.ShouldBe(3);
        files.Households[1].Code.ShouldBe(second[0]);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_columns_is_listed_with_its_file_and_row_and_the_others_are_still_read()
    {
        var (first, second) = (DemoRows()[0], DemoRows()[1]);
        WriteHouseholds(bom: false, string.Join(',', first.Take(8)), string.Join(',', second) + ",多余", string.Join(',', second));

        var files = TerritoryFiles.Read(_directory.Path);

        files.Problems.ShouldContain(p => p.File == "households.csv" && p.Message == "第 2 行有 8 列，应为 9 列");
        files.Problems.ShouldContain(p => p.File == "households.csv" && p.Message == "第 3 行有 10 列，应为 9 列");
        files.Problems.ShouldContain(p => p.ToString().StartsWith("households.csv: 第 2 行", StringComparison.Ordinal));
        files.Households.Select(h => h.Line).ShouldBe([4]);
    }

    [Fact]
    public void A_quote_that_never_closes_is_reported_in_Chinese_with_its_row()
    {
        var (first, second) = (DemoRows()[0], DemoRows()[1]);
        first[6] = "\"沿河路 1 号";
        WriteHouseholds(bom: false, string.Join(',', second), string.Join(',', first), string.Join(',', second));

        var files = TerritoryFiles.Read(_directory.Path);

        files.Problems.ShouldContain(p => p.File == "households.csv" && p.Message.StartsWith("第 3 行附近不是有效的 CSV", StringComparison.Ordinal),
            string.Join("\n", files.Problems));
        files.Households.Select(h => h.Line).ShouldBe([2]);
    }

    [Fact]
    public void A_header_with_a_missing_column_is_refused_naming_the_expected_columns()
    {
        File.WriteAllText(Path.Combine(_directory.Path, TerritoryFiles.StaffFile), "\uFEFFgrid_code,role,name\r\n451027100001001,grid_head,某某\r\n");

        var files = TerritoryFiles.Read(_directory.Path);

        files.Problems.ShouldContain(p => p.File == "grid-staff.csv" && p.Message == "表头应为 grid_code,role,name,phone，实际为 grid_code,role,name");
        files.Staff.ShouldBeEmpty();
    }
}
