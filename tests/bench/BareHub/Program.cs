using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

// The bare hub of the live benchmark (tests/bench/README.md, "Live updates"): the same contract as the app's /hubs/live —
// JoinScope(code) puts the connection in that code's group, the client method is `event` with one argument — but nothing
// else: no authentication, no scope check, no outbox, no LISTEN. POST /broadcast takes { event, groups } and hands the event
// to SignalR for those groups at once, so what is left is the cost of SignalR fan-out itself, the floor for the app.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSignalR();

var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.MapHub<LiveHub>("/hubs/live");
app.MapPost("/broadcast", async (BroadcastRequest request, IHubContext<LiveHub> hub, CancellationToken ct) =>
{
    if (request.Groups is not { Length: > 0 } groups || request.Event.ValueKind != JsonValueKind.Object)
        return Results.BadRequest("event and groups are required");
    // One call for all groups, as the app forwards one event to all its scope codes: SignalR serialises the message once
    // per protocol and writes it to every connection of those groups.
    await hub.Clients.Groups(groups).SendAsync("event", request.Event, ct);
    return Results.Accepted();
});
app.Run();

/// <summary>The event as the app's hub sends it (already shaped by the driver) and the groups it goes to.</summary>
internal sealed record BroadcastRequest(JsonElement Event, string[]? Groups);

/// <summary>Joins any group asked for: the bare hub checks nothing, which is the point of the comparison.</summary>
internal sealed class LiveHub : Hub
{
    public Task JoinScope(string code) => Groups.AddToGroupAsync(Context.ConnectionId, code);
}
