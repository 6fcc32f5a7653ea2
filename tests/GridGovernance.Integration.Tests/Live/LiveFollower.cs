using System.Net.Http.Json;
using System.Text.Json;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>
/// What wwwroot/js/live.js does, for the tests: connect, join, catch up through GET /api/events?after={last id} (live events
/// wait in the connection's queue meanwhile), then apply live events — each id once, in order. <see cref="Applied"/> is what
/// the screen would have shown; <see cref="Heard"/> counts every delivery, duplicates included.
/// </summary>
public sealed class LiveFollower(string scope, long after) : IAsyncDisposable
{
    private LiveHubClient? _connection;

    public List<long> Applied { get; } = [];
    public List<long> Heard { get; } = [];
    public Dictionary<long, string> NumberOf { get; } = [];
    public long LastId { get; private set; } = after;
    public LiveHubClient Connection => _connection ?? throw new InvalidOperationException("not connected");

    /// <summary>Connects to <paramref name="app"/>, joins the scope and applies everything missed since <see cref="LastId"/>.</summary>
    public async Task ConnectAsync(GridGovAppFactory app, string cookie)
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = await LiveHubClient.ConnectAsync(app, cookie);
        await _connection.InvokeAsync("JoinScope", scope);
        using var api = LiveCookies.ClientWith(app, cookie);
        for (var from = LastId; ;)
        {
            var page = await api.GetFromJsonAsync<JsonElement>($"/api/events?after={from}&scope={scope}");
            page.GetProperty("tooFarBehind").GetBoolean().ShouldBeFalse();
            var events = page.GetProperty("events").EnumerateArray().ToList();
            events.ForEach(Apply);
            var lastId = page.GetProperty("lastId").GetInt64();
            if (events.Count == 0 || lastId <= from) break;
            from = lastId;
        }
    }

    /// <summary>Applies live events until one with case number <paramref name="number"/> is applied; false when none came in time.</summary>
    public async Task<bool> ApplyUntilAsync(string number, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!NumberOf.ContainsValue(number))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Connection.NextEventAsync(left) is not { } liveEvent) return false;
            Heard.Add(liveEvent.GetProperty("id").GetInt64());
            Apply(liveEvent);
        }
        return true;
    }

    private void Apply(JsonElement liveEvent)
    {
        var id = liveEvent.GetProperty("id").GetInt64();
        if (id <= LastId) return;
        LastId = id;
        Applied.Add(id);
        NumberOf[id] = liveEvent.GetProperty("payload").GetProperty("number").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
