namespace GridGovernance.Web.Features.Setup;

/// <summary>
/// First-run setup (issue 12): the page /setup (a routed component, anonymous on purpose and closed for good once a county
/// administrator exists) and the start-up token in the log. Maps no endpoints of its own.
/// </summary>
internal static class SetupFeature
{
    public static IServiceCollection AddSetup(this IServiceCollection services)
    {
        services.AddSingleton<FirstRunSetup>();
        services.AddHostedService<SetupTokenIssuer>();
        return services;
    }
}
