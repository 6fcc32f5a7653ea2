using System.Text.RegularExpressions;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Dispatch;
using GridGovernance.Web.Features.Intake;
using GridGovernance.Web.Features.Photos;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Web.Features.Field;

/// <summary>The outcome of closing a 微事 on the spot.</summary>
internal abstract record ResolutionResult
{
    public sealed record Resolved(bool Replayed) : ResolutionResult;

    /// <summary>No such case in the caller's scope (the same answer for both, so ids cannot be probed).</summary>
    public sealed record NotFound : ResolutionResult;

    /// <summary>Bad input, nothing stored; Chinese messages keyed by field.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string> Errors) : ResolutionResult;

    /// <summary>The case's state does not allow it (the domain's refusal, in Chinese).</summary>
    public sealed record Refused(string Message) : ResolutionResult;
}

/// <summary>Closing inside a filing's transaction was refused: thrown to roll the filing back with it (随手拍随手办).</summary>
internal sealed class ResolutionRefusedException(ResolutionResult result) : Exception("On-spot closing refused inside the filing")
{
    public ResolutionResult Result { get; } = result;
}

/// <summary>
/// 微事不出网格: the grid worker settles a small matter on the spot and closes the case at grid level with an after-photo and a
/// note. Photos go through the pipeline first (slow, content-addressed files); then ONE transaction locks the case, asks the
/// domain whether the move is legal, and writes the state, the timeline entry and the photo rows together. The form's key
/// makes a retry land once.
/// </summary>
internal sealed partial class OnSpotResolution(NpgsqlDataSource dataSource, IPhotoProcessor photos, ILogger<OnSpotResolution> logger)
{
    public const int MaxNoteLength = 500;

    public static class Fields
    {
        public const string Key = "requestKey";
        public const string Note = "note";
        public const string Photos = "photos";
    }

