using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Photos;
using Npgsql;

namespace GridGovernance.Web.Features.Intake;

/// <summary>
/// 补充材料 from the tracking page: the resident adds text and photos to their open case (what they forgot, how it got worse).
/// The photos go through the pipeline first; then one transaction locks the case (the one the token leads to, also after a
/// merge), writes the photo rows (as report photos), the timeline entry carrying them and the notice to the grid. The form's key
/// makes a double tap land once.
/// </summary>
internal static class CaseSupplement
{
    public const string Action = "supplement";
    public const int MaxTextLength = 500;
    public const int MaxPhotos = 3;

    /// <summary>Null when recorded (or already recorded under this key); otherwise the Chinese reason it was not.</summary>
    public static async Task<string?> AddAsync(NpgsqlDataSource dataSource, IPhotoProcessor processor, byte[] tokenHash, string? requestKey,
        string? text, IReadOnlyList<IntakePhoto> uploads, CancellationToken ct)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) && uploads.Count == 0) return "请填写补充说明或选择照片。";
        if (text is { Length: > MaxTextLength }) return $"补充说明最多 {MaxTextLength} 字。";
        if (uploads.Count > MaxPhotos) return $"一次最多补充 {MaxPhotos} 张照片。";
        if (requestKey is null || !Plumbing.IdempotencyKeys.IsValid(requestKey)) return "页面已过期，请刷新后再提交。";

        var (photos, problem) = await CasePhotos.ProcessAsync(processor, uploads, ct);
        if (problem is not null) return problem;

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await CaseRecords.CaseOfRequestKeyAsync(connection, tx, requestKey, ct) is not null) return null;
        long id;
        string state, number, gridCode;
        await using (var select = new NpgsqlCommand($"""
            SELECT c.id, c.state, c.number, c.grid_code FROM case_file c WHERE c.id = {CaseTracking.CaseOfToken} FOR UPDATE
            """, connection, tx))
        {
            select.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = tokenHash });
            await using var reader = await select.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return "未找到该案件。";
            (id, state, number, gridCode) = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
        }
        if (CaseStates.FromCode(state) is not { } current || !current.IsOpen())
            return "案件已办结，不能再补充材料；如果问题仍未解决，请在评价中选择“不满意”并写明情况。";

        var distinct = photos.DistinctBy(p => p.Sha256).ToList();
        await using (var known = new NpgsqlCommand("SELECT photo_sha256 FROM case_photo WHERE case_id = $1", connection, tx))
        {
            known.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            await using var reader = await known.ExecuteReaderAsync(ct);
            var have = new HashSet<string>();
            while (await reader.ReadAsync(ct)) have.Add(reader.GetString(0));
            distinct.RemoveAll(p => have.Contains(p.Sha256));
        }
        await CasePhotos.AddAsync(connection, tx, id, "report", distinct, ct);
        var note = string.IsNullOrEmpty(text) ? $"群众补充了 {photos.Count} 张照片" : $"群众补充材料：{text}";
        await CaseRecords.TimelineAsync(connection, tx, id, new CaseRecords.Actor("resident", null, "resident"), Action, state, state,
            note, ct, photoShas: photos.Select(p => p.Sha256).Distinct().ToList(), requestKey: requestKey);
        await CaseRecords.NotifyAsync(connection, tx, gridCode, id, null, Action,
            $"群众补充材料：案件 {number}（{current.Chinese()}）" + (photos.Count > 0 ? $"，附 {photos.Count} 张照片。" : "。"), ct);
        await tx.CommitAsync(ct);
        return null;
    }
}
