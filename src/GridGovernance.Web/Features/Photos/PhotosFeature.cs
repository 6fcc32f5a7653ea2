using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Settings;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Features.Photos;

/// <summary>The photo pipeline's services. Serving photos belongs to the features that know who may see them (cases).</summary>
internal static class PhotosFeature
{
    public static IServiceCollection AddPhotos(this IServiceCollection services)
    {
        services.AddSettings<PhotoSettings>(PhotoSettings.Section);
        services.AddSettings<StorageSettings>(StorageSettings.Section);
        services.AddSingleton(sp => PhotoStorageOptions.From(sp.GetRequiredService<IOptions<PhotoSettings>>().Value,
            sp.GetRequiredService<IOptions<StorageSettings>>().Value, sp.GetRequiredService<IOptions<GridGovOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton<VipsRunner>();
        services.AddSingleton<PhotoFileStore>();
        services.AddSingleton<IPhotoStore>(sp => sp.GetRequiredService<PhotoFileStore>());
        services.AddSingleton<IPhotoProcessor, VipsPhotoProcessor>();
        services.AddExceptionHandler<PhotoRejectedExceptionHandler>();
        services.AddSingleton<PhotoOrphanSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<PhotoOrphanSweeper>());
        return services;
    }
}
