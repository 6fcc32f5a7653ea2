using System.Text.RegularExpressions;
using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Territory;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Metrics;
using GridGovernance.Web.Features.Photos;
using GridGovernance.Web.Plumbing;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Web.Features.Intake;

/// <summary>
/// Takes a report from any channel (resident QR page, API, the grid worker's and 联户长's field pages) and turns it into a
/// case: validate → photos through the pipeline (outside the transaction: slow, and files are content-addressed) → ONE
/// transaction for number, case, first timeline entry and photo rows. The same idempotency key always yields the same case.
/// </summary>
internal sealed partial class CaseIntake(NpgsqlDataSource dataSource, IPhotoProcessor photos, CaseSecrets secrets, IntakeGate gate,
    GridGovMetrics metrics, ILogger<CaseIntake> logger)
{
    /// <summary>case_file's UNIQUE (idempotency_key): a twin submission that lost the race fails on it.</summary>
    private const string IdempotencyKeyConstraint = "case_file_idempotency_key_key";
    private const string NumbersUsedUpConstraint = "case_number_counter_last_value_check";

    public async Task<IntakeResult> SubmitAsync(IntakeRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (!IdempotencyKeys.IsValid(request.IdempotencyKey))
            errors[IntakeFields.IdempotencyKey] = "缺少有效的幂等键（8–100 位字母、数字、- 或 _）。请刷新页面后重新提交。";
        var requestType = RequestTypes.FromCode(request.RequestType);
        if (requestType is null) errors[IntakeFields.RequestType] = "请选择诉求类型（咨询、求助、投诉、举报或建议）。";
        var category = CaseCategoryCode.TryParse(request.Category);
        if (category is null) errors[IntakeFields.Category] = "请选择问题类别。";
        if (ReportRules.DescriptionProblem(request.Description) is { } descriptionProblem) errors[IntakeFields.Description] = descriptionProblem;
        if (ReportRules.PhoneProblem(request.ReporterPhone) is { } phoneProblem) errors[IntakeFields.Phone] = phoneProblem;
        else if (request.CallBack && string.IsNullOrWhiteSpace(request.ReporterPhone)) errors[IntakeFields.Phone] = "希望回电，请留下手机号。";
        if (ReportRules.PositionProblem(request.Longitude, request.Latitude) is { } positionProblem) errors[IntakeFields.Position] = positionProblem;
        if (request.Photos.Count > ReportRules.MaxPhotos)
            errors[IntakeFields.Photos] = $"最多上传 {ReportRules.MaxPhotos} 张照片，您选择了 {request.Photos.Count} 张。";
        if (request.GridCode is not null && TerritoryCode.Problem(request.GridCode, TerritoryLevel.Grid) is not null)
            errors[IntakeFields.GridCode] = "网格编码应为 15 位数字。";
        if (request.GridCode is null && request.Longitude is null)
            errors[IntakeFields.GridCode] = "请扫描网格二维码上报，或提供问题所在位置。";
        if (errors.Count > 0) return new IntakeResult.Invalid(errors);

        // One round trip for the three look-ups (see IntakeLookUp).
        var (earlier, categoryActive, place) = await IntakeLookUp.RunAsync(dataSource, request.IdempotencyKey!, category!.ToString(),
            request.GridCode, request.Longitude, request.Latitude, ct);
        // A retry of a committed submission answers at once, before any photo work; the same key with another body is refused.
        var fingerprint = IntakeFingerprint.Of(request);
        if (earlier is not null) return ReplayedOrRefused(earlier, fingerprint);
        if (!categoryActive)
            return Invalid(IntakeFields.Category, "所选问题类别不存在或已停用，请重新选择。");
        if (place is null)
            return request.GridCode is not null
                ? Invalid(IntakeFields.GridCode, $"没有编码为 {request.GridCode} 的网格。")
                : Invalid(IntakeFields.Position, "该位置不在本系统管辖的县域范围内。");

        var (processed, photoProblem) = await CasePhotos.ProcessAsync(photos, request.Photos, ct);
        if (photoProblem is not null) return Invalid(IntakeFields.Photos, photoProblem);

        var token = TrackingToken.New();
        var result = await gate.RunAsync(cancel => InsertAsync(request, requestType!.Value, category, place, processed, token, fingerprint, cancel), ct);
        if (result is IntakeResult.Accepted { Replayed: false } accepted)
        {
            metrics.CaseAccepted(request.Source.Code());
            logger.LogInformation("Case {CaseNumber} reported in grid {GridCode} via {Source} with {PhotoCount} photos",
                accepted.CaseNumber, place.GridCode, request.Source.Code(), processed.Count);
        }
        return result;
    }

    private static IntakeResult.Invalid Invalid(string field, string message) => new(new Dictionary<string, string> { [field] = message });

    /// <summary>The Chinese refusal of a key reused with another body (422): never someone else's case number and link.</summary>
    internal const string KeyReused = "该幂等键已用于另一份内容不同的诉求，本次未提交。新的诉求请使用新的幂等键（网页请刷新后重新填写）。";

    private IntakeResult ReplayedOrRefused(CommittedCase earlier, byte[] fingerprint)
    {
        if (IntakeFingerprint.Matches(earlier.Fingerprint, fingerprint))
            return new IntakeResult.Accepted(earlier.CaseId, earlier.Number, secrets.UnprotectToken(earlier.TrackingTokenEncrypted), Replayed: true);
        logger.LogWarning("Idempotency key reused with a different submission (case {CaseId}); refused", earlier.CaseId);
        return new IntakeResult.Invalid(new Dictionary<string, string> { [IntakeFields.IdempotencyKey] = KeyReused },
            StatusCodes.Status422UnprocessableEntity);
    }

    private async Task<IntakeResult> InsertAsync(IntakeRequest request, RequestType requestType, CaseCategoryCode category, IntakePlace place,
        IReadOnlyList<ProcessedPhoto> processed, string token, byte[] fingerprint, CancellationToken ct)
    {
        try
        {
            long caseId;
            string number;
            if (processed.Count == 0 && request.InTransaction is null)
            {
                // Without photos the case is one statement, committed by itself (an implicit transaction): one round trip, and
                // the locks below are released the moment the statement ends, not a round trip later.
                await using var insert = InsertCommand(dataSource.CreateCommand(), request, requestType, category, place, processed, token, fingerprint);
                await using var reader = await insert.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                (caseId, number) = (reader.GetInt64(0), reader.GetString(1));
            }
            else
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                await using var tx = await connection.BeginTransactionAsync(ct);
                await using (var insert = InsertCommand(new NpgsqlCommand(null, connection, tx), request, requestType, category, place, processed, token, fingerprint))
                await using (var reader = await insert.ExecuteReaderAsync(ct))
                {
                    await reader.ReadAsync(ct);
                    (caseId, number) = (reader.GetInt64(0), reader.GetString(1));
                }
                // Photo rows after the timeline entry: every writer takes the outbox's lock (the timeline trigger) in this order.
                await CasePhotos.AddAsync(connection, tx, caseId, "report", processed, ct);
                if (request.InTransaction is { } then) await then(connection, tx, caseId, ct);
                await tx.CommitAsync(ct);
            }
            return new IntakeResult.Accepted(caseId, number, token, Replayed: false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation && e.ConstraintName == NumbersUsedUpConstraint)
        {
            // The county's 99,999th case of the day has been filed: nothing was stored (the statement failed as a whole).
            return new IntakeResult.Invalid(new Dictionary<string, string>
            {
                [IntakeFields.Description] = "本县今日的案件编号已用完，暂时无法受理新的上报。请稍后再试或拨打 12345 热线。",
            }, StatusCodes.Status503ServiceUnavailable);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == IdempotencyKeyConstraint)
        {
            // A twin with the same key committed while we worked (the unique index made us wait for it). Our statement failed
            // as a whole, so the number it drew went back: numbers stay without gaps. Answer with the twin's case.
            return await IntakeLookUp.ByKeyAsync(dataSource, request.IdempotencyKey!, ct) is { } twin
                ? ReplayedOrRefused(twin, fingerprint)
                : throw new InvalidOperationException("Idempotency conflict without a committed case", e);
        }
    }

    /// <summary>
    /// The number, the case and its first timeline entry (whose trigger writes the outbox event) in ONE statement. The counter row
    /// lock serialises one county's submissions until commit (a failure gives the number back, so numbers have no gaps), so it must
    /// be held as briefly as possible (measured: with a round trip per row, 60 of 64 concurrent submissions of one county sat
    /// waiting on it). The number is CaseNumber's format: category + yyyyMMdd (China's date) + a 4-digit daily sequence, 5 digits
    /// from the 10,000th case of a county's day (the counter's CHECK stops at 99,999: then the day's numbers are used up).
    /// </summary>
    private NpgsqlCommand InsertCommand(NpgsqlCommand insert, IntakeRequest request, RequestType requestType, CaseCategoryCode category,
        IntakePlace place, IReadOnlyList<ProcessedPhoto> processed, string token, byte[] fingerprint)
    {
        var state = CaseStateMachine.Initial.Code();
        insert.CommandText = """
            WITH n AS (
                INSERT INTO case_number_counter AS c (county_code, day, last_value)
                VALUES ($8, (now() AT TIME ZONE 'Asia/Shanghai')::date, 1)
                ON CONFLICT (county_code, day) DO UPDATE SET last_value = c.last_value + 1
                RETURNING $1 || to_char(day, 'YYYYMMDD') || CASE WHEN last_value < 10000 THEN lpad(last_value::text, 4, '0') ELSE last_value::text END AS number
            ), created AS (
                INSERT INTO case_file (number, kind, category, request_type, source, description, geom, position_outside_grid,
                                       county_code, township_code, village_code, grid_code, state, reporter_phone_encrypted,
                                       tracking_token_hash, tracking_token_encrypted, idempotency_key, reported_by_account_id,
                                       on_behalf_household_code, grid_by_nearest, idempotency_fingerprint, callback_requested, external_ticket)
                SELECT n.number, left($1, 1), $1, $2, $3, $4,
                       CASE WHEN $5::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($5, $6), 4326) END, $7,
                       $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $23, $24, $25, $26
                FROM n
                RETURNING id, number
            ), entry AS (
                INSERT INTO case_timeline (case_id, actor_kind, actor_account_id, actor_role, action, state_before, state_after, note, photo_shas)
                SELECT created.id, $19, $17, $20, 'report', NULL, $12, $21, $22 FROM created
            )
            SELECT id, number FROM created
            """;
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
        insert.Parameters.Add(new NpgsqlParameter { Value = request.TicketNumber is { } ticket ? $"{request.Source.Chinese()}（工单号 {ticket}）" : request.Source.Chinese() });
        insert.Parameters.Add(new NpgsqlParameter { Value = processed.Select(p => p.Sha256).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = place.GridByNearest });
        insert.Parameters.Add(new NpgsqlParameter { Value = fingerprint, NpgsqlDbType = NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter { Value = request.CallBack, NpgsqlDbType = NpgsqlDbType.Boolean });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)request.TicketNumber ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return insert;
    }
}
