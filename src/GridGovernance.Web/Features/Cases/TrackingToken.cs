using System.Buffers.Text;
using System.Security.Cryptography;
using GridGovernance.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Features.Cases;

/// <summary>
/// The resident's private tracking token: 128 random bits, base64url (22 characters) in the link /t/{token}. The database keeps
/// only its SHA-256 for look-ups (a leaked table gives no working links) plus a Data Protection ciphertext, so that a retried
/// submission with the same idempotency key can answer with the very same link.
/// </summary>
internal static class TrackingToken
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>The hash to look a token up by, or null when the text cannot be a token (so no query is needed).</summary>
    public static byte[]? HashOf(string? token)
    {
        if (token is not { Length: 22 } || !Base64Url.IsValid(token, out var length) || length != 16) return null;
        return SHA256.HashData(Base64Url.DecodeFromChars(token));
    }

    public static string PathOf(string token) => $"/t/{token}";

    /// <summary>The link to give the resident: under GridGov:PublicBaseUrl when set (behind a proxy the request's host is internal).</summary>
    public static string UrlOf(HttpContext context, string token)
    {
        var baseUrl = context.RequestServices.GetRequiredService<IOptions<GridGovOptions>>().Value.PublicBase()
                      ?? $"{context.Request.Scheme}://{context.Request.Host}";
        return baseUrl + PathOf(token);
    }
}
