using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>A refused live join is expected behaviour: the app's log has our Warning for it, and no Error.</summary>
public sealed class RefusalLoggingTests(LiveInstancesFixture fixture) : IClassFixture<LiveInstancesFixture>
{
    [Fact]
    public async Task A_refused_join_is_logged_as_a_warning_and_not_as_an_error()
    {
        var key = Guid.NewGuid().ToString("N");
        await using var logged = await SignOutAppFactory.StartAsync(fixture, SerilogCapture.Settings(key));

        var cookie = await LiveCookies.LoginAsync(logged, "gridworker");
        await using var worker = await LiveHubClient.ConnectAsync(logged, cookie);
        (await Should.ThrowAsync<HubException>(() => worker.InvokeAsync("JoinScope", LiveInstancesFixture.Township))).Message.ShouldContain("无权订阅");
        await using var resident = await LiveHubClient.ConnectAsync(logged, cookie: null);
        (await Should.ThrowAsync<HubException>(() => resident.InvokeAsync("JoinCase", "not-a-token"))).Message.ShouldContain("查询码无效");

        // SignalR did report both refusals as errors …
        logged.Log.Entries.Count(e => e.Level == LogLevel.Error && e.Category.StartsWith("Microsoft.AspNetCore.SignalR", StringComparison.Ordinal))
            .ShouldBe(2, "SignalR 本身把拒绝记为 Error（若此处失败，说明框架行为已变，过滤可以去掉）");
        // … the app's log has our warning and none of those errors.
        var events = SerilogCapture.EventsOf(key);
        events.ShouldNotBeEmpty("the app's Serilog configuration writes to the capture");
        events.ShouldContain(e => e.Level == LogEventLevel.Warning && e.MessageTemplate.Text.StartsWith("Live join refused", StringComparison.Ordinal));
        events.Where(e => e.Level >= LogEventLevel.Error).Select(e => e.RenderMessage(null)).ShouldBeEmpty();
    }

    [Fact]
    public void Only_a_hub_exception_from_SignalR_is_taken_out_of_the_log()
    {
        LoggingSetup.IsHubRefusal(Event("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", new HubException("无权订阅"))).ShouldBeTrue();
        // A hub method that fails for real (the database is down, a bug) stays an Error …
        LoggingSetup.IsHubRefusal(Event("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", new InvalidOperationException())).ShouldBeFalse();
        // … and so does a HubException logged by anything else.
        LoggingSetup.IsHubRefusal(Event("GridGovernance.Web.Features.Live.OutboxForwarder", new HubException("x"))).ShouldBeFalse();
    }

    private static LogEvent Event(string sourceContext, Exception exception) =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Error, exception, new MessageTemplateParser().Parse("Failed to invoke hub method '{HubMethod}'."),
            [new LogEventProperty("SourceContext", new ScalarValue(sourceContext))]);
}
