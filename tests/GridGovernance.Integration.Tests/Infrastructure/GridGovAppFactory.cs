using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GridGovernance.Integration.Tests.Infrastructure;

/// <summary>The real app (its Program, middleware, endpoints and SQL) pointed at a test database.</summary>
public class GridGovAppFactory(string connectionString) : WebApplicationFactory<Program>
{
    public string ConnectionString { get; } = connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("GRIDGOV_CONNECTION", ConnectionString);
        // Test databases arrive with the demo county already copied in (or deliberately empty).
        builder.UseSetting("GridGov:LoadDemoWhenEmpty", "false");
    }
}
