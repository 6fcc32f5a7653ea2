using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>
/// Another app instance on the live tests' database, with settings of its own (e.g. a short account re-check interval),
/// started and listening before it is returned. Public intake is unthrottled, as in <see cref="LiveAppFactory"/>.
/// </summary>
public sealed class SignOutAppFactory(string connectionString, IReadOnlyDictionary<string, string> settings) : GridGovAppFactory(connectionString)
{
    /// <summary>Every entry logged, as a provider beside Serilog sees it: before the app's Serilog filters.</summary>
    public LogCapture Log { get; } = new();

    public static async Task<SignOutAppFactory> StartAsync(LiveInstancesFixture fixture, params (string Key, string Value)[] settings)
    {
        var app = new SignOutAppFactory(fixture.Database.ConnectionString, settings.ToDictionary(s => s.Key, s => s.Value));
        app.StartServer();
        await LiveInstancesFixture.WaitUntilLiveAsync(app);
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("GridGov:RateLimits:PerClientPerMinute", "100000");
        builder.UseSetting("GridGov:RateLimits:PerGridPerHour", "100000");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Log));
    }
}
