using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Console;

/// <summary>
/// Triage on the console (issue 14): the list sorts by urgency (应急 first, then red, then the oldest unverified report), search
/// finds by number, text, place and the reporter's phone, the KPI strip counts the scope, and an 应急 case shows its age before 立案.
/// </summary>
public sealed class ConsoleTriageTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private static async Task<string> PageAsync(StaffSession session, string path)
    {
        var response = await session.Client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static int RowIndex(string html, long id) => html.IndexOf($"data-case-row=\"{id}\"", StringComparison.Ordinal);

    [Fact]
    public async Task The_list_puts_emergencies_then_overdue_then_the_oldest_unverified_first_and_search_finds_by_number_text_place_and_phone()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var oldUnverified = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "分拣测试：最早的一件未核实");
        await fixture.Database.ScalarAsync<int>("UPDATE case_file SET created_at = now() - interval '5 hours' WHERE id = $1 RETURNING 1", oldUnverified.Id);
        var red = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "分拣测试：已超期的一件");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, red.Id, "verify"));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, red.Id, "accept"));
        await fixture.Database.ScalarAsync<int>(
            "UPDATE case_file SET accepted_at = now() - interval '3 days', deadline_at = now() - interval '1 hour' WHERE id = $1 RETURNING 1", red.Id);
        var newest = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "分拣测试：最新的一件");
        var urgentCategory = await fixture.Database.ScalarAsync<string>("SELECT code FROM case_category WHERE time_unit = 'minute' AND active ORDER BY code LIMIT 1");
        var urgent = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, urgentCategory, "分拣测试：突发事件");
        await fixture.Database.ScalarAsync<int>("UPDATE case_file SET created_at = now() - interval '23 minutes' WHERE id = $1 RETURNING 1", urgent.Id);

        var list = await PageAsync(dispatcher, "/dispatch");
        var order = new[] { urgent.Id, red.Id, oldUnverified.Id, newest.Id }.Select(id => RowIndex(list, id)).ToList();
        order.ShouldAllBe(i => i >= 0);
        order.ShouldBe(order.OrderBy(i => i).ToList(), "应急在前，其次超期，再次最早的未核实，最后其余最新在前");
        // 应急 before 立案: the age of the report is its clock.
        var urgentRow = list[RowIndex(list, urgent.Id)..RowIndex(list, red.Id)];
        // 23 minutes and the seconds this test took: a started minute counts (DeadlineText's one rounding rule).
        urgentRow.ShouldMatch("上报已 2[3-5] 分钟，未立案");
        // Newest first on request.
        var newestFirst = await PageAsync(dispatcher, "/dispatch?sort=newest");
        RowIndex(newestFirst, urgent.Id).ShouldBeLessThan(RowIndex(newestFirst, oldUnverified.Id));
        RowIndex(newestFirst, newest.Id).ShouldBeLessThan(RowIndex(newestFirst, red.Id));
        (await dispatcher.Client.GetAsync("/dispatch?sort=sideways")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // KPI strip: counted over the scope.
        list.ShouldContain("data-kpi=\"new-today\"");
        var open = await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM case_file WHERE starts_with(grid_code, '451027100') AND state IN ('reported','verified','accepted','village_handling','dispatched','pending_check','rework')");
        list.ShouldContain($"data-kpi=\"open\">{open}<");
        list.ShouldContain("data-kpi=\"overdue\">");

        // Search by number (a part of it), by words of the description, by a place name.
        var byNumber = await PageAsync(dispatcher, $"/dispatch?q={red.Number[^8..]}");
        RowIndex(byNumber, red.Id).ShouldBeGreaterThan(0);
        RowIndex(byNumber, newest.Id).ShouldBe(-1);
        var byText = await PageAsync(dispatcher, $"/dispatch?q={Uri.EscapeDataString("最新的一件")}");
        RowIndex(byText, newest.Id).ShouldBeGreaterThan(0);
        RowIndex(byText, red.Id).ShouldBe(-1);
        var gridName = await fixture.Database.ScalarAsync<string>("SELECT name FROM grid WHERE code = $1", ConsoleSession.OwnGrid);
        RowIndex(await PageAsync(dispatcher, $"/dispatch?q={Uri.EscapeDataString(gridName)}&state=all"), red.Id).ShouldBeGreaterThan(0);

        // By the reporter's mobile number (stored encrypted: matched in the app, within the scope).
        using var resident = fixture.NewClient();
        var form = await ResidentForm.OpenAsync(resident, ConsoleSession.OwnGrid);
        (await resident.PostAsync($"/g/{ConsoleSession.OwnGrid}", ResidentForm.Content(form, "分拣测试：留了电话的一件", "E0102", phone: "13700001234")))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var withPhone = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", form.IdempotencyKey);
        var byPhone = await PageAsync(dispatcher, "/dispatch?q=13700001234");
        RowIndex(byPhone, withPhone).ShouldBeGreaterThan(0);
        RowIndex(byPhone, newest.Id).ShouldBe(-1);
        (await dispatcher.Client.GetAsync($"/dispatch?q={new string('长', 51)}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
