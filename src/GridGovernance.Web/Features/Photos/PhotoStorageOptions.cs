using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Photos;

/// <summary>Where photos live and how hard the pipeline may work, resolved from <see cref="PhotoSettings"/> and <see cref="StorageSettings"/>.</summary>
internal sealed record PhotoStorageOptions(string Root, long MaxUploadBytes, TimeSpan VipsTimeout, int MaxConcurrentVips)
{
    /// <summary>10 MB: a modern phone's full-resolution JPEG or HEIC fits; anything larger is not a casual snapshot.</summary>
    public const long DefaultMaxUploadBytes = 10 * 1024 * 1024;

    public static PhotoStorageOptions From(PhotoSettings photos, StorageSettings storage, GridGovOptions app, IHostEnvironment environment)
    {
        var root = storage.PhotoDirectory is { Length: > 0 } configured
            ? configured
            : Path.Combine(app.DataDirectory is { Length: > 0 } data ? data : Path.Combine(environment.ContentRootPath, "App_Data"), "photos");
        return new PhotoStorageOptions(
            Path.GetFullPath(root), photos.MaxUploadBytes, TimeSpan.FromSeconds(photos.VipsTimeoutSeconds), photos.MaxConcurrentVips);
    }
}
