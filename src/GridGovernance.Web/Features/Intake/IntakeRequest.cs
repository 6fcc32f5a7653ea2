using GridGovernance.Domain.Cases;
using GridGovernance.Web.Plumbing;

namespace GridGovernance.Web.Features.Intake;

/// <summary>One attached photo as it arrived (a form file, or bytes from another channel).</summary>
internal sealed record IntakePhoto(string FileName, long Length, Func<Stream> OpenReadStream);

/// <summary>
/// A report from any channel. Text fields are raw input: <see cref="CaseIntake"/> validates them all and answers per field.
/// The actor fields describe who entered it (a resident on the QR page; staff channels fill in their account and role, which
/// is stored as the case's reporter); a 联户长 names the household of their unit they report for.
/// </summary>
internal sealed record IntakeRequest(
    CaseSource Source,
    string? IdempotencyKey,
    string? GridCode,
    string? RequestType,
    string? Category,
    string? Description,
    double? Longitude,
    double? Latitude,
    string? ReporterPhone,
    IReadOnlyList<IntakePhoto> Photos,
    string ActorKind = "resident",
    string ActorRole = "resident",
    long? ActorAccountId = null,
    string? OnBehalfHouseholdCode = null,
    bool CallBack = false)
{
    /// <summary>The 12345 hotline's ticket number (工单号) of a hand-over entered at the desk.</summary>
    public string? TicketNumber { get; init; }

    /// <summary>
    /// A step that belongs to the same change as the filing (随手拍随手办: closing the new case on the spot), run inside the
    /// case's transaction after its rows are written, given the new case's id. Throwing rolls the whole filing back.
    /// </summary>
    public Func<Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, long, CancellationToken, Task>? InTransaction { get; init; }
}

/// <summary>The outcome of a submission.</summary>
internal abstract record IntakeResult
{
    /// <summary>Committed (or found committed earlier under the same idempotency key: <paramref name="Replayed"/>).</summary>
    public sealed record Accepted(long CaseId, string CaseNumber, string TrackingToken, bool Replayed) : IntakeResult;

    /// <summary>
    /// Refused before anything was stored; messages in Chinese keyed by field name. <paramref name="Status"/> is 400, or 422
    /// for an idempotency key already used by a different submission.
    /// </summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string> Errors, int Status = StatusCodes.Status400BadRequest) : IntakeResult;
}

/// <summary>The field names errors are keyed by (also the names of the form's inputs).</summary>
internal static class IntakeFields
{
    public const string IdempotencyKey = "idempotencyKey";
    public const string GridCode = "gridCode";
    public const string RequestType = "requestType";
    public const string Category = "category";
    public const string Description = "description";
    public const string Position = FormReading.PositionField;
    public const string Phone = "phone";
    public const string Photos = "photos";
}
