using Npgsql;

namespace GridGovernance.Web.Features.Photos;

/// <summary>Photo metadata rows, written by the caller inside the same transaction as the case that refers to them.</summary>
public static class PhotoRecords
{
    public static async Task InsertAsync(NpgsqlConnection c, NpgsqlTransaction tx, ProcessedPhoto p, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(p);
        // The same photo uploaded twice is one row: content addressing makes the second insert a no-op.
        await using var command = new NpgsqlCommand("""
            INSERT INTO photo (sha256, media_type, bytes, width, height, thumbnail_sha256)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (sha256) DO NOTHING
            """, c, tx);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = p.Sha256 });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = p.MediaType });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = p.Bytes });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = p.Width });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = p.Height });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = p.ThumbnailSha256 });
        await command.ExecuteNonQueryAsync(ct);
    }
}
