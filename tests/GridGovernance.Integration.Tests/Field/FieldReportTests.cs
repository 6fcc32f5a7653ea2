using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Field;

public sealed class FieldReportTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private const string WorkerGrid = "451027100001001";
    private const string LeaderUnit = "451027100001001001";

    [Fact]
    public async Task A_grid_worker_reports_at_the_phone_position_and_the_case_is_filed_with_them_as_reporter()
    {
        fixture.GridCode.ShouldBe(WorkerGrid, "夹具的第一个网格应是演示网格员的网格");
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var page = await FieldForms.OpenAsync(worker, "/field/report");
        page.Html.ShouldContain("解放社区第1网格");

        var response = await worker.Client.PostAsync("/field/report", FieldForms.Report(page, fixture.Inside));
        var caseId = FieldForms.CaseIdFrom(response);

        var workerId = await fixture.Database.ScalarAsync<long>("SELECT id FROM staff_account WHERE username = 'gridworker'");
        (await fixture.Database.ScalarAsync<string>(
            "SELECT source || '|' || grid_code || '|' || position_outside_grid || '|' || reported_by_account_id FROM case_file WHERE id = $1", caseId))
            .ShouldBe($"grid_worker|{WorkerGrid}|false|{workerId}");
        (await fixture.Database.ScalarAsync<string>(
            "SELECT actor_kind || '|' || actor_role || '|' || actor_account_id || '|' || cardinality(photo_shas) FROM case_timeline WHERE case_id = $1", caseId))
            .ShouldBe($"staff|grid_worker|{workerId}|1");

        var casePage = await worker.Client.GetStringAsync(response.Headers.Location!.OriginalString);
        casePage.ShouldContain("已上报");
        casePage.ShouldContain(await fixture.Database.ScalarAsync<string>("SELECT number FROM case_file WHERE id = $1", caseId));
        casePage.ShouldContain("网格员上报");
    }

    [Fact]
    public async Task A_report_is_filed_in_the_grid_that_contains_its_position_and_without_a_position_in_the_worker_s_own_grid()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var elsewhere = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), fixture.Outside)));
        (await fixture.Database.ScalarAsync<string>("SELECT grid_code FROM case_file WHERE id = $1", elsewhere)).ShouldBe(fixture.OtherGridCode);

        var nowhere = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), position: null)));
        (await fixture.Database.ScalarAsync<string>("SELECT grid_code || '|' || (geom IS NULL) FROM case_file WHERE id = $1", nowhere))
            .ShouldBe($"{WorkerGrid}|true");

        // The reporter keeps seeing what they reported in another grid.
        (await worker.Client.GetAsync($"/field/cases/{elsewhere}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_same_form_sent_twice_files_one_case()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var page = await FieldForms.OpenAsync(worker, "/field/report");
        var first = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report", FieldForms.Report(page, fixture.Inside)));
        var second = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report", FieldForms.Report(page, fixture.Inside)));
        second.ShouldBe(first);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE idempotency_key = $1", page.Key)).ShouldBe(1);
    }

    [Fact]
    public async Task A_link_leader_reports_for_a_household_of_their_unit_and_only_of_their_unit()
    {
        using var leader = await StaffSession.Start(fixture.Factory).LoggedInAsync("leader");
        var page = await FieldForms.OpenAsync(leader, "/field/report");
        page.Html.ShouldContain("代哪一户上报");
        var ownHousehold = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM household WHERE link_unit_code = $1 ORDER BY code DESC LIMIT 1", LeaderUnit);
        var otherHousehold = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM household WHERE grid_code = $1 AND link_unit_code <> $2 ORDER BY code LIMIT 1", WorkerGrid, LeaderUnit);
        var before = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file");

        var refused = await leader.Client.PostAsync("/field/report", FieldForms.Report(page, fixture.Inside, household: otherHousehold));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("请选择本联户单元中您代为上报的住户");
        var missing = await leader.Client.PostAsync("/field/report", FieldForms.Report(page, fixture.Inside));
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file")).ShouldBe(before);

        var caseId = FieldForms.CaseIdFrom(await leader.Client.PostAsync("/field/report",
            FieldForms.Report(page, fixture.Inside, category: "E0601", description: "两户因宅基地界线争吵", household: ownHousehold)));
        (await fixture.Database.ScalarAsync<string>("SELECT source || '|' || on_behalf_household_code FROM case_file WHERE id = $1", caseId))
            .ShouldBe($"link_leader|{ownHousehold}");
        (await leader.Client.GetStringAsync("/field/cases")).ShouldContain($"/field/cases/{caseId}");
        var casePage = await leader.Client.GetStringAsync($"/field/cases/{caseId}");
        casePage.ShouldContain("代报住户");
        casePage.ShouldNotContain("现场处置办结（微事）", Case.Sensitive, "联户长不能现场办结");

        // The grid worker of that grid sees the 联户长's report among their grid's cases.
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        (await worker.Client.GetStringAsync("/field/cases")).ShouldContain($"/field/cases/{caseId}");
    }

    [Fact]
    public async Task Field_pages_send_strangers_to_login_and_tell_roles_without_a_grid_what_they_can_do()
    {
        using var anonymous = StaffSession.Start(fixture.Factory);
        var redirect = await anonymous.Client.GetAsync("/field");
        redirect.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        redirect.Headers.Location!.OriginalString.ShouldContain("/login?returnUrl=%2Ffield");
        (await anonymous.Client.GetAsync("/api/staff/field/map")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var report = await dispatcher.Client.GetAsync("/field/report");
        report.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await report.Content.ReadAsStringAsync()).ShouldContain("此功能供网格员和联户长使用");
        (await dispatcher.Client.GetAsync("/field/cases")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_report_with_bad_input_comes_back_with_the_text_kept_and_nothing_stored()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var page = await FieldForms.OpenAsync(worker, "/field/report");
        var before = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file");
        var response = await worker.Client.PostAsync("/field/report",
            FieldForms.Report(page, (120.0, 40.0), description: "<script>alert(1)</script>位置不对"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("该位置不在本系统管辖的县域范围内");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;位置不对");
        html.ShouldNotContain("<script>alert(1)");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file")).ShouldBe(before);
    }
}
