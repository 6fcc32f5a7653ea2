using GridGovernance.Web.Infrastructure.Settings;

namespace GridGovernance.Web.Features.Notices;

/// <summary>Notices to residents outside the app: progress by SMS through the county's HTTP SMS gateway (GridGov:Sms).</summary>
internal static class NoticesFeature
{
    public static IServiceCollection AddNotices(this IServiceCollection services)
    {
        services.AddSettings<SmsOptions>(SmsOptions.Section);
        services.AddHttpClient<SmsGateway>();
        services.AddSingleton<SmsNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<SmsNotifier>());
        return services;
    }
}
