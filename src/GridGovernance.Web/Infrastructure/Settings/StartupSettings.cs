using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Infrastructure.Settings;

/// <summary>
/// Validates every bound setting before anything else runs (migrations, the pipeline, background jobs). The host would
/// validate them itself when it starts, but only after start-up work that may already have used a bad value.
/// </summary>
internal static class StartupSettings
{
    public static void ValidateSettings(this WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException)
        {
            var failures = Failures(e).Distinct().ToList();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GridGovernance.Startup");
            foreach (var failure in failures) logger.LogCritical("{Failure}", failure);
            throw new InvalidSettingsException(failures);
        }
    }

    private static IEnumerable<string> Failures(Exception e) => e switch
    {
        OptionsValidationException options => options.Failures,
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Failures),
        _ => [e.Message],
    };
}

/// <summary>The app did not start because of its settings; the message lists each bad key in Chinese.</summary>
internal sealed class InvalidSettingsException(IReadOnlyList<string> failures)
    : Exception("配置有误，应用未启动：" + string.Join("；", failures))
{
    public IReadOnlyList<string> Failures { get; } = failures;
}