    public async Task<ResolutionResult> ResolveAsync(CurrentStaff staff, long caseId, string? requestKey, string? note,
        IReadOnlyList<IntakePhoto> afterPhotos, CancellationToken ct)
    {
        if (Check(staff, requestKey, note, afterPhotos) is { } invalid) return invalid;
        if (await AlreadyDoneAsync(requestKey!, caseId, ct) is { } done) return done;
        var (processed, problem) = await ProcessAsync(afterPhotos, ct);
        if (problem is not null) return problem;

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var result = await CloseAsync(connection, tx, staff, caseId, requestKey!, note!.Trim(), processed, ct);
        if (result is ResolutionResult.Resolved { Replayed: false }) await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>The form's input judged before anything is done: null when it may go on.</summary>
    public ResolutionResult? Check(CurrentStaff staff, string? requestKey, string? note, IReadOnlyList<IntakePhoto> afterPhotos)
    {
        var errors = new Dictionary<string, string>();
        if (!IdempotencyKeys.IsValid(requestKey)) errors[Fields.Key] = "页面已过期，请刷新后重新提交。";
        note = note?.Trim();
        if (string.IsNullOrEmpty(note)) errors[Fields.Note] = "请写明现场是如何处置的。";
        else if (note.Length > MaxNoteLength) errors[Fields.Note] = $"处置说明不能超过 {MaxNoteLength} 字，当前 {note.Length} 字。";
        if (afterPhotos.Count == 0) errors[Fields.Photos] = "请拍摄至少一张处置后的现场照片。";
        else if (afterPhotos.Count > ReportRules.MaxPhotos)
            errors[Fields.Photos] = $"最多上传 {ReportRules.MaxPhotos} 张照片，您选择了 {afterPhotos.Count} 张。";
        if (!staff.MayResolveOnSpot())
            return new ResolutionResult.Refused("只有本网格的网格员可以现场处置办结。");
        return errors.Count > 0 ? new ResolutionResult.Invalid(errors) : null;
    }

    /// <summary>The after-photos through the pipeline (slow: before any transaction), or the refusal of the first bad one.</summary>
    public async Task<(IReadOnlyList<ProcessedPhoto> Photos, ResolutionResult? Problem)> ProcessAsync(IReadOnlyList<IntakePhoto> afterPhotos,
        CancellationToken ct)
    {
        var (processed, photoProblem) = await CasePhotos.ProcessAsync(photos, afterPhotos, ct);
        return photoProblem is null
            ? (processed, null)
            : ([], new ResolutionResult.Invalid(new Dictionary<string, string> { [Fields.Photos] = photoProblem }));
    }

    /// <summary>
    /// Closes the case inside the caller's transaction (the case page's own, or the filing's for 随手拍随手办): locks the case
    /// within the caller's scope, asks the domain, writes the state, the timeline entry and the photo rows. Commits nothing.
    /// </summary>
    public async Task<ResolutionResult> CloseAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CurrentStaff staff, long caseId,
        string requestKey, string note, IReadOnlyList<ProcessedPhoto> processed, CancellationToken ct)
    {
        string stateCode;
        await using (var lockCase = StaffScopeSql.Command(connection, tx, staff,
            $"SELECT c.state FROM case_file c WHERE c.id = @id AND {StaffScopeSql.ActsOnCase("c")} FOR UPDATE"))
        {
            lockCase.Parameters.Add(new NpgsqlParameter<long>("id", caseId));
            if (await lockCase.ExecuteScalarAsync(ct) is not string code) return new ResolutionResult.NotFound();
            stateCode = code;
        }
        // A concurrent twin of this request held the lock first and committed: ours is the same action, already done.
        if (await AlreadyDoneAsync(requestKey, caseId, ct, connection, tx) is { } twin) return twin;

        var before = CaseStates.FromCode(stateCode) ?? CaseStateMachine.Initial;
        var decision = CaseStateMachine.Decide(before, CaseAction.ResolveOnSpot);
        if (!decision.Allowed) return new ResolutionResult.Refused(decision.Refusal!);
        var after = decision.NewState!.Value;

        await using (var update = new NpgsqlCommand(
            "UPDATE case_file SET state = $2, closed_at = CASE WHEN $3 THEN now() ELSE closed_at END WHERE id = $1", connection, tx))
        {
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = caseId });
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after.Code() });
            update.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = after.IsClosed() });
            await update.ExecuteNonQueryAsync(ct);
        }
        await CaseRecords.TimelineAsync(connection, tx, caseId, new CaseRecords.Actor("staff", staff.Id, staff.TimelineRole()),
            CaseAction.ResolveOnSpot.Code(), before.Code(), after.Code(), note, ct, photoShas: processed.Select(p => p.Sha256).ToList(),
            requestKey: requestKey);
        await CasePhotos.AddAsync(connection, tx, caseId, "after", processed, ct);
        logger.LogInformation("Case {CaseId} resolved on the spot by account {AccountId} with {PhotoCount} photos", caseId, staff.Id, processed.Count);
        return new ResolutionResult.Resolved(Replayed: false);
    }

    private async Task<ResolutionResult?> AlreadyDoneAsync(string requestKey, long caseId, CancellationToken ct,
        NpgsqlConnection? connection = null, NpgsqlTransaction? tx = null)
    {
        const string sql = "SELECT case_id FROM case_timeline WHERE request_key = $1";
        await using var command = connection is null ? dataSource.CreateCommand(sql) : new NpgsqlCommand(sql, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = requestKey });
        return await command.ExecuteScalarAsync(ct) switch
        {
            null => null,
            long id when id == caseId => new ResolutionResult.Resolved(Replayed: true),
            // The key belongs to another case's action: a tampered or reused form.
            _ => new ResolutionResult.Invalid(new Dictionary<string, string> { [Fields.Key] = "页面已过期，请刷新后重新提交。" }),
        };
    }
}
