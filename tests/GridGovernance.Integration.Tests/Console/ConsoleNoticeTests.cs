using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Field;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Console;

public sealed class ConsoleNoticeTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    [Fact]
    public async Task A_returned_order_reaches_the_dispatcher_as_an_unread_notice_that_is_read_once_shown()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var caseId = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), fixture.Inside, category: "E0102", description: "路口垃圾堆放未清运")));
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "accept"));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "dispatch", new { units = new[] { "451027100-police" } }));
        using var police = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        var order = await fixture.Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1", caseId);
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(police, order, "return", reason: "不属公安职责"));

        var first = await dispatcher.Client.GetStringAsync("/dispatch");
        first.ShouldContain("退单：不属公安职责");
        first.ShouldContain("data-unread-count");
        first.ShouldContain($"/dispatch?case={caseId}");
        // The department's own notices stay in its inbox.
        first.ShouldNotContain("派遣：案件");

        var second = await dispatcher.Client.GetStringAsync("/dispatch");
        second.ShouldContain("退单：不属公安职责");
        second.ShouldNotContain("data-unread-count");
    }
}
