using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Field;

/// <summary>
/// The grid worker's work from the field: the work page's three lists, and 核实 / 作废 / 核查 / 逐级上报 posted from the case page
/// as a phone without JavaScript posts them — each judged by the same role table, state machine and scope rule as the console,
/// each refused (404, nothing changed) for the worker of the next grid.
/// </summary>
public sealed partial class FieldWorkTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    [GeneratedRegex("""<form[^>]*data-field-act="([a-z_]+)"[\s\S]*?name="__RequestVerificationToken" value="([^"]+)"[\s\S]*?name="requestKey" value="([^"]+)""")]
    private static partial Regex ActFormPattern();

    private async Task<long> ResidentReportAsync(string description)
    {
        using var resident = fixture.NewClient();
        var form = await ResidentForm.OpenAsync(resident, fixture.GridCode);
        var response = await resident.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(form, description, phone: "13800138000"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", form.IdempotencyKey);
    }

    private Task<string> StateAsync(long caseId) => fixture.Database.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", caseId);

    private Task<long> TimelineCountAsync(long caseId) => fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1", caseId);

    /// <summary>The case page's form for <paramref name="action"/>: its antiforgery token and request key.</summary>
    private static async Task<(string Token, string Key)> ActFormAsync(StaffSession session, long caseId, string action)
    {
        var html = await session.Client.GetStringAsync($"/field/cases/{caseId}");
        foreach (Match match in ActFormPattern().Matches(html))
            if (match.Groups[1].Value == action) return (match.Groups[2].Value, match.Groups[3].Value);
        throw new ShouldAssertException($"案件页应有“{action}”表单");
    }

    private static MultipartFormDataContent ActContent(string token, string key, string action, string? reason = null,
        (double Lng, double Lat)? position = null) => new()
    {
        { new StringContent(token), "__RequestVerificationToken" },
        { new StringContent(action), "action" },
        { new StringContent(key), "requestKey" },
        { new StringContent(reason ?? ""), "reason" },
        { new StringContent(position is { } p ? p.Lng.ToString("R", CultureInfo.InvariantCulture) : ""), "lng" },
        { new StringContent(position is { } q ? q.Lat.ToString("R", CultureInfo.InvariantCulture) : ""), "lat" },
    };

    private static async Task<HttpResponseMessage> ActAsync(StaffSession session, long caseId, string action, string? reason = null,
        (double Lng, double Lat)? position = null, string? key = null)
    {
        var (token, formKey) = await ActFormAsync(session, caseId, action);
        return await session.Client.PostAsync($"/field/cases/{caseId}/act", ActContent(token, key ?? formKey, action, reason, position));
    }

    /// <summary>A post from another grid's worker: their own valid token (from a page of their own), the case they cannot see.</summary>
    private static async Task<HttpResponseMessage> ActFromOutsideAsync(StaffSession outsider, long caseId, string action, string? reason = null)
    {
        var page = await FieldForms.OpenAsync(outsider, "/field/report");
        return await outsider.Client.PostAsync($"/field/cases/{caseId}/act", ActContent(page.Token, DispatchApi.NewKey(), action, reason));
    }

    [Fact]
    public async Task A_grid_worker_verifies_a_residents_report_on_the_spot_with_the_position_and_the_next_grids_worker_gets_404()
    {
        var caseId = await ResidentReportAsync("第一网格：路口井盖被偷，晚上很危险");
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        using var other = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker2");

        var work = await worker.Client.GetStringAsync("/field/work");
        var toVerify = work[work.IndexOf("data-work-list=\"verify\"", StringComparison.Ordinal)..work.IndexOf("data-work-list=\"check\"", StringComparison.Ordinal)];
        toVerify.ShouldContain($"/field/cases/{caseId}\"");
        toVerify.ShouldContain("已等待");
        toVerify.ShouldContain("自动上报村级前：剩");
        (await other.Client.GetStringAsync("/field/work")).ShouldNotContain($"/field/cases/{caseId}\"");

        var outside = await ActFromOutsideAsync(other, caseId, "verify");
        outside.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outside.Content.ReadAsStringAsync()).ShouldNotContain("路口井盖被偷");
        (await StateAsync(caseId)).ShouldBe("reported");

        var response = await ActAsync(worker, caseId, "verify", "现场确认井盖缺失，已放警示桩", fixture.Inside);
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.ShouldBe($"/field/cases/{caseId}?done=verify");
        (await StateAsync(caseId)).ShouldBe("verified");
        (await fixture.Database.ScalarAsync<string>("""
            SELECT action || '|' || actor_role || '|' || note || '|' || round(ST_X(position)::numeric, 5) || ',' || round(ST_Y(position)::numeric, 5)
            FROM case_timeline WHERE case_id = $1 AND action = 'verify'
            """, caseId)).ShouldBe(string.Create(CultureInfo.InvariantCulture,
            $"verify|grid_worker|现场确认井盖缺失，已放警示桩|{Math.Round(fixture.Inside.Lng, 5):F5},{Math.Round(fixture.Inside.Lat, 5):F5}"));
        (await worker.Client.GetStringAsync($"/field/cases/{caseId}?done=verify")).ShouldContain("已核实，案件转乡镇受理。");
        // No longer waiting for 核实; the form is gone with the state.
        var after = await worker.Client.GetStringAsync("/field/work");
        after[after.IndexOf("data-work-list=\"verify\"", StringComparison.Ordinal)..].ShouldNotContain($"/field/cases/{caseId}\"");
    }

    [Fact]
    public async Task A_核实_kept_in_the_offline_queue_under_the_pages_key_and_replayed_three_times_lands_once()
    {
        var caseId = await ResidentReportAsync("第一网格：小区门口的消防通道被电动车堵住了");
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");

        // The case page's 核实 form goes through the offline queue and keeps its own key there (offline-forms.js: data-offline-key).
        var html = await worker.Client.GetStringAsync($"/field/cases/{caseId}");
        var verifyForm = Regex.Match(html, "<form[^>]*data-field-act=\"verify\"[^>]*>").Value;
        verifyForm.ShouldContain("data-offline-queue");
        verifyForm.ShouldContain("data-offline-key=\"requestKey\"");
        var (token, key) = await ActFormAsync(worker, caseId, "verify");

        // The queue sends the kept form as multipart; the network drops the first answer, so it is sent again on "online",
        // and once more from another page's load.
        for (var send = 0; send < 3; send++)
        {
            var response = await worker.Client.PostAsync($"/field/cases/{caseId}/act", ActContent(token, key, "verify", null, fixture.Inside));
            response.StatusCode.ShouldBe(HttpStatusCode.SeeOther, $"send {send + 1}");
            response.Headers.Location!.OriginalString.ShouldBe($"/field/cases/{caseId}?done=verify");
        }
        (await StateAsync(caseId)).ShouldBe("verified");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1 AND action = 'verify'", caseId)).ShouldBe(1);
        (await TimelineCountAsync(caseId)).ShouldBe(2);
    }

    [Fact]
    public async Task A_false_report_is_voided_only_with_a_reason_and_a_retry_of_the_same_form_lands_once()
    {
        var caseId = await ResidentReportAsync("第一网格：楼道里有人乱贴小广告");
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");

        var noReason = await ActAsync(worker, caseId, "void");
        noReason.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("作废须填写原因");
        (await StateAsync(caseId)).ShouldBe("reported");

        var (token, key) = await ActFormAsync(worker, caseId, "void");
        var first = await worker.Client.PostAsync($"/field/cases/{caseId}/act", ActContent(token, key, "void", "现场未见小广告，系重复上报"));
        first.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var retry = await worker.Client.PostAsync($"/field/cases/{caseId}/act", ActContent(token, key, "void", "现场未见小广告，系重复上报"));
        retry.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await StateAsync(caseId)).ShouldBe("voided");
        (await TimelineCountAsync(caseId)).ShouldBe(2);
    }

    [Fact]
    public async Task A_grid_worker_checks_the_villages_result_fails_it_back_to_rework_then_passes_it_and_the_next_grid_cannot()
    {
        var caseId = await ResidentReportAsync("第一网格：小区门口垃圾堆了三天没人清运");
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        using var other = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker2");
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        using var cadre = await StaffSession.Start(fixture.Factory).LoggedInAsync("cadre");
        (await ActAsync(worker, caseId, "verify")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await DispatchApi.CaseAsync(dispatcher, caseId, "accept")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await DispatchApi.CaseAsync(dispatcher, caseId, "hand_to_village")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await DispatchApi.CaseAsync(cadre, caseId, "village_resolve", new { reason = "已联系保洁清运" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StateAsync(caseId)).ShouldBe("pending_check");

        // The village's result is told to the grid: a notice counted in the bottom bar, and the case on the 待核查 list.
        var work = await worker.Client.GetStringAsync("/field/work");
        work[work.IndexOf("data-work-list=\"check\"", StringComparison.Ordinal)..work.IndexOf("data-work-list=\"mine\"", StringComparison.Ordinal)]
            .ShouldContain($"/field/cases/{caseId}\"");
        work.ShouldContain("办理时限：");
        work.ShouldContain("data-notice-count>");
        (await worker.Client.GetStringAsync("/field/notices")).ShouldContain("已处置完毕，请核查");
        // Seen there, it is read: the bar no longer counts it.
        (await fixture.Database.ScalarAsync<bool>(
            "SELECT bool_and(read_at IS NOT NULL) FROM notification WHERE case_id = $1 AND recipient_scope = $2", caseId, fixture.GridCode)).ShouldBeTrue();

        (await ActFromOutsideAsync(other, caseId, "check_fail", "外网格")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ActFromOutsideAsync(other, caseId, "check_pass")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await StateAsync(caseId)).ShouldBe("pending_check");

        var fail = await ActAsync(worker, caseId, "check_fail", "门口仍有垃圾袋未清走", fixture.Inside);
        fail.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await fixture.Database.ScalarAsync<string>("SELECT state || '|' || rework_count FROM case_file WHERE id = $1", caseId)).ShouldBe("rework|1");

        (await DispatchApi.CaseAsync(cadre, caseId, "village_resolve", new { reason = "已全部清运" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var pass = await ActAsync(worker, caseId, "check_pass", "现场已清理干净", fixture.Inside);
        pass.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await fixture.Database.ScalarAsync<string>("SELECT state || '|' || closure_type FROM case_file WHERE id = $1", caseId)).ShouldBe("closed|normal");
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM case_timeline WHERE case_id = $1 AND action IN ('check_fail', 'check_pass') AND position IS NOT NULL", caseId)).ShouldBe(2);
    }

    [Fact]
    public async Task A_grid_worker_escalates_to_the_village_with_a_reason_the_village_is_told_and_the_next_grid_cannot()
    {
        var caseId = await ResidentReportAsync("第一网格：两户人家为宅基地边界吵起来了");
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        using var other = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker2");

        (await ActFromOutsideAsync(other, caseId, "escalate", "外网格上报")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var noReason = await ActAsync(worker, caseId, "escalate");
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("逐级上报须说明原因");
        (await StateAsync(caseId)).ShouldBe("reported");

        var response = await ActAsync(worker, caseId, "escalate", "涉及宅基地权属，本网格调解不成，需村里协调", fixture.Inside);
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await StateAsync(caseId)).ShouldBe("village_handling");
        (await fixture.Database.ScalarAsync<string>(
            "SELECT recipient_scope FROM notification WHERE case_id = $1 AND kind = 'escalate'", caseId)).ShouldBe(fixture.GridCode[..12]);
        (await fixture.Database.ScalarAsync<string>(
            "SELECT note FROM case_timeline WHERE case_id = $1 AND action = 'escalate'", caseId)).ShouldBe("涉及宅基地权属，本网格调解不成，需村里协调");
    }

    [Fact]
    public async Task Actions_the_console_keeps_are_refused_from_the_field_and_a_link_leader_cannot_verify()
    {
        var caseId = await ResidentReportAsync("第一网格：路灯不亮");
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var page = await FieldForms.OpenAsync(worker, $"/field/cases/{caseId}");
        page.Html.ShouldContain("修改密码");
        page.Html.ShouldContain("href=\"/account/password\"");
        var accept = await worker.Client.PostAsync($"/field/cases/{caseId}/act", ActContent(page.Token, DispatchApi.NewKey(), "accept"));
        accept.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await accept.Content.ReadAsStringAsync()).ShouldContain("请在调度台办理");

        using var leader = await StaffSession.Start(fixture.Factory).LoggedInAsync("leader");
        var leaderPage = await FieldForms.OpenAsync(leader, "/field/report");
        // Refused by the role table (a 联户长 takes no case action), and the case is not theirs to see: the same 404 as a missing one.
        (await leader.Client.PostAsync($"/field/cases/{caseId}/act", ActContent(leaderPage.Token, DispatchApi.NewKey(), "verify")))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await StateAsync(caseId)).ShouldBe("reported");
    }
}
