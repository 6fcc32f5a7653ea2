using System.Net;
using GridGovernance.Integration.Tests.Intake;
using GridGovernance.Web.Features.Photos;
using Microsoft.Extensions.DependencyInjection;

namespace GridGovernance.Integration.Tests.Photos;

public sealed class PhotoOrphanSweeperTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    [Fact]
    public async Task Old_files_that_no_row_refers_to_are_swept_and_everything_referenced_or_recent_stays()
    {
        using var resident = fixture.NewClient();
        var form = await ResidentForm.OpenAsync(resident, fixture.GridCode);
        (await resident.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(form, photos: [("p.jpg", ResidentForm.Photo)])))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var sha = await fixture.Database.ScalarAsync<string>(
            "SELECT p.photo_sha256 FROM case_photo p JOIN case_file c ON c.id = p.case_id WHERE c.idempotency_key = $1", form.IdempotencyKey);
        var thumbnailSha = await fixture.Database.ScalarAsync<string>("SELECT thumbnail_sha256 FROM photo WHERE sha256 = $1", sha);
        var longAgo = DateTime.UtcNow.AddDays(-3);
        string PathOf(string hash) => Path.Combine(fixture.PhotoDirectory, hash[..2], hash + ".jpg");
        File.SetLastWriteTimeUtc(PathOf(sha), longAgo);
        File.SetLastWriteTimeUtc(PathOf(thumbnailSha), longAgo);

        // Left behind by a commit that never happened: one long ago, one a moment ago (its upload may still be committing).
        var oldOrphan = PathOf(new string('a', 64));
        var newOrphan = PathOf(new string('b', 64));
        foreach (var orphan in new[] { oldOrphan, newOrphan })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
            await File.WriteAllBytesAsync(orphan, ResidentForm.Photo);
        }
        File.SetLastWriteTimeUtc(oldOrphan, longAgo);
        var abandonedWork = Directory.CreateDirectory(Path.Combine(fixture.PhotoDirectory, ".work", "abandoned"));
        Directory.SetLastWriteTimeUtc(abandonedWork.FullName, longAgo);

        var result = await fixture.Factory.Services.GetRequiredService<PhotoOrphanSweeper>().SweepOnceAsync(CancellationToken.None);

        File.Exists(oldOrphan).ShouldBeFalse();
        Directory.Exists(abandonedWork.FullName).ShouldBeFalse();
        File.Exists(newOrphan).ShouldBeTrue();
        File.Exists(PathOf(sha)).ShouldBeTrue();
        File.Exists(PathOf(thumbnailSha)).ShouldBeTrue();
        result.Deleted.ShouldBe(2);
    }
}
