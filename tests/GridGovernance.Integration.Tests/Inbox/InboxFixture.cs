using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GridGovernance.Integration.Tests.Inbox;

/// <summary>The real app with its log captured and the intake's per-client limit out of the way (every test reports many cases).</summary>
public sealed class InboxAppFactory(string connectionString) : GridGovAppFactory(connectionString)
{
    public LogCapture Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("GridGov:RateLimits:PerClientPerMinute", "100000");
        builder.UseSetting("GridGov:RateLimits:PerGridPerHour", "100000");
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Log));
    }
}

/// <summary>A copy of the demo county, the app in front of it, and a point inside the demo grid worker's grid (泗城镇).</summary>
public sealed class InboxFixture : IAsyncLifetime
{
    public const string Grid = "451027100001001";
    public const string Police = "451027100-police";
    public const string Chengguan = "451027-chengguan";

    public TestDatabase Database { get; private set; } = null!;
    public InboxAppFactory Factory { get; private set; } = null!;
    public (double Lng, double Lat) Inside { get; private set; }

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithDemoCountyAsync();
        Factory = new InboxAppFactory(Database.ConnectionString);
        Inside = (await Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid),
            await Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid));
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
