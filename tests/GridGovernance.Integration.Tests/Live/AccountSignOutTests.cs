using System.Diagnostics;
using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Features.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>
/// An account that is signed out — disabled, re-scoped, password changed — stops hearing live events within seconds on every
/// instance, not only when its WebSocket next reconnects (migration 0014, <see cref="LiveSignOut"/>). The changes are made
/// on the shared database or through instance A; the connections under test are on instance B. Each test uses its own
/// accounts, since the class shares one database.
/// </summary>
public sealed class AccountSignOutTests(LiveInstancesFixture fixture, ITestOutputHelper output) : IClassFixture<LiveInstancesFixture>
{
    private const string Township = LiveInstancesFixture.Township;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Disabling_an_account_closes_its_live_connection_on_another_instance_within_seconds_and_its_old_cookie_cannot_rejoin()
    {
        await using var b = await fixture.StartInstanceAsync();
        var dispatcherCookie = await LiveCookies.LoginAsync(fixture.A, "dispatcher");
        var cadreCookie = await LiveCookies.LoginAsync(fixture.A, "cadre");
        // B has checked (and cached, for GridGov:Auth:StampCacheSeconds = 30 s) the dispatcher's stamp before the change.
        using (var api = LiveCookies.ClientWith(b, dispatcherCookie)) (await api.GetAsync("/api/staff/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var dispatcher = await LiveHubClient.ConnectAsync(b, dispatcherCookie);
        await dispatcher.InvokeAsync("JoinScope", Township);
        await using var cadre = await LiveHubClient.ConnectAsync(b, cadreCookie);
        await cadre.InvokeAsync("JoinScope", "451027100001");
        var before = await fixture.ReportThroughAsync(fixture.A, "停用前的报告", "451027100001001");
        (await NumbersHeardAsync(dispatcher, before)).ShouldContain(before, "停用前调度员应能收到事件");
        (await NumbersHeardAsync(cadre, before)).ShouldContain(before);

        // There is no account administration page yet: an administrator disables an account in the database, in one statement.
        var clock = Stopwatch.StartNew();
        await ExecuteAsync("UPDATE staff_account SET disabled = true WHERE username = 'dispatcher'");
        await dispatcher.Closed.WaitAsync(Generous);
        output.WriteLine($"disabled → connection on B closed: {clock.ElapsedMilliseconds} ms");

        cadre.Closed.IsCompleted.ShouldBeFalse("别的账号的连接不受影响");
        var after = await fixture.ReportThroughAsync(fixture.A, "停用后的报告", "451027100001001");
        (await NumbersHeardAsync(cadre, after)).ShouldContain(after, "别的账号仍能收到事件");

        // A reconnect with the old cookie, to either instance, is no longer signed in: joining is refused at once (B's cached
        // stamp was forgotten when B heard of the change, not 30 s later).
        foreach (var app in new GridGovAppFactory[] { b, fixture.A })
        {
            await using var again = await LiveHubClient.ConnectAsync(app, dispatcherCookie);
            (await Should.ThrowAsync<HubException>(() => again.InvokeAsync("JoinScope", Township))).Message.ShouldContain("请先登录");
            using var api = LiveCookies.ClientWith(app, dispatcherCookie);
            (await api.GetAsync("/api/staff/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Changing_the_password_through_instance_A_closes_the_accounts_other_live_connections_on_instance_B()
    {
        await using var b = await fixture.StartInstanceAsync();
        using var desk = await StaffSession.Start(fixture.A).LoggedInAsync("gridworker");
        var phoneCookie = await LiveCookies.LoginAsync(fixture.A, "gridworker");
        await using var phone = await LiveHubClient.ConnectAsync(b, phoneCookie);
        await phone.InvokeAsync("JoinScope", "451027100001001");

        var clock = Stopwatch.StartNew();
        var changed = await desk.SubmitFormAsync("/account/password",
            ("Input.OldPassword", StaffSession.DemoPassword), ("Input.NewPassword", "Worker#2027"), ("Input.Confirmation", "Worker#2027"));
        (await changed.Content.ReadAsStringAsync()).ShouldContain("密码已修改");
        await phone.Closed.WaitAsync(Generous);
        output.WriteLine($"password changed on A → other session's connection on B closed: {clock.ElapsedMilliseconds} ms");

        await using (var again = await LiveHubClient.ConnectAsync(b, phoneCookie))
            (await Should.ThrowAsync<HubException>(() => again.InvokeAsync("JoinScope", "451027100001001"))).Message.ShouldContain("请先登录");
    }

    [Fact]
    public async Task Moving_an_account_to_another_scope_closes_its_live_connection_and_its_old_cookie_cannot_follow_the_old_scope()
    {
        await using var b = await fixture.StartInstanceAsync();
        var cookie = await LiveCookies.LoginAsync(fixture.A, "gridworker2");
        await using var worker = await LiveHubClient.ConnectAsync(b, cookie);
        await worker.InvokeAsync("JoinScope", "451027100001002");

        var clock = Stopwatch.StartNew();
        await ExecuteAsync("UPDATE staff_account SET scope_code = '451027100001001' WHERE username = 'gridworker2'");
        await worker.Closed.WaitAsync(Generous);
        output.WriteLine($"re-scoped → connection on B closed: {clock.ElapsedMilliseconds} ms");

        await using var again = await LiveHubClient.ConnectAsync(b, cookie);
        (await Should.ThrowAsync<HubException>(() => again.InvokeAsync("JoinScope", "451027100001002"))).Message.ShouldContain("请先登录");
    }

    [Fact]
    public async Task A_sign_out_whose_notification_never_arrived_is_found_by_the_periodic_recheck()
    {
        await using var b = await SignOutAppFactory.StartAsync(fixture, ("GridGov:Live:AccountRecheckSeconds", "1"));
        var cookie = await LiveCookies.LoginAsync(fixture.A, "dept-police");
        await using var police = await LiveHubClient.ConnectAsync(b, cookie);
        await police.InvokeAsync("JoinScope", "451027100-police");
        var chengguanCookie = await LiveCookies.LoginAsync(fixture.A, "dept-chengguan");
        await using var chengguan = await LiveHubClient.ConnectAsync(b, chengguanCookie);
        await chengguan.InvokeAsync("JoinScope", "451027-chengguan");

        // As if the NOTIFY were lost (the listener reconnecting): replica mode runs no triggers, so nothing is notified.
        var clock = Stopwatch.StartNew();
        await ExecuteAsync("""
            BEGIN;
            SET LOCAL session_replication_role = replica;
            UPDATE staff_account SET security_stamp = gen_random_uuid() WHERE username = 'dept-police';
            COMMIT;
            """);
        await police.Closed.WaitAsync(Generous);
        output.WriteLine($"silent stamp change → closed by the 1 s recheck on B: {clock.ElapsedMilliseconds} ms");
        chengguan.Closed.IsCompleted.ShouldBeFalse("未变的账号在复查后保持连接");
        b.Services.GetRequiredService<LiveConnections>().Count.ShouldBe(1);
    }

    /// <summary>The case numbers <paramref name="client"/> hears until it hears <paramref name="number"/> (or 10 s pass).</summary>
    private static async Task<List<string>> NumbersHeardAsync(LiveHubClient client, string number)
    {
        var heard = new List<string>();
        while (!heard.Contains(number) && await client.NextEventAsync(TimeSpan.FromSeconds(10)) is { } liveEvent)
            heard.Add(liveEvent.GetProperty("payload").GetProperty("number").GetString()!);
        return heard;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = fixture.Database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
