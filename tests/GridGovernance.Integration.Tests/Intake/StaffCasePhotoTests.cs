using System.Net;
using GridGovernance.Integration.Tests.Accounts;

namespace GridGovernance.Integration.Tests.Intake;

public class StaffCasePhotoTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    [Fact]
    public async Task Staff_see_a_case_photo_only_when_their_scope_covers_the_case_grid()
    {
        const string grid = "451027100001001"; // the demo grid worker's grid
        using var resident = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(resident, grid);
        (await resident.PostAsync($"/g/{grid}", ResidentForm.Content(page, photos: [("p.jpg", ResidentForm.Photo)]))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var caseId = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", page.IdempotencyKey);
        var sha = await fixture.Database.ScalarAsync<string>("SELECT photo_sha256 FROM case_photo WHERE case_id = $1", caseId);
        var url = $"/api/staff/cases/{caseId}/photos/{sha}";

        (await resident.GetAsync(url)).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        using (var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker"))
        {
            var photo = await worker.Client.GetAsync(url);
            photo.StatusCode.ShouldBe(HttpStatusCode.OK);
            photo.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
            (await worker.Client.GetAsync(url + "?thumbnail=true")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        using (var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher"))
            (await dispatcher.Client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var other = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker2"))
            (await other.Client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
