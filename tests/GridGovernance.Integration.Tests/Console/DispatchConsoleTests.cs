using System.Net;
using System.Text.Json;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Console;

/// <summary>The dispatcher's console /dispatch: scoped list and markers, filters, the drawer, and actions through its page forms.</summary>
public sealed class DispatchConsoleTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private static async Task<string> HtmlAsync(StaffSession session, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await session.Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, $"{path}: {html[..Math.Min(html.Length, 400)]}");
        return html;
    }

    /// <summary>
    /// The case list of a /dispatch page only. The filters narrow the list; the 动态 feed beside it shows the whole scope's
    /// latest events whatever the filters, so a filtered-out case may rightly appear there.
    /// </summary>
    private static async Task<string> ListAsync(StaffSession session, string path)
    {
        var html = await HtmlAsync(session, path);
        var start = html.IndexOf("data-live-fragment=\"list\"", StringComparison.Ordinal);
        var end = html.IndexOf("data-live-announce", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0);
        end.ShouldBeGreaterThan(start);
        return html[start..end];
    }

    private static async Task<List<long>> MarkerIdsAsync(StaffSession session, string query = "")
    {
        var response = await session.Client.GetAsync($"/api/staff/dispatch/markers{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("id").GetInt64()).ToList();
    }

    [Fact]
    public async Task A_township_dispatcher_never_sees_another_townships_case_in_the_list_the_markers_or_the_drawer()
    {
        var own = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid);
        var other = await ConsoleSession.ReportAsync(fixture, await ConsoleSession.OtherTownshipGridAsync(fixture));

        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var list = await HtmlAsync(dispatcher, "/dispatch?state=all");
        list.ShouldContain($"data-case-number=\"{own.Number}\"");
        list.ShouldNotContain(other.Number);
        var markers = await MarkerIdsAsync(dispatcher, "?state=all");
        markers.ShouldContain(own.Id);
        markers.ShouldNotContain(other.Id);

        // Forging the id of the other township's case opens nothing: a 404 page that says so, like a missing case.
        var forged = await HtmlAsync(dispatcher, $"/dispatch?case={other.Id}", HttpStatusCode.NotFound);
        forged.ShouldContain("不在您的管辖范围内");
        forged.ShouldNotContain(other.Number);
        (await ConsoleSession.ActAsync(dispatcher, other.Id, "verify")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await fixture.Database.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", other.Id)).ShouldBe("reported");

        // The county admin sees the whole county.
        using var admin = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        var county = await HtmlAsync(admin, "/dispatch?state=all");
        county.ShouldContain(own.Number);
        county.ShouldContain(other.Number);
        (await MarkerIdsAsync(admin, "?state=all")).ShouldContain(other.Id);
    }

    [Fact]
    public async Task Filters_narrow_the_list_and_the_markers_by_category_village_and_overdue()
    {
        var garbage = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "垃圾堆在路口，气味很大");
        var manhole = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "C0101", "井盖缺失，路口有坑");
        var otherVillageGrid = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM grid WHERE starts_with(code, '451027100') AND NOT starts_with(code, $1) ORDER BY code LIMIT 1", ConsoleSession.OwnVillage);
        var elsewhere = await ConsoleSession.ReportAsync(fixture, otherVillageGrid, "C0101", "另一个村的井盖缺失");

        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var manholes = await ListAsync(dispatcher, "/dispatch?category=C0101");
        manholes.ShouldContain(manhole.Number);
        manholes.ShouldContain(elsewhere.Number);
        manholes.ShouldNotContain(garbage.Number);
        var markers = await MarkerIdsAsync(dispatcher, "?category=C0101");
        markers.ShouldContain(manhole.Id);
        markers.ShouldNotContain(garbage.Id);

        var village = await ListAsync(dispatcher, $"/dispatch?category=C0101&area={ConsoleSession.OwnVillage}");
        village.ShouldContain(manhole.Number);
        village.ShouldNotContain(elsewhere.Number);

        // 超期: a filed case whose deadline has passed shows red and is the only one the overdue filter keeps.
        (await ConsoleSession.ActAsync(dispatcher, manhole.Id, "verify")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await ConsoleSession.ActAsync(dispatcher, manhole.Id, "accept")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        await fixture.Database.ScalarAsync<int>(
            "WITH u AS (UPDATE case_file SET accepted_at = now() - interval '3 days', deadline_at = now() - interval '1 hour' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u",
            manhole.Id);
        var overdue = await ListAsync(dispatcher, "/dispatch?overdue=1");
        overdue.ShouldContain(manhole.Number);
        overdue.ShouldNotContain(garbage.Number);
        overdue.ShouldNotContain(elsewhere.Number);
        overdue.ShouldContain("data-light=\"red\"");
        // The 超期 count at the top links to the overdue filter.
        (await HtmlAsync(dispatcher, "/dispatch")).ShouldContain("href=\"/dispatch?overdue=1\" data-count-overdue");
        (await MarkerIdsAsync(dispatcher, "?overdue=1")).ShouldBe([manhole.Id]);

        // A filter value that makes no sense is refused in Chinese, on the page and in the API.
        (await HtmlAsync(dispatcher, "/dispatch?state=bogus", HttpStatusCode.BadRequest)).ShouldContain("未知的案件状态");
        var outside = await dispatcher.Client.GetAsync("/api/staff/dispatch/markers?area=451027200");
        outside.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await outside.Content.ReadAsStringAsync()).ShouldContain("不在您的管辖范围内");
    }

    [Fact]
    public async Task The_interactive_console_names_the_callers_township_not_its_code()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var township = await fixture.Database.ScalarAsync<string>("SELECT name FROM township WHERE code = '451027100'");
        var html = await HtmlAsync(dispatcher, "/dispatch/console");
        html.ShouldContain($"乡镇调度员 · {township}</span>");
        html.ShouldContain("title=\"管辖范围编码 451027100\"");
        html.ShouldNotContain("管辖 451027100");
    }

    [Fact]
    public async Task An_action_posted_through_the_console_changes_the_state_and_lands_on_the_timeline()
    {
        var reported = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "楼下垃圾满溢，请尽快处理");
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");

        var verified = await ConsoleSession.ActAsync(dispatcher, reported.Id, "verify", "?category=E0102");
        verified.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        // Back to the drawer, with the filters kept and a notice.
        verified.Headers.Location!.OriginalString.ShouldBe($"/dispatch?category=E0102&case={reported.Id}&done=verify");
        (await fixture.Database.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", reported.Id)).ShouldBe("verified");
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM case_timeline WHERE case_id = $1 AND action = 'verify' AND state_after = 'verified' AND request_key IS NOT NULL",
            reported.Id)).ShouldBe(1);
        var drawer = await HtmlAsync(dispatcher, verified.Headers.Location.OriginalString);
        drawer.ShouldContain("已核实。");
        drawer.ShouldContain("data-action=\"accept\"");

        (await ConsoleSession.ActAsync(dispatcher, reported.Id, "accept")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var whistled = await ConsoleSession.ActAsync(dispatcher, reported.Id, "whistle", null,
            ("whistleKind", "emergency"), ("units", "451027-chengguan"), ("units", "451027100-police"), ("reason", ""));
        whistled.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM work_order WHERE case_id = $1 AND arrival_deadline_at <= dispatched_at + interval '30 minutes'", reported.Id)).ShouldBe(2);
        var orders = await HtmlAsync(dispatcher, whistled.Headers.Location!.OriginalString);
        orders.ShouldContain("data-order-unit=\"451027-chengguan\"");
        orders.ShouldContain("data-order-unit=\"451027100-police\"");
        // Each whistled order counts down twice: in the order list and in the whistle's team (吹哨协同) panel.
        orders.Split("data-countdown=").Length.ShouldBe(5);
        orders.Split("data-team-arrival").Length.ShouldBe(3);
        orders.ShouldMatch("须于 [0-9]{2}:[0-9]{2} 前到场，剩 (29|30) 分钟");
        orders.ShouldContain("应急哨");
    }

    [Fact]
    public async Task A_refused_action_shows_the_domains_message_and_changes_nothing()
    {
        var reported = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "绿化带里堆了很多建筑垃圾");
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");

        // A resident's QR report must be verified before it is filed.
        var refused = await ConsoleSession.ActAsync(dispatcher, reported.Id, "accept");
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var html = await refused.Content.ReadAsStringAsync();
        html.ShouldContain("扫码上报的案件须先经网格员核实，才能受理立案。");
        html.ShouldContain("data-drawer-error");
        // Voiding needs a reason: the domain refuses it in its own words.
        var noReason = await ConsoleSession.ActAsync(dispatcher, reported.Id, "void");
        noReason.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("作废须填写原因。");
        // A forged request (no antiforgery token) does nothing.
        var forged = await dispatcher.Client.PostAsync($"/dispatch/cases/{reported.Id}/act",
            new FormUrlEncodedContent([new("action", "verify"), new("requestKey", Guid.NewGuid().ToString("N"))]));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await fixture.Database.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", reported.Id)).ShouldBe("reported");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1 AND actor_kind = 'staff'", reported.Id))
            .ShouldBe(0);
    }

    [Fact]
    public async Task The_dispatcher_dispatches_to_one_unit_and_approves_its_extension_request_from_the_drawer()
    {
        var reported = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "河边垃圾成堆，需要车辆清运");
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        (await ConsoleSession.ActAsync(dispatcher, reported.Id, "verify")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await ConsoleSession.ActAsync(dispatcher, reported.Id, "accept")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        // 派遣 names exactly one unit: two are refused with the domain's words.
        var two = await ConsoleSession.ActAsync(dispatcher, reported.Id, "dispatch", null, ("units", Chengguan), ("units", "451027100-police"));
        two.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await two.Content.ReadAsStringAsync()).ShouldContain("派遣只能指定一个承办单位");
        (await ConsoleSession.ActAsync(dispatcher, reported.Id, "dispatch", null, ("units", Chengguan))).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var order = await fixture.Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1", reported.Id);

        using var chengguan = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-chengguan");
        await Dispatch.DispatchApi.StateOf(await Dispatch.DispatchApi.OrderAsync(chengguan, order, "sign"));
        var deadline = await fixture.Database.ScalarAsync<DateTime>("SELECT deadline_at FROM work_order WHERE id = $1", order);
        await Dispatch.DispatchApi.StateOf(await Dispatch.DispatchApi.OrderAsync(chengguan, order, "request_extension", reason: "需调用大型车辆",
            until: new DateTimeOffset(deadline, TimeSpan.Zero).AddDays(2)));

        var drawer = await HtmlAsync(dispatcher, $"/dispatch?case={reported.Id}");
        drawer.ShouldContain("data-extension=\"requested\"");
        drawer.ShouldContain("需调用大型车辆");
        drawer.ShouldContain("data-order-action=\"approve_extension\"");
        var token = System.Text.RegularExpressions.Regex.Match(drawer, "name=\"__RequestVerificationToken\" value=\"([^\"]+)").Groups[1].Value;
        var approved = await dispatcher.Client.PostAsync($"/dispatch/cases/{reported.Id}/orders/{order}/act?state=all", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", WebUtility.HtmlDecode(token)),
            new("requestKey", Guid.NewGuid().ToString("N")),
            new("action", "approve_extension"),
        ]));
        approved.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        approved.Headers.Location!.OriginalString.ShouldBe($"/dispatch?state=all&case={reported.Id}&done=order_approve_extension");
        (await fixture.Database.ScalarAsync<string>("SELECT extension_status || '|' || (deadline_at = extension_until) FROM work_order WHERE id = $1", order))
            .ShouldBe("approved|true");
        var after = await HtmlAsync(dispatcher, approved.Headers.Location.OriginalString);
        after.ShouldContain("已批准延期。");
        after.ShouldContain("data-extension=\"approved\"");
        after.ShouldNotContain("data-order-action=\"approve_extension\"");
    }

    private const string Chengguan = "451027-chengguan";

    [Fact]
    public async Task The_village_cadre_sees_their_village_with_only_the_actions_their_role_may_take()
    {
        var inVillage = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "社区里有人乱倒垃圾");
        var otherVillageGrid = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM grid WHERE starts_with(code, '451027100') AND NOT starts_with(code, $1) ORDER BY code LIMIT 1", ConsoleSession.OwnVillage);
        var outside = await ConsoleSession.ReportAsync(fixture, otherVillageGrid, "E0102", "隔壁村的垃圾没人清运");

        using var cadre = await StaffSession.Start(fixture.Factory).LoggedInAsync("cadre");
        var list = await HtmlAsync(cadre, "/dispatch");
        list.ShouldContain(inVillage.Number);
        list.ShouldNotContain(outside.Number);
        var drawer = await HtmlAsync(cadre, $"/dispatch?case={inVillage.Id}");
        drawer.ShouldContain("data-action=\"verify\"");
        drawer.ShouldNotContain("data-action=\"accept\"");
        drawer.ShouldNotContain("data-action=\"void\"");

        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var dispatcherDrawer = await HtmlAsync(dispatcher, $"/dispatch?case={inVillage.Id}");
        dispatcherDrawer.ShouldContain("data-action=\"void\"");

        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        (await worker.Client.GetAsync("/dispatch")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await worker.Client.GetAsync("/api/staff/dispatch/markers")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
