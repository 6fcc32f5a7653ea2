using System.Text.Json;
using System.Threading.Channels;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>
/// The .NET SignalR client (Microsoft.AspNetCore.SignalR.Client, keep-alive pings included) connected to /hubs/live of the
/// in-memory test server the way the app's pages connect: a WebSocket straight away (the hub offers no negotiate round
/// trip) carrying the login cookie, or none for a resident. Events the hub sends as <c>event</c> queue up for
/// <see cref="NextEventAsync"/>; a refused hub call throws <see cref="Microsoft.AspNetCore.SignalR.HubException"/> with the
/// server's (Chinese) message.
/// </summary>
public sealed class LiveHubClient : IAsyncDisposable
{
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LiveHubClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<JsonElement>("event", liveEvent => _events.Writer.TryWrite(liveEvent));
        connection.Closed += _ =>
        {
            _events.Writer.TryComplete();
            _closed.TrySetResult();
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    /// <summary>Completes when the server closed the connection or it broke (no automatic reconnect is configured).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Connects to /hubs/live of <paramref name="app"/> with a login cookie (null: as a resident).</summary>
    public static async Task<LiveHubClient> ConnectAsync(GridGovAppFactory app, string? cookie)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "hubs/live"), options =>
            {
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
                options.WebSocketFactory = async (context, ct) =>
                {
                    var webSockets = app.Server.CreateWebSocketClient();
                    if (cookie is not null) webSockets.ConfigureRequest = request => request.Headers.Cookie = cookie;
                    return await webSockets.ConnectAsync(context.Uri, ct);
                };
            })
            .Build();
        var client = new LiveHubClient(connection);
        await connection.StartAsync();
        return client;
    }

    /// <summary>Invokes a hub method and waits for its completion (at most 15 s).</summary>
    public Task InvokeAsync(string method, params object[] arguments) =>
        Connection.InvokeCoreAsync(method, arguments).WaitAsync(TimeSpan.FromSeconds(15));

    /// <summary>The next event this connection heard, or null when none came within <paramref name="timeout"/>.</summary>
    public async Task<JsonElement?> NextEventAsync(TimeSpan timeout)
    {
        using var waiting = new CancellationTokenSource(timeout);
        try { return await _events.Reader.ReadAsync(waiting.Token); }
        catch (OperationCanceledException) { return null; }
        catch (ChannelClosedException) { return null; }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
