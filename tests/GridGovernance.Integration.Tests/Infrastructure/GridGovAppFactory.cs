using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GridGovernance.Integration.Tests.Infrastructure;

/// <summary>The real app (its Program, middleware, endpoints and SQL) pointed at a test database.</summary>
public class GridGovAppFactory(string connectionString) : WebApplicationFactory<Program>
{
    public string ConnectionString { get; } = connectionString;

    /// <summary>Photos this app instance stores: a fresh temp directory per factory, deleted with it.</summary>
    public string PhotoDirectory { get; } = Directory.CreateTempSubdirectory("gridgov-photos-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("GRIDGOV_CONNECTION", ConnectionString);
        // Test databases arrive with the demo county already copied in (or deliberately empty).
        builder.UseSetting("GridGov:LoadDemoWhenEmpty", "false");
        builder.UseSetting("GridGov:Storage:PhotoDirectory", PhotoDirectory);
        // Every test client logs in from the same (test server) address; the login throttle has a test of its own.
        builder.UseSetting("GridGov:RateLimits:LoginPerClientPerMinute", "100000");
        // The 督办 and escalation clocks would act on the tests' cases between two assertions; their tests run them directly.
        builder.UseSetting("GridGov:Supervision:Enabled", "false");
        builder.UseSetting("GridGov:Escalation:Enabled", "false");
        // Likewise the monthly close (it would freeze last month of a test's county) and the facts back-fill.
        builder.UseSetting("GridGov:MonthlyClose:Enabled", "false");
        builder.UseSetting("GridGov:FactBackfill:Enabled", "false");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(PhotoDirectory, recursive: true); }
        catch (IOException) { } // a leftover temp directory is harmless
        GC.SuppressFinalize(this);
    }
}
