using System.Net;
using System.Net.Http.Headers;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Field;

/// <summary>随手拍随手办: one form reports a 微事 and closes it on the spot; incomplete, it files nothing.</summary>
public sealed class QuickResolveTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private static MultipartFormDataContent QuickForm(FieldForms.Page page, (double, double) position, string note, int afterPhotos)
    {
        var content = FieldForms.Report(page, position, category: "E0102", description: "路边散落生活垃圾一堆");
        content.Add(new StringContent("true"), "resolveNow");
        content.Add(new StringContent(note), "note");
        for (var i = 0; i < afterPhotos; i++)
        {
            var file = new ByteArrayContent(ResidentForm.Photo);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            content.Add(file, "afterPhotos", $"after-{i}.jpg");
        }
        return content;
    }

    [Fact]
    public async Task One_form_reports_and_closes_a_small_matter_and_a_retry_lands_once()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var page = await FieldForms.OpenAsync(worker, "/field/report");
        page.Html.ShouldContain("随手拍随手办");
        var response = await worker.Client.PostAsync("/field/report", QuickForm(page, fixture.Inside, "已清扫装袋", 1));
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.ShouldEndWith("?resolved=1");
        var caseId = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", page.Key);
        (await fixture.Database.ScalarAsync<string>(
            "SELECT state || '|' || (SELECT count(*) FROM case_photo p WHERE p.case_id = c.id AND p.kind = 'after') FROM case_file c WHERE id = $1", caseId))
            .ShouldBe("closed_on_spot|1");

        var retry = await worker.Client.PostAsync("/field/report", QuickForm(page, fixture.Inside, "已清扫装袋", 1));
        retry.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE idempotency_key = $1", page.Key)).ShouldBe(1);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1", caseId)).ShouldBe(2);
        // Filed and closed in ONE transaction: the case row (inserted, then updated) and both timeline entries carry its id.
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(DISTINCT x) FROM (SELECT xmin::text AS x FROM case_timeline WHERE case_id = $1 UNION ALL SELECT xmin::text FROM case_file WHERE id = $1) s",
            caseId)).ShouldBe(1);
    }

    [Fact]
    public async Task A_closing_that_is_refused_files_nothing_either()
    {
        // The position lies in another grid: the case would go there, where this worker may not close it. One transaction:
        // neither the case nor its closing is stored, and the form says why.
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var page = await FieldForms.OpenAsync(worker, "/field/report");
        var cases = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file");
        var response = await worker.Client.PostAsync("/field/report", QuickForm(page, fixture.Outside, "已清扫装袋", 1));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("未能现场办结");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file")).ShouldBe(cases);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE idempotency_key = $1", page.Key)).ShouldBe(0);
    }

    [Fact]
    public async Task Without_an_after_photo_or_a_note_nothing_is_filed()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var page = await FieldForms.OpenAsync(worker, "/field/report");
        var response = await worker.Client.PostAsync("/field/report", QuickForm(page, fixture.Inside, " ", 0));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("随手办须拍摄至少一张处置后的现场照片");
        html.ShouldContain("随手办须写明现场是如何处置的");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE idempotency_key = $1", page.Key)).ShouldBe(0);
    }
}
