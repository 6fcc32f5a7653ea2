using GridGovernance.Web.Infrastructure.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GridGovernance.Web.Features.Supervision;

/// <summary>The clocks that run by themselves: 督办 (<see cref="SupervisionService"/>) and escalation (<see cref="EscalationService"/>).</summary>
internal static class SupervisionFeature
{
    public static IServiceCollection AddSupervision(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSettings<SupervisionOptions>(SupervisionOptions.Section);
        services.AddSettings<EscalationOptions>(EscalationOptions.Section);
        // Singletons first, so tests (and a future admin "run now" button) can call RunOnceAsync on the instance the host runs.
        services.AddSingleton<SupervisionService>();
        services.AddHostedService(sp => sp.GetRequiredService<SupervisionService>());
        services.AddSingleton<EscalationService>();
        services.AddHostedService(sp => sp.GetRequiredService<EscalationService>());
        return services;
    }
}
