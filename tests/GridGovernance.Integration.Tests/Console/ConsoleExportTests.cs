using System.Net;
using System.Text;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Intake;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Console;

/// <summary>The console's list as a spreadsheet file: the page's filter and scope, every page, Excel-ready, no personal data.</summary>
public sealed class ConsoleExportTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    [Fact]
    public async Task The_export_holds_the_filtered_list_of_the_scope_with_a_BOM_and_Chinese_headers_and_no_phone_or_description()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var mine = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "导出测试：本镇的一件，电话 13712345678");
        var elsewhere = await ConsoleSession.ReportAsync(fixture, await ConsoleSession.OtherTownshipGridAsync(fixture), "E0102", "导出测试：外镇的一件");

        using var response = await dispatcher.Client.GetAsync("/dispatch/export.csv?state=reported");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(Encoding.UTF8.GetPreamble());
        var text = Encoding.UTF8.GetString(bytes.AsSpan(3));
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("案件编号,问题类别,状态,村（社区）,网格,上报时间,时限状态,剩余/超时,督办次数,应急");
        lines.ShouldContain(l => l.StartsWith(mine.Number + ",", StringComparison.Ordinal) && l.Contains(",已上报,", StringComparison.Ordinal));
        text.ShouldNotContain(elsewhere.Number);
        text.ShouldNotContain("13712345678");
        text.ShouldNotContain("导出测试");
        // Only the filter's state: every row is 已上报.
        lines.Skip(1).ShouldAllBe(l => l.Contains(",已上报,"));
    }

    [Fact]
    public async Task The_xlsx_export_is_a_workbook_with_the_same_columns_and_rows_as_the_csv()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var mine = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "导出 Excel：本镇的一件，电话 13712345679");

        using var xlsx = await dispatcher.Client.GetAsync("/dispatch/export.xlsx?state=reported");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        xlsx.Content.Headers.ContentDisposition!.FileNameStar.ShouldEndWith(".xlsx");
        var sheet = (await xlsx.Content.ReadAsByteArrayAsync()).ToSheet();
        sheet[0].ShouldBe(["案件编号", "问题类别", "状态", "村（社区）", "网格", "上报时间", "时限状态", "剩余/超时", "督办次数", "应急"]);
        sheet.ShouldContain(row => row[0] == mine.Number && row[2] == "已上报");
        sheet.SelectMany(row => row).ShouldNotContain(cell => cell.Contains("13712345679") || cell.Contains("导出 Excel"));

        // The same list as the CSV of the same filter, cell for cell.
        using var csv = await dispatcher.Client.GetAsync("/dispatch/export.csv?state=reported");
        var csvLines = Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync()).AsSpan(3)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        sheet.Select(row => string.Join(",", row)).ShouldBe(csvLines);
    }

    [Fact]
    public async Task A_filter_the_console_does_not_understand_is_a_Chinese_400()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        using var response = await dispatcher.Client.GetAsync("/dispatch/export.csv?state=nonsense");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("detail");
    }
}
