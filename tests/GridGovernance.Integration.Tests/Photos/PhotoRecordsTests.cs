using GridGovernance.Web.Features.Photos;

namespace GridGovernance.Integration.Tests.Photos;

public sealed class PhotoRecordsTests(PhotoFixture fixture) : IClassFixture<PhotoFixture>
{
    [Fact]
    public async Task A_photo_row_is_written_in_the_callers_transaction_and_a_second_insert_of_the_same_hash_is_ignored()
    {
        await using var upload = File.OpenRead(Path.Combine(PhotoFixture.Samples, "photo.png"));
        var photo = await fixture.Processor.ProcessAsync(upload, CancellationToken.None);

        await using (var connection = await fixture.Database.DataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await PhotoRecords.InsertAsync(connection, tx, photo, CancellationToken.None);
            await PhotoRecords.InsertAsync(connection, tx, photo, CancellationToken.None);
            await tx.RollbackAsync();
        }
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM photo WHERE sha256 = $1", photo.Sha256)).ShouldBe(0);

        await using (var connection = await fixture.Database.DataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await PhotoRecords.InsertAsync(connection, tx, photo, CancellationToken.None);
            await PhotoRecords.InsertAsync(connection, tx, photo, CancellationToken.None);
            await tx.CommitAsync();
        }
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM photo WHERE sha256 = $1", photo.Sha256)).ShouldBe(1);
        (await fixture.Database.ScalarAsync<string>("SELECT thumbnail_sha256 FROM photo WHERE sha256 = $1", photo.Sha256)).ShouldBe(photo.ThumbnailSha256);
    }
}
