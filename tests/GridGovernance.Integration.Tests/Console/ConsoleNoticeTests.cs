using System.Net;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Field;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Console;

public sealed class ConsoleNoticeTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    /// <summary>A case the grid worker reports from the field in their own grid (in 泗城镇, the demo dispatcher's township).</summary>
    private async Task<long> WorkerReportAsync(string description)
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        return FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), fixture.Inside, category: "E0102", description: description)));
    }

    [Fact]
    public async Task A_returned_order_reaches_the_dispatcher_as_an_unread_notice_that_is_read_once_shown()
    {
        var caseId = await WorkerReportAsync("路口垃圾堆放未清运");
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

    [Fact]
    public async Task All_read_on_the_server_rendered_console_marks_a_notice_that_came_after_the_page_read_and_comes_back()
    {
        var caseId = await WorkerReportAsync("桥头垃圾桶满溢");
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var page = await dispatcher.Client.GetStringAsync($"/dispatch?state=all&case={caseId}");
        page.ShouldContain("data-all-read-form");
        page.ShouldContain($"action=\"/dispatch/notices/read?state=all&amp;case={caseId}\"");
        var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)").Groups[1].Value);
        token.ShouldNotBeEmpty();

        // Notices that arrive after the page was shown (so showing did not mark them), more than the panel lists: to the
        // township and to one of its grids; and one to another township.
        Task<long> NoticeAsync(string scope, string message) => fixture.Database.ScalarAsync<long>(
            "INSERT INTO notification (recipient_scope, case_id, kind, message) VALUES ($1, $2, 'supervise', $3) RETURNING id", scope, caseId, message);
        var mine = new List<long>();
        for (var i = 1; i <= 22; i++) mine.Add(await NoticeAsync(i % 2 == 0 ? "451027100" : ConsoleSession.OwnGrid, $"督办：请尽快处理（{i}）"));
        var others = await NoticeAsync("451027101", "督办：他镇的通知");
        Task<long> UnreadAsync(IEnumerable<long> ids) =>
            fixture.Database.ScalarAsync<long>("SELECT count(*) FROM notification WHERE id = ANY($1) AND read_at IS NULL", ids.ToArray());

        // A forged post (no token) answers the page with its refusal, which — showing the 20 newest — marks only those.
        var forged = await dispatcher.Client.PostAsync("/dispatch/notices/read", new FormUrlEncodedContent([new("x", "1")]));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await forged.Content.ReadAsStringAsync()).ShouldContain("页面已过期或来源无法验证");
        (await UnreadAsync(mine)).ShouldBe(2, "页面只列出最新的 20 条通知");

        var read = await dispatcher.Client.PostAsync($"/dispatch/notices/read?state=all&case={caseId}",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        read.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        read.Headers.Location!.OriginalString.ShouldBe($"/dispatch?state=all&case={caseId}&done=notices_read");
        (await UnreadAsync(mine)).ShouldBe(0);
        (await UnreadAsync([others])).ShouldBe(1, "另一乡镇的通知不应被标为已读");
        var back = await dispatcher.Client.GetStringAsync(read.Headers.Location.OriginalString);
        back.ShouldContain("已将全部通知标为已读。");
        back.ShouldNotContain("data-unread-count");
    }
}
