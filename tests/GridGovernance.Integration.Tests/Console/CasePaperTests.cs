using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Console;

/// <summary>Paper for a case (issue 14): the printable 案卷 and the 督办单, scoped like the case drawer.</summary>
public sealed class CasePaperTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    [Fact]
    public async Task The_case_file_holds_the_facts_the_timeline_and_signature_lines_on_A4_and_a_case_outside_reads_as_missing()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var mine = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "案卷测试：菜市场北门垃圾");
        (await ConsoleSession.ActAsync(dispatcher, mine.Id, "verify")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var elsewhere = await ConsoleSession.ReportAsync(fixture, await ConsoleSession.OtherTownshipGridAsync(fixture), "E0102", "案卷测试：外镇");

        using var file = await dispatcher.Client.GetAsync($"/dispatch/cases/{mine.Id}/file");
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await file.Content.ReadAsStringAsync();
        html.ShouldContain(mine.Number);
        html.ShouldContain("案卷测试：菜市场北门垃圾");
        html.ShouldContain("核实");                  // the timeline
        html.ShouldContain("经办人（签字）");
        html.ShouldContain("/css/paper.css");

        (await dispatcher.Client.GetAsync($"/dispatch/cases/{elsewhere.Id}/file")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await dispatcher.Client.GetAsync($"/dispatch/cases/{elsewhere.Id}/supervision-sheet")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_supervision_sheet_names_the_township_and_the_case_and_has_a_receipt_and_a_grid_worker_may_not_print_it()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var mine = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "督办单测试");

        using var sheet = await dispatcher.Client.GetAsync($"/dispatch/cases/{mine.Id}/supervision-sheet");
        sheet.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await sheet.Content.ReadAsStringAsync();
        html.ShouldContain("督 办 单");
        html.ShouldContain(mine.Number);
        html.ShouldContain("泗城镇");
        html.ShouldContain("回　执");

        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        (await worker.Client.GetAsync($"/dispatch/cases/{mine.Id}/supervision-sheet")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
