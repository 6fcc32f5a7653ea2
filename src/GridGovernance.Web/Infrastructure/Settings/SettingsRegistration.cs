using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Infrastructure.Settings;

/// <summary>
/// The one way a <c>GridGov:*</c> setting reaches the code: an options class per feature area, bound to its section and
/// validated when the app starts (<see cref="StartupSettings.ValidateSettings"/>), so a bad value stops the app at once with a
/// Chinese message naming the key instead of surfacing hours later in a background job. Consumers take IOptions&lt;T&gt;.
/// </summary>
internal static class SettingsRegistration
{
    /// <summary>The settings directly under GridGov that the host itself uses (<see cref="GridGovOptions"/>).</summary>
    public static IServiceCollection AddGridGovernanceSettings(this IServiceCollection services)
    {
        services.AddSettings<GridGovOptions>(GridGovOptions.Section);
        return services;
    }

    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section) where T : class, new()
    {
        SettingsCatalog.Of(services).Add(typeof(T), section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new SettingsValidator<T>(section)));
        return services.AddOptions<T>()
            .Configure<IConfiguration>((options, configuration) => SettingsBinder.Bind(configuration, section, options))
            .ValidateOnStart();
    }
}
