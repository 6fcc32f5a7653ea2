namespace GridGovernance.Web.Infrastructure;

/// <summary>The one place that lists every feature: read this to see what the app does.</summary>
internal static class FeatureRegistration
{
    public static void AddGridGovernanceFeatures(this WebApplicationBuilder builder)
    {
        builder.Services.AddGridGovernanceProblemDetails();
        builder.Services.AddAntiforgery();
    }

    public static void MapGridGovernanceFeatures(this WebApplication app)
    {
    }
}
