using GridGovernance.Web.Infrastructure.Settings;

namespace GridGovernance.Web.Features.Locate;

/// <summary>Where a point falls (GET /api/locate): township, village, grid and who serves it. Public, behind its own gate.</summary>
internal static class LocateFeature
{
    public static IServiceCollection AddLocate(this IServiceCollection services)
    {
        services.AddSettings<LocateOptions>(LocateOptions.Section);
        return services.AddSingleton<LocateGate>();
    }

    public static void MapLocate(this IEndpointRouteBuilder app) => LocateEndpoint.Map(app);
}
