using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GridGovernance.Domain.Cases;

namespace GridGovernance.Web.Features.Intake;

/// <summary>
/// What makes two submissions "the same" for an idempotency key: channel, submitter, place, request type, category,
/// description, position, phone, the household spoken for and the number of photos (the photos' bytes are not read: a phone
/// re-encodes a retried photo, and the photo count with the text already tells a retry from another report). Stored with the
/// case (migration 0016); a key that comes back with another fingerprint is refused.
/// </summary>
internal static class IntakeFingerprint
{
    public static byte[] Of(IntakeRequest request)
    {
        var text = string.Join('\u001f',
            request.Source.Code(),
            request.ActorAccountId?.ToString(CultureInfo.InvariantCulture) ?? "",
            request.GridCode ?? "",
            request.RequestType ?? "",
            request.Category ?? "",
            request.Description?.Trim() ?? "",
            request.Longitude?.ToString("R", CultureInfo.InvariantCulture) ?? "",
            request.Latitude?.ToString("R", CultureInfo.InvariantCulture) ?? "",
            request.ReporterPhone ?? "",
            request.OnBehalfHouseholdCode ?? "",
            request.Photos.Count.ToString(CultureInfo.InvariantCulture));
        // Only a desk entry carries a ticket: every other channel's fingerprint stays what migration 0016 stored.
        if (request.TicketNumber is { } ticket) text += '\u001f' + ticket;
        return SHA256.HashData(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>A case filed before fingerprints were kept (null) is taken as a match: its key can only be replayed.</summary>
    public static bool Matches(byte[]? stored, byte[] submitted) => stored is null || CryptographicOperations.FixedTimeEquals(stored, submitted);
}
