namespace GridGovernance.Web.Features.Photos;

/// <summary>Where photos live and how hard the pipeline may work (configuration section GridGov:Storage / GridGov:Photos).</summary>
internal sealed record PhotoStorageOptions(string Root, long MaxUploadBytes, TimeSpan VipsTimeout, int MaxConcurrentVips)
{
    /// <summary>10 MB: a modern phone's full-resolution JPEG or HEIC fits; anything larger is not a casual snapshot.</summary>
    public const long DefaultMaxUploadBytes = 10 * 1024 * 1024;

    public static PhotoStorageOptions From(IConfiguration configuration, IHostEnvironment environment)
    {
        var root = configuration["GridGov:Storage:PhotoDirectory"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(configuration["GridGov:DataDirectory"] is { Length: > 0 } data ? data : Path.Combine(environment.ContentRootPath, "App_Data"), "photos");
        return new PhotoStorageOptions(
            Path.GetFullPath(root),
            configuration.GetValue("GridGov:Photos:MaxUploadBytes", DefaultMaxUploadBytes),
            TimeSpan.FromSeconds(configuration.GetValue("GridGov:Photos:VipsTimeoutSeconds", 30)),
            // One vips per core: vips is itself multi-threaded, so more processes only queue for the same cores and memory.
            configuration.GetValue("GridGov:Photos:MaxConcurrentVips", Math.Max(1, Environment.ProcessorCount)));
    }
}
