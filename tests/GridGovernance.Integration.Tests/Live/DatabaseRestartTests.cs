using GridGovernance.Data.Database;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Features.Live;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>PostgreSQL restarts under a running app (on a cluster of this test's own): live events flow again by themselves.</summary>
public sealed class DatabaseRestartTests
{
    [Fact]
    public async Task After_PostgreSQL_restarts_events_flow_again_to_a_connected_client_without_restarting_the_app()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        var connectionString = await cluster.CreateDemoDatabaseAsync();
        await using var app = new LiveAppFactory(connectionString);
        app.StartServer();
        await LiveInstancesFixture.WaitUntilLiveAsync(app);
        var grid = await GridOfAsync(connectionString);

        var cookie = await LiveCookies.LoginAsync(app, "dispatcher");
        await using var follower = new LiveFollower(LiveInstancesFixture.Township, 0);
        await follower.ConnectAsync(app, cookie);
        var before = await LiveInstancesFixture.ReportAsync(app, grid, "重启前的上报内容");
        (await follower.ApplyUntilAsync(before, TimeSpan.FromSeconds(10))).ShouldBeTrue();

        await cluster.RestartAsync();
        var listener = app.Services.GetRequiredService<OutboxListener>();
        // The listener notices the broken connection and LISTENs again by itself, within its back-off (≤ 10 s).
        for (var i = 0; i < 300 && listener.Listening && !follower.Connection.Closed.IsCompleted; i++) await Task.Delay(20);
        var after = await LiveInstancesFixture.ReportAsync(app, grid, "重启后的上报内容");
        (await follower.ApplyUntilAsync(after, TimeSpan.FromSeconds(30))).ShouldBeTrue("数据库重启后，事件应继续送达，无需重启应用");
        follower.Connection.Closed.IsCompleted.ShouldBeFalse("the client's connection to the app never dropped");
        listener.Listening.ShouldBeTrue();

        await using var dataSource = GridGovDataSource.Create(connectionString, "gridgov-tests");
        await using var ids = dataSource.CreateCommand("SELECT array_agg(id ORDER BY id) FROM outbox_event");
        follower.Applied.ToArray().ShouldBe((long[])(await ids.ExecuteScalarAsync())!, "no gap and no duplicate across the restart");
    }

    private static async Task<string> GridOfAsync(string connectionString)
    {
        await using var dataSource = GridGovDataSource.Create(connectionString, "gridgov-tests");
        await using var command = dataSource.CreateCommand("SELECT code FROM grid WHERE starts_with(code, '451027100') ORDER BY code LIMIT 1");
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
