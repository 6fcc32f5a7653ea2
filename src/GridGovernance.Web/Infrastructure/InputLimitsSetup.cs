using GridGovernance.Web.Features.Photos;
using Microsoft.AspNetCore.Http.Features;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// Where the input limits are set: Kestrel's (set above the app's, so that the app, not Kestrel, answers an over-long request
/// target with a Chinese 414), the form reader's (each uploaded part stops at GridGov:Photos:MaxUploadBytes) and the
/// <see cref="InputGuard"/>'s.
/// </summary>
internal static class InputLimitsSetup
{
    /// <summary>Kestrel refuses longer request lines itself, with an empty 414 (README: "Input limits and security headers").</summary>
    public const int KestrelMaxRequestLineBytes = 64 * 1024;

    public static void AddGridGovernanceInputLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = KestrelMaxRequestLineBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = KestrelMaxRequestLineBytes + 32 * 1024;
        });
        builder.Services.AddOptions<InputLimits>().Configure<PhotoStorageOptions>((limits, photos) => limits.MaxUploadBytes = photos.MaxUploadBytes);
        // Per multipart section: a 20 MB photo is cut off after MaxUploadBytes, not read whole and refused afterwards.
        builder.Services.AddOptions<FormOptions>().Configure<PhotoStorageOptions>((form, photos) => form.MultipartBodyLengthLimit = photos.MaxUploadBytes);
    }
}
