using System.Net;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Integration.Tests.Live;
using Microsoft.AspNetCore.Hosting;
using Serilog.Events;

namespace GridGovernance.Integration.Tests.Intake;

/// <summary>
/// The resident's tracking link is the key to their case: whatever a request to it does, the app's log (what its Serilog
/// sinks receive, every property included, as a JSON log would show them) never holds the token.
/// </summary>
public sealed class TrackingTokenLoggingTests
{
    [Fact]
    public async Task A_tracking_page_request_is_logged_by_its_route_template_and_the_token_appears_nowhere_in_the_log()
    {
        var key = Guid.NewGuid().ToString("N");
        await using var database = await TestDatabase.CreateWithDemoCountyAsync();
        await using var factory = new LoggedFactory(database.ConnectionString, SerilogCapture.Settings(key));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var grid = await database.ScalarAsync<string>("SELECT code FROM grid ORDER BY code LIMIT 1");
        var form = await ResidentForm.OpenAsync(client, grid);
        var receipt = await (await client.PostAsync($"/g/{grid}", ResidentForm.Content(form))).Content.ReadAsStringAsync();
        var path = ResidentForm.TrackingPathIn(receipt).ShouldNotBeNull();
        var token = path["/t/".Length..];

        (await client.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync($"{path}?from=sms")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync($"{path}/photos/{new string('a', 64)}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"{path}/no-such-page")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // no route matches

        var events = SerilogCapture.EventsOf(key);
        var requests = events.Where(e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal)).Select(Text).ToList();
        requests.ShouldContain(line => line.Contains("\"GET\" \"/t/{token}\" responded 200"), string.Join("\n", requests));
        requests.ShouldContain(line => line.Contains("\"GET\" \"/t/{token}/photos/{sha}\" responded 404"));
        requests.ShouldContain(line => line.Contains("\"GET\" \"/t/…\" responded 404"));
        var leaks = events.Select(Text).Where(t => t.Contains(token, StringComparison.Ordinal)).ToList();
        leaks.ShouldBeEmpty("查询码不得出现在日志中");
        events.ShouldNotContain(e => e.Properties.ContainsKey("RequestPath"));
    }

    /// <summary>Everything a sink could write of an event: the message, every property and the exception.</summary>
    private static string Text(LogEvent e) =>
        string.Join(" | ", new[] { e.RenderMessage(null) }
            .Concat(e.Properties.Select(p => $"{p.Key}={p.Value}"))
            .Append(e.Exception?.ToString() ?? ""));

    private sealed class LoggedFactory(string connectionString, (string Key, string Value)[] settings) : GridGovAppFactory(connectionString)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }
    }
}
