using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Field;

public sealed class OnSpotResolutionTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private async Task<long> ReportAsync(StaffSession worker) =>
        FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), fixture.Inside)));

    private Task<string> StateAsync(long caseId) => fixture.Database.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", caseId);

    [Fact]
    public async Task A_grid_worker_closes_a_small_matter_on_the_spot_with_an_after_photo_and_a_retry_lands_once()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var caseId = await ReportAsync(worker);
        var page = await FieldForms.OpenAsync(worker, $"/field/cases/{caseId}");
        page.Html.ShouldContain("现场处置办结（微事）");

        var response = await worker.Client.PostAsync($"/field/cases/{caseId}/resolve", FieldForms.Resolve(page));
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.ShouldBe($"/field/cases/{caseId}?resolved=1");

        (await fixture.Database.ScalarAsync<string>("SELECT state || '|' || (closed_at IS NOT NULL) FROM case_file WHERE id = $1", caseId))
            .ShouldBe("closed_on_spot|true");
        (await fixture.Database.ScalarAsync<string>("""
            SELECT action || '|' || state_before || '|' || state_after || '|' || actor_role || '|' || cardinality(photo_shas) || '|' || note
            FROM case_timeline WHERE case_id = $1 AND action <> 'report'
            """, caseId)).ShouldBe("resolve_on_spot|reported|closed_on_spot|grid_worker|1|已联系供水公司补齐井盖，路面恢复平整");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_photo WHERE case_id = $1 AND kind = 'after'", caseId)).ShouldBe(1);

        // The same form again (a double tap, a retry on a weak link): the same answer, nothing added.
        var retry = await worker.Client.PostAsync($"/field/cases/{caseId}/resolve", FieldForms.Resolve(page));
        retry.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1", caseId)).ShouldBe(2);

        // A new attempt (another tab still showing the open case) is refused by the domain, with its reason.
        var again = await worker.Client.PostAsync($"/field/cases/{caseId}/resolve", FieldForms.Resolve(page with { Key = Guid.NewGuid().ToString("N") }));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("不能再现场处置办结");

        var closedPage = await worker.Client.GetStringAsync($"/field/cases/{caseId}?resolved=1");
        closedPage.ShouldContain("已现场处置办结。");
        closedPage.ShouldContain("已办结·现场处置");
        closedPage.ShouldContain("处置后照片");
        closedPage.ShouldNotContain("现场处置办结（微事）");
    }

    [Fact]
    public async Task Closing_without_an_after_photo_or_a_note_is_refused_and_changes_nothing()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var caseId = await ReportAsync(worker);
        var page = await FieldForms.OpenAsync(worker, $"/field/cases/{caseId}");

        var noPhoto = await worker.Client.PostAsync($"/field/cases/{caseId}/resolve", FieldForms.Resolve(page, photos: 0));
        noPhoto.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noPhoto.Content.ReadAsStringAsync()).ShouldContain("请拍摄至少一张处置后的现场照片");
        var noNote = await worker.Client.PostAsync($"/field/cases/{caseId}/resolve", FieldForms.Resolve(page, note: "  "));
        noNote.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noNote.Content.ReadAsStringAsync()).ShouldContain("请写明现场是如何处置的");

        (await StateAsync(caseId)).ShouldBe("reported");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1", caseId)).ShouldBe(1);
    }

    [Fact]
    public async Task Another_grid_s_worker_can_neither_open_nor_close_the_case_and_a_cadre_may_read_but_not_close_it()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var caseId = await ReportAsync(worker);
        var page = await FieldForms.OpenAsync(worker, $"/field/cases/{caseId}");

        using var other = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker2");
        (await other.Client.GetAsync($"/field/cases/{caseId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Client.GetStringAsync("/field/cases")).ShouldNotContain($"/field/cases/{caseId}\"");
        var otherPage = await FieldForms.OpenAsync(other, "/field/report");
        var forged = await other.Client.PostAsync($"/field/cases/{caseId}/resolve", FieldForms.Resolve(otherPage with { Key = page.Key }));
        forged.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await StateAsync(caseId)).ShouldBe("reported");

        using var cadre = await StaffSession.Start(fixture.Factory).LoggedInAsync("cadre");
        var cadrePage = await cadre.Client.GetStringAsync($"/field/cases/{caseId}");
        cadrePage.ShouldNotContain("现场处置办结（微事）");
        var cadreForm = await FieldForms.OpenAsync(cadre, $"/field/cases/{caseId}");
        var refused = await cadre.Client.PostAsync($"/field/cases/{caseId}/resolve", FieldForms.Resolve(cadreForm with { Key = Guid.NewGuid().ToString("N") }));
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("只有本网格的网格员可以现场处置办结");
        (await StateAsync(caseId)).ShouldBe("reported");
    }

    [Fact]
    public async Task A_resident_s_case_closed_on_the_spot_shows_the_after_photo_on_the_tracking_page_and_asks_for_a_rating()
    {
        using var resident = fixture.NewClient();
        var form = await ResidentForm.OpenAsync(resident, fixture.GridCode);
        var accepted = await (await resident.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(form, position: fixture.Inside)))
            .Content.ReadAsStringAsync();
        var tracking = ResidentForm.TrackingPathIn(accepted)!;
        var caseId = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", form.IdempotencyKey);

        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var page = await FieldForms.OpenAsync(worker, $"/field/cases/{caseId}");
        (await worker.Client.PostAsync($"/field/cases/{caseId}/resolve", FieldForms.Resolve(page))).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        var view = await resident.GetStringAsync(tracking);
        view.ShouldContain("已办结·现场处置");
        view.ShouldContain("处置后照片");
        view.ShouldContain("网格员 · 现场处置办结");
        view.ShouldContain("评价本次处理");
    }
}
