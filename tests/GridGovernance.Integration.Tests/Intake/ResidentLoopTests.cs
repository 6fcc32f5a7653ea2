using System.Net;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;

namespace GridGovernance.Integration.Tests.Intake;

/// <summary>
/// The resident's loop after the report: finding the case again by its number and phone (one answer for every miss), pressing
/// for it once a day (催办), and a 不满意 rating that sends the closed case back to rework, counted against the unit.
/// </summary>
public sealed partial class ResidentLoopTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private const string Phone = "13912345678";
    private const string Chengguan = "451027-chengguan";

    [GeneratedRegex("""data-lookup-message>([^<]*)<""")]
    private static partial Regex LookupMessagePattern();

    private async Task<(HttpClient Client, string Number, string TrackingPath, long Id)> ReportAsync(string description, string? phone = Phone)
    {
        var client = fixture.NewClient();
        var form = await ResidentForm.OpenAsync(client, fixture.GridCode);
        var html = await (await client.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(form, description, phone: phone))).Content.ReadAsStringAsync();
        var id = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", form.IdempotencyKey);
        return (client, ResidentForm.NumberIn(html)!, ResidentForm.TrackingPathIn(html)!, id);
    }

    private static async Task<HttpResponseMessage> LookUpAsync(HttpClient client, string number, string phone)
    {
        var page = await client.GetStringAsync("/t");
        var token = Regex.Match(page, """name="__RequestVerificationToken" value="([^"]+)""").Groups[1].Value;
        return await client.PostAsync("/t", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["number"] = number, ["phone"] = phone,
        }));
    }

    private static async Task<HttpResponseMessage> PostOnTrackingAsync(HttpClient client, string path, string action, Dictionary<string, string>? fields = null)
    {
        var page = await client.GetStringAsync(path);
        var token = Regex.Match(page, """name="__RequestVerificationToken" value="([^"]+)""").Groups[1].Value;
        var form = new Dictionary<string, string>(fields ?? []) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync($"{path}/{action}", new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task A_case_is_found_by_its_number_and_phone_and_a_wrong_phone_an_unknown_number_and_an_anonymous_case_get_one_answer()
    {
        var (client, number, trackingPath, _) = await ReportAsync("楼下烧烤摊油烟很大，晚上十一点还在营业");
        using (client)
        {
            (await client.GetStringAsync("/t")).ShouldContain("查询办理进度");
            var found = await LookUpAsync(client, number, Phone);
            found.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
            found.Headers.Location!.OriginalString.ShouldBe(trackingPath);
            (await LookUpAsync(client, number.ToLowerInvariant(), Phone)).Headers.Location!.OriginalString.ShouldBe(trackingPath);

            var (anonymousClient, anonymousNumber, _, _) = await ReportAsync("匿名反映：路灯不亮", phone: null);
            anonymousClient.Dispose();
            var unknownNumber = number[..^4] + (number[^4..] == "9999" ? "9998" : "9999");
            var answers = new List<(HttpStatusCode Status, string Message, string Body)>();
            foreach (var (n, p) in new[] { (number, "13900000000"), (unknownNumber, Phone), (anonymousNumber, Phone) })
            {
                var response = await LookUpAsync(client, n, p);
                var body = await response.Content.ReadAsStringAsync();
                answers.Add((response.StatusCode, LookupMessagePattern().Match(body).Groups[1].Value, body));
            }
            answers.ShouldAllBe(a => a.Status == HttpStatusCode.NotFound);
            answers.Select(a => a.Message).Distinct().ShouldHaveSingleItem().ShouldStartWith("未查到与该案件编号和手机号相符的案件");
            answers.ShouldAllBe(a => !a.Body.Contains(trackingPath, StringComparison.Ordinal));

            var malformed = await LookUpAsync(client, "E123", Phone);
            malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await malformed.Content.ReadAsStringAsync()).ShouldContain("17 位案件编号");
        }
    }

    [Fact]
    public async Task A_resident_presses_for_an_open_case_once_a_day_and_the_grid_and_township_are_told()
    {
        var (client, number, trackingPath, id) = await ReportAsync("垃圾桶满了三天没人清运");
        using (client)
        {
            (await client.GetStringAsync(trackingPath)).ShouldContain("data-remind");
            var first = await PostOnTrackingAsync(client, trackingPath, "remind");
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await first.Content.ReadAsStringAsync()).ShouldContain("已催办");
            var second = await PostOnTrackingAsync(client, trackingPath, "remind");
            second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await second.Content.ReadAsStringAsync()).ShouldContain("今天已经催办过了");

            (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1 AND action = 'remind'", id)).ShouldBe(1);
            (await fixture.Database.ScalarAsync<string>(
                "SELECT string_agg(recipient_scope, ',' ORDER BY recipient_scope) FROM notification WHERE case_id = $1 AND kind = 'remind'", id))
                .ShouldBe($"{fixture.GridCode[..9]},{fixture.GridCode}");
            using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
            (await worker.Client.GetStringAsync("/field/notices")).ShouldContain($"群众催办：案件 {number}");
        }
    }

    [Fact]
    public async Task Dissatisfied_reopens_a_closed_case_for_rework_counted_against_the_unit_and_staff_see_the_comment()
    {
        var (client, _, trackingPath, id) = await ReportAsync("小区门口垃圾堆了三天没人清运");
        using (client)
        using (var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker"))
        using (var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher"))
        using (var department = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-chengguan"))
        {
            foreach (var (session, action, extra) in new (StaffSession, string, object?)[]
                     { (worker, "verify", null), (dispatcher, "accept", null), (dispatcher, "dispatch", new { units = new[] { Chengguan } }) })
                (await DispatchApi.CaseAsync(session, id, action, extra)).StatusCode.ShouldBe(HttpStatusCode.OK, action);
            var order = await fixture.Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1", id);
            foreach (var action in new[] { "sign", "start" }) await DispatchApi.StateOf(await DispatchApi.OrderAsync(department, order, action));
            await DispatchApi.StateOf(await DispatchApi.OrderAsync(department, order, "feedback", reason: "已清运", photos: 1));
            (await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, id, "check_pass"))).ShouldBe("closed");

            // Closed: the rating form is the first thing on the page, before the facts and the timeline.
            var closedPage = await client.GetStringAsync(trackingPath);
            closedPage.IndexOf("评价本次处理", StringComparison.Ordinal).ShouldBeLessThan(closedPage.IndexOf("data-case-number", StringComparison.Ordinal));
            closedPage.ShouldNotContain("data-remind");

            var rated = await PostOnTrackingAsync(client, trackingPath, "rating", new()
            {
                ["satisfaction"] = "dissatisfied", ["resolved"] = "false", ["comment"] = "门口还是有垃圾，只清了一半",
            });
            rated.StatusCode.ShouldBe(HttpStatusCode.OK);
            var ratedHtml = await rated.Content.ReadAsStringAsync();
            ratedHtml.ShouldContain("案件已退回重新办理");
            ratedHtml.ShouldContain("返工中");

            (await fixture.Database.ScalarAsync<string>(
                "SELECT state || '|' || rework_count || '|' || (closed_at IS NULL) || '|' || (closure_type IS NULL) || '|' || satisfaction FROM case_file WHERE id = $1", id))
                .ShouldBe("rework|1|true|true|dissatisfied");
            // Counted against the unit: its order works again, its rework counted, and it is told why.
            (await fixture.Database.ScalarAsync<string>("SELECT state || '|' || rework_count FROM work_order WHERE id = $1", order)).ShouldBe("in_progress|1");
            (await fixture.Database.ScalarAsync<string>(
                "SELECT message FROM notification WHERE work_order_id = $1 AND kind = 'rework'", order)).ShouldContain("群众评价不满意：门口还是有垃圾，只清了一半");
            (await fixture.Database.ScalarAsync<string>(
                "SELECT action || '|' || actor_kind || '|' || state_before || '|' || state_after FROM case_timeline WHERE case_id = $1 AND action = 'reopen'", id))
                .ShouldBe("reopen|resident|closed|rework");
            // Staff see the comment: on the case page's timeline and in the grid's notices.
            (await worker.Client.GetStringAsync($"/field/cases/{id}")).ShouldContain("门口还是有垃圾，只清了一半");
            (await worker.Client.GetStringAsync("/field/notices")).ShouldContain("群众不满意");

            // The unit feeds back again and the case goes to the check as after any rework.
            await DispatchApi.StateOf(await DispatchApi.OrderAsync(department, order, "feedback", reason: "已全部清运", photos: 1));
            (await fixture.Database.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", id)).ShouldBe("pending_check");
        }
    }
}
