using System.Text.RegularExpressions;
using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Territory;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Photos;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Web.Features.Intake;

/// <summary>
/// Takes a report from any channel (resident QR page, API, the grid worker's and 联户长's field pages) and turns it into a
/// case: validate → photos through the pipeline (outside the transaction: slow, and files are content-addressed) → ONE
/// transaction for number, case, first timeline entry and photo rows. The same idempotency key always yields the same case.
/// </summary>
internal sealed partial class CaseIntake(NpgsqlDataSource dataSource, IPhotoProcessor photos, CaseSecrets secrets, IntakeGate gate,
    ILogger<CaseIntake> logger)
{
    [GeneratedRegex("^[A-Za-z0-9_-]{8,100}$")]
    private static partial Regex IdempotencyKeyPattern();

    public async Task<IntakeResult> SubmitAsync(IntakeRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (request.IdempotencyKey is null || !IdempotencyKeyPattern().IsMatch(request.IdempotencyKey))
            errors[IntakeFields.IdempotencyKey] = "缺少有效的幂等键（8–100 位字母、数字、- 或 _）。请刷新页面后重新提交。";
        var requestType = RequestTypes.FromCode(request.RequestType);
        if (requestType is null) errors[IntakeFields.RequestType] = "请选择诉求类型（咨询、求助、投诉、举报或建议）。";
        var category = CaseCategoryCode.TryParse(request.Category);
        if (category is null) errors[IntakeFields.Category] = "请选择问题类别。";
        if (ReportRules.DescriptionProblem(request.Description) is { } descriptionProblem) errors[IntakeFields.Description] = descriptionProblem;
        if (ReportRules.PhoneProblem(request.ReporterPhone) is { } phoneProblem) errors[IntakeFields.Phone] = phoneProblem;
        if (ReportRules.PositionProblem(request.Longitude, request.Latitude) is { } positionProblem) errors[IntakeFields.Position] = positionProblem;
        if (request.Photos.Count > ReportRules.MaxPhotos)
            errors[IntakeFields.Photos] = $"最多上传 {ReportRules.MaxPhotos} 张照片，您选择了 {request.Photos.Count} 张。";
        if (request.GridCode is not null && TerritoryCode.Problem(request.GridCode, TerritoryLevel.Grid) is not null)
            errors[IntakeFields.GridCode] = "网格编码应为 15 位数字。";
        if (request.GridCode is null && request.Longitude is null)
            errors[IntakeFields.GridCode] = "请扫描网格二维码上报，或提供问题所在位置。";
        if (errors.Count > 0) return new IntakeResult.Invalid(errors);

        // A retry of a committed submission answers at once, before any photo work.
        if (await FindByKeyAsync(request.IdempotencyKey!, ct) is { } earlier) return earlier;

        if (!await CategoryIsActiveAsync(category!.ToString(), ct))
            return Invalid(IntakeFields.Category, "所选问题类别不存在或已停用，请重新选择。");
        var place = await ResolvePlaceAsync(request.GridCode, request.Longitude, request.Latitude, ct);
        if (place is null)
            return request.GridCode is not null
                ? Invalid(IntakeFields.GridCode, $"没有编码为 {request.GridCode} 的网格。")
                : Invalid(IntakeFields.Position, "该位置不在本系统管辖的网格范围内。");

        var (processed, photoProblem) = await CasePhotos.ProcessAsync(photos, request.Photos, ct);
        if (photoProblem is not null) return Invalid(IntakeFields.Photos, photoProblem);

        var token = TrackingToken.New();
        var result = await gate.RunAsync(cancel => InsertAsync(request, requestType!.Value, category, place, processed, token, cancel), ct);
        if (result is IntakeResult.Accepted { Replayed: false } accepted)
            logger.LogInformation("Case {CaseNumber} reported in grid {GridCode} via {Source} with {PhotoCount} photos",
                accepted.CaseNumber, place.GridCode, request.Source.Code(), processed.Count);
        return result;
    }

    private static IntakeResult.Invalid Invalid(string field, string message) => new(new Dictionary<string, string> { [field] = message });

    private sealed record Place(string CountyCode, string TownshipCode, string VillageCode, string GridCode, bool OutsideGrid);

    /// <summary>The scanned grid (and whether the position lies outside it), or the grid a position falls in.</summary>
    private async Task<Place?> ResolvePlaceAsync(string? gridCode, double? lng, double? lat, CancellationToken ct)
    {
        await using var command = gridCode is not null
            ? dataSource.CreateCommand("""
                SELECT t.county_code, v.township_code, g.village_code, g.code,
                       $2::float8 IS NOT NULL AND NOT ST_Covers(g.geom, ST_SetSRID(ST_MakePoint($2, $3), 4326))
                FROM grid g JOIN village v ON v.code = g.village_code JOIN township t ON t.code = v.township_code
                WHERE g.code = $1
                """)
            : dataSource.CreateCommand("""
                SELECT t.county_code, v.township_code, g.village_code, g.code, false
                FROM grid g JOIN village v ON v.code = g.village_code JOIN township t ON t.code = v.township_code
                WHERE ST_Covers(g.geom, ST_SetSRID(ST_MakePoint($2, $3), 4326)) AND $1::text IS NULL
                ORDER BY g.code LIMIT 1
                """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)gridCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)lng ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)lat ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new Place(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4));
    }

    private async Task<bool> CategoryIsActiveAsync(string code, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM case_category WHERE code = $1 AND active)");
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<IntakeResult.Accepted?> FindByKeyAsync(string key, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, number, tracking_token_encrypted FROM case_file WHERE idempotency_key = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new IntakeResult.Accepted(reader.GetInt64(0), reader.GetString(1), secrets.UnprotectToken(reader.GetFieldValue<byte[]>(2)), Replayed: true);
    }

    private async Task<IntakeResult> InsertAsync(IntakeRequest request, RequestType requestType, CaseCategoryCode category, Place place,
        IReadOnlyList<ProcessedPhoto> processed, string token, CancellationToken ct)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            // The counter row lock serialises one county's submissions until COMMIT (a rollback gives the number back, so
            // numbers have no gaps). So the number, the case and its timeline entry are one statement: the lock is held for
            // that statement and the commit, not for a round trip per row (measured: with a round trip per row, 60 of 64
            // concurrent submissions of one county sat waiting on this lock). The number is CaseNumber's format:
            // category + yyyyMMdd (China's date) + a 4-digit daily sequence (the counter's CHECK stops at 9999).
            var state = CaseStateMachine.Initial.Code();
            await using var insert = new NpgsqlCommand("""
                WITH n AS (
                    INSERT INTO case_number_counter AS c (county_code, day, last_value)
                    VALUES ($8, (now() AT TIME ZONE 'Asia/Shanghai')::date, 1)
                    ON CONFLICT (county_code, day) DO UPDATE SET last_value = c.last_value + 1
                    RETURNING $1 || to_char(day, 'YYYYMMDD') || lpad(last_value::text, 4, '0') AS number
                ), created AS (
                    INSERT INTO case_file (number, kind, category, request_type, source, description, geom, position_outside_grid,
                                           county_code, township_code, village_code, grid_code, state, reporter_phone_encrypted,
                                           tracking_token_hash, tracking_token_encrypted, idempotency_key, reported_by_account_id,
                                           on_behalf_household_code)
                    SELECT n.number, left($1, 1), $1, $2, $3, $4,
                           CASE WHEN $5::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($5, $6), 4326) END, $7,
                           $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18
                    FROM n
                    ON CONFLICT (idempotency_key) DO NOTHING
                    RETURNING id, number
                ), entry AS (
                    INSERT INTO case_timeline (case_id, actor_kind, actor_account_id, actor_role, action, state_before, state_after, note, photo_shas)
                    SELECT created.id, $19, $17, $20, 'report', NULL, $12, $21, $22 FROM created
                )
                SELECT id, number FROM created
                """, connection, tx);
            insert.Parameters.Add(new NpgsqlParameter { Value = category.ToString() });
            insert.Parameters.Add(new NpgsqlParameter { Value = requestType.Code() });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.Source.Code() });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.Description!.Trim() });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)request.Longitude ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)request.Latitude ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
            insert.Parameters.Add(new NpgsqlParameter { Value = place.OutsideGrid });
            insert.Parameters.Add(new NpgsqlParameter { Value = place.CountyCode });
            insert.Parameters.Add(new NpgsqlParameter { Value = place.TownshipCode });
            insert.Parameters.Add(new NpgsqlParameter { Value = place.VillageCode });
            insert.Parameters.Add(new NpgsqlParameter { Value = place.GridCode });
            insert.Parameters.Add(new NpgsqlParameter { Value = state });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)secrets.ProtectPhone(request.ReporterPhone) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
            insert.Parameters.Add(new NpgsqlParameter { Value = TrackingToken.HashOf(token)! });
            insert.Parameters.Add(new NpgsqlParameter { Value = secrets.ProtectToken(token) });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.IdempotencyKey! });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)request.ActorAccountId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)request.OnBehalfHouseholdCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.ActorKind });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.ActorRole });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.Source.Chinese() });
            insert.Parameters.Add(new NpgsqlParameter { Value = processed.Select(p => p.Sha256).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });

            long caseId;
            string number;
            await using (var reader = await insert.ExecuteReaderAsync(ct))
            {
                if (!await reader.ReadAsync(ct))
                {
                    await reader.DisposeAsync();
                    // Another request with the same key committed while we worked (ON CONFLICT waited for it): undo our number.
                    await tx.RollbackAsync(ct);
                    return await FindByKeyAsync(request.IdempotencyKey!, ct)
                           ?? throw new InvalidOperationException("Idempotency conflict without a committed case");
                }
                (caseId, number) = (reader.GetInt64(0), reader.GetString(1));
            }

            await CasePhotos.AddAsync(connection, tx, caseId, "report", processed, ct);

            await tx.CommitAsync(ct);
            return new IntakeResult.Accepted(caseId, number, token, Replayed: false);
        }
    }
}
