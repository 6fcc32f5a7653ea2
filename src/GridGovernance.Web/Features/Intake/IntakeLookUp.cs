using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Web.Features.Intake;

/// <summary>
/// Where a report belongs: the grid's codes up to the county, whether the position lies outside that grid, and whether the
/// grid was the nearest one to a position in a sliver between grids (<c>grid_at_point</c>'s 属地兜底).
/// </summary>
internal sealed record IntakePlace(string CountyCode, string TownshipCode, string VillageCode, string GridCode, bool OutsideGrid,
    bool GridByNearest);

/// <summary>A case already committed under an idempotency key (its tracking token still encrypted, and what was submitted).</summary>
internal sealed record CommittedCase(long CaseId, string Number, byte[] TrackingTokenEncrypted, byte[]? Fingerprint);

/// <summary>
/// What the intake reads before it writes: a case already filed under the key, whether the category is active, and the place.
/// The three questions go as one batch: on this kind of machine a round trip costs PostgreSQL and the app each a wake-up in the
/// kernel, and the live benchmark measured those wake-ups as most of PostgreSQL's CPU per report (three separate round trips
/// before the insert were most of it).
/// </summary>
internal static class IntakeLookUp
{
    public static async Task<(CommittedCase? Earlier, bool CategoryActive, IntakePlace? Place)> RunAsync(NpgsqlDataSource dataSource,
        string idempotencyKey, string category, string? gridCode, double? lng, double? lat, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(ByKey(idempotencyKey));
        var active = new NpgsqlBatchCommand("SELECT EXISTS (SELECT 1 FROM case_category WHERE code = $1 AND active)");
        active.Parameters.Add(new NpgsqlParameter { Value = category });
        batch.BatchCommands.Add(active);
        batch.BatchCommands.Add(PlaceOf(gridCode, lng, lat));

        await using var reader = await batch.ExecuteReaderAsync(ct);
        var earlier = await ReadCommittedAsync(reader, ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var categoryActive = reader.GetBoolean(0);
        await reader.NextResultAsync(ct);
        var place = await reader.ReadAsync(ct)
            ? new IntakePlace(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4),
                reader.GetBoolean(5))
            : null;
        return (earlier, categoryActive, place);
    }

    /// <summary>The case filed under this key, if one was committed (a retry, or a concurrent twin that won).</summary>
    public static async Task<CommittedCase?> ByKeyAsync(NpgsqlDataSource dataSource, string idempotencyKey, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(ByKey(idempotencyKey));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        return await ReadCommittedAsync(reader, ct);
    }

    private static NpgsqlBatchCommand ByKey(string idempotencyKey)
    {
        var command = new NpgsqlBatchCommand("SELECT id, number, tracking_token_encrypted, idempotency_fingerprint FROM case_file WHERE idempotency_key = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = idempotencyKey });
        return command;
    }

    private static async Task<CommittedCase?> ReadCommittedAsync(NpgsqlDataReader reader, CancellationToken ct) =>
        await reader.ReadAsync(ct)
            ? new CommittedCase(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3))
            : null;

    /// <summary>
    /// The scanned grid (and whether the position lies outside it: kept as given, flagged), or the grid a position falls in by
    /// the database's one rule, <c>grid_at_point</c> (the same as /api/locate's).
    /// </summary>
    private static NpgsqlBatchCommand PlaceOf(string? gridCode, double? lng, double? lat)
    {
        var command = new NpgsqlBatchCommand(gridCode is not null
            ? """
              SELECT t.county_code, v.township_code, g.village_code, g.code,
                     $2::float8 IS NOT NULL AND NOT ST_Covers(g.geom, ST_SetSRID(ST_MakePoint($2, $3), 4326)), false
              FROM grid g JOIN village v ON v.code = g.village_code JOIN township t ON t.code = v.township_code
              WHERE g.code = grid_live_code($1)
              """
            : """
              SELECT t.county_code, v.township_code, g.village_code, g.code, NOT p.inside_grid, NOT p.inside_grid
              FROM grid_at_point($2, $3) p
              JOIN grid g ON g.code = p.grid_code JOIN village v ON v.code = g.village_code JOIN township t ON t.code = v.township_code
              WHERE $1::text IS NULL
              """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)gridCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)lng ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)lat ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        return command;
    }
}
