using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Field;

/// <summary>
/// 查看/拨打: a resident asked to be called back; the grid worker sees 待回电, reveals the full number as a tel: link, and the
/// reveal is audited (who, which case — never the number). The next grid's worker gets 404 and leaves no trace of a reveal.
/// </summary>
public sealed class PhoneRevealTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private const string Phone = "13512348888";

    [Fact]
    public async Task A_call_back_request_shows_as_pending_and_revealing_the_number_is_audited_and_settles_it_and_outside_the_grid_is_404()
    {
        using var resident = fixture.NewClient();
        var form = await ResidentForm.OpenAsync(resident, fixture.GridCode);
        var content = ResidentForm.Content(form, "邻居家装修噪音很大，想请网格员了解一下", phone: Phone);
        content.Add(new StringContent("true"), "callback");
        (await resident.PostAsync($"/g/{fixture.GridCode}", content)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var caseId = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", form.IdempotencyKey);
        (await fixture.Database.ScalarAsync<bool>("SELECT callback_requested FROM case_file WHERE id = $1", caseId)).ShouldBeTrue();

        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var work = await worker.Client.GetStringAsync("/field/work");
        var line = work[work.IndexOf($"/field/cases/{caseId}\"", StringComparison.Ordinal)..];
        line[..line.IndexOf("</li>", StringComparison.Ordinal)].ShouldContain("待回电");
        var page = await FieldForms.OpenAsync(worker, $"/field/cases/{caseId}");
        page.Html.ShouldContain("135****8888");
        page.Html.ShouldNotContain(Phone);

        using var other = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker2");
        var otherPage = await FieldForms.OpenAsync(other, "/field/report");
        var outside = await other.Client.PostAsync($"/field/cases/{caseId}/phone",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = otherPage.Token }));
        outside.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outside.Content.ReadAsStringAsync()).ShouldNotContain(Phone);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'phone.reveal' AND subject_id = $1",
            caseId.ToString(System.Globalization.CultureInfo.InvariantCulture))).ShouldBe(0);

        var revealed = await worker.Client.PostAsync($"/field/cases/{caseId}/phone",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = page.Token }));
        revealed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await revealed.Content.ReadAsStringAsync()).ShouldContain($"href=\"tel:{Phone}\"");
        var workerId = await fixture.Database.ScalarAsync<long>("SELECT id FROM staff_account WHERE username = 'gridworker'");
        (await fixture.Database.ScalarAsync<string>("""
            SELECT actor_id || '|' || subject_kind || '|' || summary FROM audit_log WHERE action = 'phone.reveal' AND subject_id = $1
            """, caseId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ShouldBe($"{workerId}|case_file|查看案件 {await fixture.Database.ScalarAsync<string>("SELECT number FROM case_file WHERE id = $1", caseId)} 反映人的完整手机号（拨打）");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE summary LIKE '%' || $1 || '%' OR after::text LIKE '%' || $1 || '%'", Phone))
            .ShouldBe(0);
        // Someone is calling: no longer 待回电.
        (await fixture.Database.ScalarAsync<bool>("SELECT callback_done_at IS NOT NULL FROM case_file WHERE id = $1", caseId)).ShouldBeTrue();
    }

    [Fact]
    public async Task Asking_for_a_call_back_without_a_phone_is_refused_by_the_form()
    {
        using var resident = fixture.NewClient();
        var form = await ResidentForm.OpenAsync(resident, fixture.GridCode);
        var content = ResidentForm.Content(form, "希望有人回电，但忘了留号码");
        content.Add(new StringContent("true"), "callback");
        var response = await resident.PostAsync($"/g/{fixture.GridCode}", content);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("希望回电，请留下手机号。");
    }

    [Fact]
    public async Task Revealing_a_households_phone_on_its_card_is_audited_and_outside_the_scope_is_404_without_a_row()
    {
        var household = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM household WHERE grid_code = $1 AND phone IS NOT NULL ORDER BY code LIMIT 1", fixture.GridCode);
        var phone = await fixture.Database.ScalarAsync<string>("SELECT phone FROM household WHERE code = $1", household);

        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var card = await worker.Client.GetStringAsync($"/api/staff/households/{household}/card");
        card.ShouldContain("data-reveal-phone");
        card.ShouldNotContain(phone);
        var page = await FieldForms.OpenAsync(worker, "/field/report");
        var revealed = await worker.Client.PostAsync($"/api/staff/households/{household}/phone",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = page.Token }));
        revealed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await revealed.Content.ReadAsStringAsync()).ShouldContain(phone);
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'phone.reveal' AND subject_kind = 'household' AND subject_id = $1", household)).ShouldBe(1);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'phone.reveal' AND summary LIKE '%' || $1 || '%'", phone))
            .ShouldBe(0);

        using var other = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker2");
        var otherPage = await FieldForms.OpenAsync(other, "/field/report");
        var outside = await other.Client.PostAsync($"/api/staff/households/{household}/phone",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = otherPage.Token }));
        outside.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outside.Content.ReadAsStringAsync()).ShouldNotContain(phone);
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'phone.reveal' AND subject_kind = 'household' AND subject_id = $1", household)).ShouldBe(1);
    }
}
