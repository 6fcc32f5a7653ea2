using GridGovernance.Web.Features.Intake;
using GridGovernance.Web.Features.Photos;
using Npgsql;

namespace GridGovernance.Web.Features.Cases;

/// <summary>
/// Photos attached to a case, the same way from every channel (intake, closing on the spot, a unit's feedback): the uploads go
/// through the pipeline BEFORE the transaction (vips is slow; files are content-addressed, so an unused one is harmless and
/// swept later), and their rows are written INSIDE the case's transaction.
/// </summary>
internal static class CasePhotos
{
    /// <summary>Every upload re-encoded, or the Chinese reason of the first one refused (numbered when there are several).</summary>
    public static async Task<(IReadOnlyList<ProcessedPhoto> Photos, string? Problem)> ProcessAsync(IPhotoProcessor processor,
        IReadOnlyList<IntakePhoto> uploads, CancellationToken ct)
    {
        var processed = new List<ProcessedPhoto>();
        for (var i = 0; i < uploads.Count; i++)
        {
            try
            {
                await using var stream = uploads[i].OpenReadStream();
                processed.Add(await processor.ProcessAsync(stream, ct));
            }
            catch (PhotoRejectedException e)
            {
                return ([], uploads.Count == 1 ? e.Message : $"第 {i + 1} 张照片：{e.Message}");
            }
        }
        return (processed, null);
    }

    /// <summary>
    /// The photo rows and their links to the case, appended after the case's earlier photos of that kind ('report' or 'after':
    /// a case sent back for rework is closed again with new after-photos).
    /// </summary>
    public static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long caseId, string kind,
        IReadOnlyList<ProcessedPhoto> photos, CancellationToken ct)
    {
        foreach (var photo in photos)
        {
            await PhotoRecords.InsertAsync(connection, tx, photo, ct);
            await using var link = new NpgsqlCommand("""
                INSERT INTO case_photo (case_id, photo_sha256, kind, position)
                SELECT $1, $2, $3, coalesce(max(position) + 1, 0) FROM case_photo WHERE case_id = $1 AND kind = $3
                """, connection, tx);
            link.Parameters.Add(new NpgsqlParameter<long> { TypedValue = caseId });
            link.Parameters.Add(new NpgsqlParameter<string> { TypedValue = photo.Sha256 });
            link.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
            await link.ExecuteNonQueryAsync(ct);
        }
    }
}
