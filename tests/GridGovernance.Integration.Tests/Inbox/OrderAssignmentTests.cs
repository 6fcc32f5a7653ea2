using System.Net;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Field;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Inbox;

/// <summary>
/// Inside a department (issue 14): a staff member takes an order, only the unit's head assigns it to someone else, nobody outside
/// the unit does either; 转派 goes to a unit of the same department only, and the order then belongs to that unit.
/// </summary>
public sealed partial class OrderAssignmentTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private const string Police = "451027100-police";

    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)""")]
    private static partial Regex TokenPattern();

    private static async Task<HttpResponseMessage> PostAsync(StaffSession session, long orderId, string path, params (string Name, string Value)[] fields)
    {
        var html = await (await session.Client.GetAsync($"/inbox/orders/{orderId}")).Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        if (token.Length == 0) token = WebUtility.HtmlDecode(TokenPattern().Match(await (await session.Client.GetAsync("/inbox")).Content.ReadAsStringAsync()).Groups[1].Value);
        var form = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("requestKey", DispatchApi.NewKey()) };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await session.Client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    private async Task<long> PoliceOrderAsync(StaffSession dispatcher)
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var caseId = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), fixture.Inside, category: "E0502", description: "派单测试：车辆乱停堵塞消防通道")));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "accept"));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "dispatch", new { units = new[] { Police } }));
        return await fixture.Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1 AND unit_code = $2", caseId, Police);
    }

    [Fact]
    public async Task A_staff_member_takes_an_order_the_head_assigns_it_and_nobody_outside_the_unit_does_either()
    {
        await fixture.Database.AddStaffAsync("police-head", "派出所所长", "department_staff", Police, passwordOf: "dept-police");
        await fixture.Database.ScalarAsync<int>("UPDATE staff_account SET unit_head = true WHERE username = 'police-head' RETURNING 1");
        await fixture.Database.AddStaffAsync("police-two", "民警乙", "department_staff", Police, passwordOf: "dept-police");
        var two = await fixture.Database.ScalarAsync<long>("SELECT id FROM staff_account WHERE username = 'police-two'");
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var order = await PoliceOrderAsync(dispatcher);

        using var officer = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        var page = await (await officer.Client.GetAsync($"/inbox/orders/{order}")).Content.ReadAsStringAsync();
        page.ShouldContain("尚未派单到人。");
        page.ShouldContain("data-return-reason");
        // An ordinary officer takes it, may not hand it to a colleague.
        (await PostAsync(officer, order, $"/inbox/orders/{order}/assign")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var me = await fixture.Database.ScalarAsync<long>("SELECT id FROM staff_account WHERE username = 'dept-police'");
        (await fixture.Database.ScalarAsync<long>("SELECT assignee_account_id FROM work_order WHERE id = $1", order)).ShouldBe(me);
        (await PostAsync(officer, order, $"/inbox/orders/{order}/assign", ("assignee", two.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // A colleague cannot take it over; the head can reassign it.
        using var colleague = await StaffSession.Start(fixture.Factory).LoggedInAsync("police-two");
        (await PostAsync(colleague, order, $"/inbox/orders/{order}/assign")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        using var head = await StaffSession.Start(fixture.Factory).LoggedInAsync("police-head");
        (await PostAsync(head, order, $"/inbox/orders/{order}/assign", ("assignee", two.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await fixture.Database.ScalarAsync<long>("SELECT assignee_account_id FROM work_order WHERE id = $1", order)).ShouldBe(two);
        (await fixture.Database.ScalarAsync<string>("SELECT note FROM case_timeline WHERE work_order_id = $1 AND action = 'assign' ORDER BY id DESC LIMIT 1", order))
            .ShouldContain("派单给 民警乙");
        // The head may not assign outside the unit, and another unit's staff cannot even see the order.
        var chengguanStaff = await fixture.Database.ScalarAsync<long>("SELECT id FROM staff_account WHERE username = 'dept-chengguan'");
        (await PostAsync(head, order, $"/inbox/orders/{order}/assign", ("assignee", chengguanStaff.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var chengguan = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-chengguan");
        (await PostAsync(chengguan, order, $"/inbox/orders/{order}/assign")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_order_is_passed_to_another_unit_of_the_same_department_only_and_then_belongs_to_it()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var order = await PoliceOrderAsync(dispatcher);
        using var officer = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        var otherStation = await fixture.Database.ScalarAsync<string>(
            "SELECT t.code FROM department_unit t JOIN department_unit u ON u.code = $1 WHERE t.department_code = u.department_code AND t.county_code = u.county_code AND t.code <> u.code AND t.active ORDER BY t.code LIMIT 1",
            Police);
        (await (await officer.Client.GetAsync($"/inbox/orders/{order}")).Content.ReadAsStringAsync()).ShouldContain($"<option value=\"{otherStation}\"");

        // Another department's unit: refused.
        (await PostAsync(officer, order, $"/inbox/orders/{order}/reassign", ("unit", "451027-chengguan"), ("reason", "不归我们管")))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await fixture.Database.ScalarAsync<string>("SELECT unit_code FROM work_order WHERE id = $1", order)).ShouldBe(Police);

        var moved = await PostAsync(officer, order, $"/inbox/orders/{order}/reassign", ("unit", otherStation), ("reason", "案发地属邻近派出所辖区"));
        moved.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await fixture.Database.ScalarAsync<string>("SELECT unit_code || '|' || state FROM work_order WHERE id = $1", order)).ShouldBe($"{otherStation}|pending");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM notification WHERE work_order_id = $1 AND kind = 'reassign' AND recipient_scope = $2",
            order, otherStation)).ShouldBe(1);
        // Theirs now: the police station no longer acts on it.
        (await PostAsync(officer, order, $"/inbox/orders/{order}/assign")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await fixture.Database.AddStaffAsync("other-station", "邻所民警", "department_staff", otherStation, passwordOf: "dept-police");
        using var neighbour = await StaffSession.Start(fixture.Factory).LoggedInAsync("other-station");
        (await neighbour.Client.GetAsync($"/inbox/orders/{order}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Notices: 全部已读 marks every notice of the unit read.
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM notification WHERE recipient_scope = $1 AND read_at IS NULL", otherStation)).ShouldBeGreaterThan(0);
        (await PostAsync(neighbour, order, "/inbox/notices/read")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM notification WHERE recipient_scope = $1 AND read_at IS NULL", otherStation)).ShouldBe(0);
    }
}
