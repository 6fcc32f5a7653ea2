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
