using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>
/// A SignalR client for the tests, speaking the JSON hub protocol over a WebSocket to the in-memory test server (the .NET
/// SignalR client package does not restore here; the browser tests use the real npm client). Records separators (0x1E) end
/// each message: a handshake, then invocations (type 1), completions (3), pings (6) and a close (7).
/// </summary>
public sealed class HubTestClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly WebSocket _socket;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _invocationId;

    private HubTestClient(WebSocket socket) => _socket = socket;

    /// <summary>Completes when the server closed the connection or it broke.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Connects to /hubs/live of <paramref name="app"/> with a login cookie (null: as a resident) and shakes hands.</summary>
    public static async Task<HubTestClient> ConnectAsync(GridGovAppFactory app, string? cookie)
    {
        var webSockets = app.Server.CreateWebSocketClient();
        if (cookie is not null) webSockets.ConfigureRequest = request => request.Headers.Cookie = cookie;
        var socket = await webSockets.ConnectAsync(new Uri(app.Server.BaseAddress, "hubs/live"), CancellationToken.None);
        var client = new HubTestClient(socket);
        await client.SendAsync("""{"protocol":"json","version":1}""");
        var handshake = await client.ReceiveMessagesAsync();
        if (handshake.Count == 0 || handshake[0] != "{}") throw new InvalidOperationException("handshake failed: " + string.Join("|", handshake));
        _ = client.ReceiveLoopAsync(handshake.Skip(1).ToList());
        return client;
    }

    /// <summary>Invokes a hub method; throws <see cref="HubErrorException"/> with the server's message when it refused.</summary>
    public async Task InvokeAsync(string method, params object[] arguments)
    {
        var id = Interlocked.Increment(ref _invocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target = method, arguments }));
        var result = await completion.Task.WaitAsync(TimeSpan.FromSeconds(15));
        if (result.TryGetProperty("error", out var error)) throw new HubErrorException(error.GetString() ?? "");
    }

    /// <summary>The next event this connection heard, or null when none came within <paramref name="timeout"/>.</summary>
    public async Task<JsonElement?> NextEventAsync(TimeSpan timeout)
    {
        using var waiting = new CancellationTokenSource(timeout);
        try { return await _events.Reader.ReadAsync(waiting.Token); }
        catch (OperationCanceledException) { return null; }
        catch (ChannelClosedException) { return null; }
    }

    private async Task SendAsync(string message) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task ReceiveLoopAsync(List<string> first)
    {
        try
        {
            foreach (var message in first) Dispatch(message);
            while (true)
            {
                var messages = await ReceiveMessagesAsync();
                if (messages.Count == 0) break;
                foreach (var message in messages) Dispatch(message);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The connection broke: that is what Closed reports.
        }
        _events.Writer.TryComplete();
        _closed.TrySetResult();
    }

    private void Dispatch(string message)
    {
        using var document = JsonDocument.Parse(message);
        var root = document.RootElement.Clone();
        switch (root.GetProperty("type").GetInt32())
        {
            case 1 when root.GetProperty("target").GetString() == "event":
                _events.Writer.TryWrite(root.GetProperty("arguments")[0]);
                break;
            case 3 when _pending.TryRemove(root.GetProperty("invocationId").GetString()!, out var completion):
                completion.TrySetResult(root);
                break;
            case 7:
                _closed.TrySetResult();
                break;
        }
    }

    /// <summary>Reads one WebSocket message (which may hold several records); empty when the socket closed.</summary>
    private async Task<List<string>> ReceiveMessagesAsync()
    {
        var buffer = new byte[16 * 1024];
        using var text = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close) return [];
            text.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(text.ToArray()).Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None); }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException) { }
        }
        _socket.Dispose();
    }
}

/// <summary>A hub method's refusal, with the server's (Chinese) message.</summary>
public sealed class HubErrorException(string message) : Exception(message);
