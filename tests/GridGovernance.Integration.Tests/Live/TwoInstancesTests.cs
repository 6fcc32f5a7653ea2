using System.Diagnostics;
using GridGovernance.Web.Features.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>Two app instances on one database: what one writes reaches clients of the other, across a switch of instance.</summary>
public sealed class TwoInstancesTests(LiveInstancesFixture fixture, ITestOutputHelper output) : IClassFixture<LiveInstancesFixture>
{
    private const string Township = LiveInstancesFixture.Township;

    [Fact]
    public async Task A_client_of_instance_B_hears_a_write_through_instance_A()
    {
        await using var b = await fixture.StartInstanceAsync();
        var cookie = await LiveCookies.LoginAsync(fixture.A, "dispatcher"); // logged in on A, connected to B: one key ring
        await using var follower = new LiveFollower(Township, await fixture.NewestEventIdAsync());
        await follower.ConnectAsync(b, cookie);

        var clock = Stopwatch.StartNew();
        var number = await fixture.ReportThroughAsync(fixture.A);
        (await follower.ApplyUntilAsync(number, TimeSpan.FromSeconds(10))).ShouldBeTrue("B 的客户端应收到经 A 写入的事件");
        // Measured, not asserted (the machine is shared): the benchmark measures this under load.
        output.WriteLine($"write through A → heard on B: {clock.ElapsedMilliseconds} ms (request included)");
        follower.Heard.ShouldBe(follower.Applied, "each event heard once, in order");
    }

    [Fact]
    public async Task When_instance_B_stops_mid_stream_the_client_moves_to_A_and_catches_up_with_no_gap_and_no_duplicate()
    {
        var b = await fixture.StartInstanceAsync();
        var cookie = await LiveCookies.LoginAsync(fixture.A, "dispatcher");
        var start = await fixture.NewestEventIdAsync();
        await using var follower = new LiveFollower(Township, start);
        await follower.ConnectAsync(b, cookie);

        // A stream of reports through A while the client listens on B …
        var numbers = new List<string>();
        for (var i = 0; i < 5; i++) numbers.Add(await fixture.ReportThroughAsync(fixture.A, $"第 {i} 条"));
        (await follower.ApplyUntilAsync(numbers[^1], TimeSpan.FromSeconds(10))).ShouldBeTrue();
        // … B stops, and the stream goes on while the client has no connection …
        await b.DisposeAsync();
        await follower.Connection.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 5; i < 10; i++) numbers.Add(await fixture.ReportThroughAsync(fixture.A, $"第 {i} 条"));
        // … the client reconnects to A, catches up, and hears what follows live.
        await follower.ConnectAsync(fixture.A, cookie);
        for (var i = 10; i < 15; i++) numbers.Add(await fixture.ReportThroughAsync(fixture.A, $"第 {i} 条"));
        (await follower.ApplyUntilAsync(numbers[^1], TimeSpan.FromSeconds(10))).ShouldBeTrue();

        var expected = await fixture.EventIdsAsync(Township, start);
        follower.Applied.ShouldBe(expected, "no gap and no duplicate, in id order");
        follower.NumberOf.Values.ShouldBe(numbers, ignoreOrder: true);
    }

    [Fact]
    public async Task A_grid_worker_may_not_join_another_townships_group_nor_a_resident_any_staff_group()
    {
        var cookie = await LiveCookies.LoginAsync(fixture.A, "gridworker");
        await using var worker = await LiveHubClient.ConnectAsync(fixture.A, cookie);
        (await Should.ThrowAsync<HubException>(() => worker.InvokeAsync("JoinScope", "451027101"))).Message.ShouldContain("无权订阅");
        (await Should.ThrowAsync<HubException>(() => worker.InvokeAsync("JoinScope", Township))).Message.ShouldContain("无权订阅");
        (await Should.ThrowAsync<HubException>(() => worker.InvokeAsync("JoinScope", "451027-chengguan"))).Message.ShouldContain("不是");
        await worker.InvokeAsync("JoinScope", "451027100001001"); // the worker's own grid

        // Refused means refused: a report in another township never reaches the worker; one in the worker's grid does.
        var otherGrid = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid WHERE NOT starts_with(code, $1) ORDER BY code LIMIT 1", Township);
        var elsewhere = await fixture.ReportThroughAsync(fixture.A, "别的乡镇的井盖坏了", otherGrid);
        var own = await fixture.ReportThroughAsync(fixture.A, "本网格的路灯坏了", "451027100001001");
        var heard = new List<string>();
        while (!heard.Contains(own) && await worker.NextEventAsync(TimeSpan.FromSeconds(10)) is { } liveEvent)
            heard.Add(liveEvent.GetProperty("payload").GetProperty("number").GetString()!);
        heard.ShouldContain(own);
        heard.ShouldNotContain(elsewhere);

        await using var resident = await LiveHubClient.ConnectAsync(fixture.A, cookie: null);
        (await Should.ThrowAsync<HubException>(() => resident.InvokeAsync("JoinScope", Township))).Message.ShouldContain("请先登录");
        (await Should.ThrowAsync<HubException>(() => resident.InvokeAsync("JoinCase", "not-a-token"))).Message.ShouldContain("查询码无效");

        var department = await LiveCookies.LoginAsync(fixture.A, "dept-police");
        await using var police = await LiveHubClient.ConnectAsync(fixture.A, department);
        await police.InvokeAsync("JoinScope", "451027100-police");
        (await Should.ThrowAsync<HubException>(() => police.InvokeAsync("JoinScope", "451027-chengguan"))).Message.ShouldContain("本单位");
    }

    [Fact]
    public async Task The_catch_up_api_refuses_a_scope_the_caller_may_not_follow()
    {
        var cookie = await LiveCookies.LoginAsync(fixture.A, "dispatcher");
        using var api = LiveCookies.ClientWith(fixture.A, cookie);
        (await api.GetAsync("/api/events?scope=451027101")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        (await api.GetAsync($"/api/events?scope={fixture.GridCode}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var problem = await (await api.GetAsync("/api/events?scope=451027")).Content.ReadAsStringAsync();
        problem.ShouldContain("无权订阅");
        fixture.A.Services.GetRequiredService<OutboxListener>().Listening.ShouldBeTrue();
        (await (await api.GetAsync("/readyz")).Content.ReadAsStringAsync()).ShouldContain("\"live\":\"listening\"");
    }
}
