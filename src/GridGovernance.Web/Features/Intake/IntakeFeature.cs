using GridGovernance.Web.Infrastructure.Settings;

namespace GridGovernance.Web.Features.Intake;

/// <summary>The resident's QR intake, the public case API, tracking and rating.</summary>
internal static class IntakeFeature
{
    public static IServiceCollection AddIntake(this IServiceCollection services)
    {
        services.AddSettings<IntakeOptions>(IntakeOptions.Section);
        services.AddSingleton<IntakeGate>();
        services.AddSingleton<CaseIntake>();
        services.AddIntakeRateLimits();
        services.AddSingleton<ApiGridLimiter>();
        services.AddSingleton<CaseLookup.Work>();
        return services;
    }

    public static void MapIntake(this IEndpointRouteBuilder app)
    {
        app.MapReportPage();
        app.MapTrackingPage();
        app.MapCaseLookup();
        app.MapCasesApi();
    }
}
