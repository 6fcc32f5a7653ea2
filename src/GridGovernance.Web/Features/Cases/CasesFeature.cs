namespace GridGovernance.Web.Features.Cases;

/// <summary>
/// The case file every other slice reads and writes: its secrets (the resident's phone, the tracking token), the rows each state
/// change writes beside itself (<see cref="CaseRecords"/>), tracking, categories, duplicate hints, and its photos' endpoints.
/// </summary>
internal static class CasesFeature
{
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddSingleton<CaseSecrets>();
        return services;
    }

    public static void MapCases(this IEndpointRouteBuilder app) => app.MapCasePhotos();
}
