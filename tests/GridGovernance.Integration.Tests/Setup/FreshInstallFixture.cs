using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GridGovernance.Integration.Tests.Setup;

/// <summary>A fresh installation: every migration, no territory, no account; the real app in front of it with its log captured.</summary>
public sealed class FreshInstallFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public LoggedAppFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateMigratedAsync();
        Factory = new LoggedAppFactory(Database.ConnectionString);
        _ = Factory.Server; // starts the app: its hosted services run, the setup token is issued
    }

    public T Service<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    /// <summary>The token this instance wrote to its log at start-up.</summary>
    public string LoggedToken() =>
        Factory.Log.Entries.Where(e => e.Category.EndsWith("SetupTokenIssuer", StringComparison.Ordinal)).SelectMany(e => e.Properties).Where(p => p.Key == "SetupToken").Select(p => (string)p.Value!).Single();

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
