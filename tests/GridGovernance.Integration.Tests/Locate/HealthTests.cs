using System.Net;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Locate;

public sealed class HealthTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    [Fact]
    public async Task Healthz_says_the_process_is_alive() =>
        (await fixture.Client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);

    [Fact]
    public async Task Readyz_is_200_when_the_database_answers_and_every_migration_is_applied() =>
        (await fixture.Client.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);

    [Fact]
    public async Task Readyz_is_503_with_a_Chinese_problem_when_migrations_are_missing()
    {
        await using var empty = await TestDatabase.CreateEmptyAsync();
        await using var factory = new NoStartupMigrationFactory(empty.ConnectionString);
        var response = await factory.CreateClient().GetAsync("/readyz");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).ShouldContain("迁移");
    }

    /// <summary>The app pointed at an empty database, with start-up migration turned off so readiness has something to report.</summary>
    private sealed class NoStartupMigrationFactory(string connectionString) : GridGovAppFactory(connectionString)
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("GridGov:MigrateOnStartup", "false");
        }
    }
}
