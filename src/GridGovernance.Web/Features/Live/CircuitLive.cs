using System.Text.Json;
using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Npgsql;

namespace GridGovernance.Web.Features.Live;

/// <summary>
/// Live updates for interactive (Blazor Server) pages, from the same outbox the hub forwards: the <see cref="OutboxForwarder"/>
/// raises <see cref="Forwarded"/> after each batch it sent to the SignalR groups, and a page then reads what its caller may see
/// after its own last event id (<see cref="AfterAsync"/>). The signal carries nothing: a page that missed one (its circuit was
/// down) reads from its last id on the next signal or when its circuit comes back (<see cref="CircuitResumed"/>), so no event
/// is lost and none is applied twice.
/// </summary>
internal sealed class LiveSignal
{
    /// <summary>Raised on the forwarder's thread; handlers hand over to their renderer and return.</summary>
    public event Action? Forwarded;

    internal void Raise() => Forwarded?.Invoke();
}

/// <summary>The circuit's connection came back (a reconnect after a network drop or a resumed tab): pages read what they missed.</summary>
internal sealed class CircuitResumed : CircuitHandler
{
    public event Action? Resumed;

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Resumed?.Invoke();
        return Task.CompletedTask;
    }
}

/// <summary>A page of events for a circuit: those after its last id, in id order, and the id to read from next.</summary>
internal sealed record CircuitEventPage(IReadOnlyList<LiveEvent> Events, long LastId);

internal static class CircuitEvents
{
    public const int Page = 200;

    /// <summary>
    /// The events after <paramref name="after"/> that <paramref name="staff"/> may follow in their own scope, under the hub's
    /// and the catch-up API's rule (<see cref="LiveGroups.RefusalFor"/>); none when that rule refuses the scope.
    /// </summary>
    public static async Task<CircuitEventPage> AfterAsync(NpgsqlDataSource dataSource, CurrentStaff staff, long after, CancellationToken ct)
    {
        if (LiveGroups.RefusalFor(staff, staff.ScopeCode) is not null) return new([], after);
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(OutboxEvents.After(after, Page, staff.ScopeCode));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var events = (await OutboxEvents.ReadAsync(reader, ct)).Select(e => e.Event).ToList();
        return new(events, events.Count > 0 ? events[^1].Id : after);
    }

    /// <summary>The newest event id: a page reads it before its data and follows from there.</summary>
    public static Task<long> NewestIdAsync(NpgsqlDataSource dataSource, CancellationToken ct) => OutboxEvents.NewestIdAsync(dataSource, ct);
}

/// <summary>Grid edits heard by an interactive page: the newest territory revision among them and the villages they touched.</summary>
internal sealed record TerritoryChange(long Revision, IReadOnlySet<string> Villages);

/// <summary>
/// Follows the territory events (<c>territory.grids</c>, migration 0043: codes and the revision only) of the caller's scope for
/// an interactive page — 圈选区域 moves its grid tiles on, 网格编辑 re-reads the village another administrator edited. The
/// outbox forwarder's <see cref="LiveSignal"/> (and the circuit coming back) make it read the events after its last id, one read
/// at a time, under the hub's rule (<see cref="CircuitEvents.AfterAsync"/>); case events are passed over. Reads start after the
/// id the page read before its data, so an edit committed meanwhile is heard, never missed.
/// </summary>
internal sealed class CircuitTerritory : IDisposable
{
    private readonly LiveSignal _signal;
    private readonly CircuitResumed _resumed;
    private readonly NpgsqlDataSource _dataSource;
    private readonly CurrentStaff _staff;
    private readonly Func<Func<Task>, Task> _invoke;
    private readonly Func<TerritoryChange, Task> _changed;
    private readonly CatchUpGate _gate = new();
    private long _lastEventId;

    /// <param name="invoke">The component's InvokeAsync: the page is told on its renderer.</param>
    public CircuitTerritory(LiveSignal signal, CircuitResumed resumed, NpgsqlDataSource dataSource, CurrentStaff staff, long lastEventId,
        Func<Func<Task>, Task> invoke, Func<TerritoryChange, Task> changed)
    {
        (_signal, _resumed, _dataSource, _staff, _lastEventId, _invoke, _changed) = (signal, resumed, dataSource, staff, lastEventId, invoke, changed);
        _signal.Forwarded += OnSignal;
        _resumed.Resumed += OnSignal;
    }

    private void OnSignal() => _ = _invoke(() => _gate.RunAsync(ReadAsync));

    private async Task ReadAsync()
    {
        try
        {
            long revision = 0;
            var villages = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var page = await CircuitEvents.AfterAsync(_dataSource, _staff, _lastEventId, CancellationToken.None);
                foreach (var liveEvent in page.Events.Where(e => e.CaseId is null))
                {
                    if (liveEvent.Payload.TryGetProperty("revision", out var r) && r.TryGetInt64(out var v)) revision = Math.Max(revision, v);
                    if (liveEvent.Payload.TryGetProperty("village", out var village) && village.ValueKind == JsonValueKind.String) villages.Add(village.GetString()!);
                }
                _lastEventId = page.LastId;
                if (page.Events.Count < CircuitEvents.Page) break;
            }
            if (revision > 0) await _changed(new TerritoryChange(revision, villages));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The database is away: the next signal (or the resumed connection) reads from the same id again.
        }
    }

    public void Dispose()
    {
        _signal.Forwarded -= OnSignal;
        _resumed.Resumed -= OnSignal;
    }
}
