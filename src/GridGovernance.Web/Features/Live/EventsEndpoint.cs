using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Live;

/// <summary>
/// One event as a client receives it: increasing id, type (case.{action}, or territory.{what} for a change of the territory
/// such as a grid edit, migration 0043, which has no case: <see cref="CaseId"/> null), and a payload without personal data.
/// </summary>
internal sealed record LiveEvent(long Id, string Type, long? CaseId, long? WorkOrderId, System.Text.Json.JsonElement Payload, DateTimeOffset CreatedAt);

/// <summary>A page of events after the client's last id; <see cref="TooFarBehind"/> when older events were pruned (reload instead).</summary>
internal sealed record LiveEventPage(IReadOnlyList<LiveEvent> Events, long LastId, bool TooFarBehind);

/// <summary>
/// GET /api/events?after={id}&amp;scope={code}&amp;limit=…: what a client missed, scoped in SQL — an event is visible for a scope
/// code that is one of the event's scope codes. The scope defaults to the caller's own and may be any part of it
/// (<see cref="LiveGroups.RefusalFor"/>, the hub's rule). Events commit in id order (migration 0012), so "after id" never
/// skips one that commits later.
/// </summary>
internal static class EventsEndpoint
{
    public const int MaxPage = 500;

    public static async Task<IResult> GetAsync(long? after, string? scope, int? limit, CurrentStaff staff, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (after is < 0) return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "参数 after 应为不小于 0 的事件编号。");
        if (limit is < 1 or > MaxPage)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, $"参数 limit 应在 1 到 {MaxPage} 之间。");
        scope ??= staff.ScopeCode;
        if (LiveGroups.RefusalFor(staff, scope) is { } refusal) return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, refusal);

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(OutboxEvents.After(after ?? 0, limit ?? MaxPage, scope));
        // With every event pruned, the oldest "kept" id is the next one to be written.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT coalesce(min(id), (SELECT last_value + 1 FROM outbox_event_id_seq)), coalesce(max(id), 0) FROM outbox_event"));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var events = (await OutboxEvents.ReadAsync(reader, ct)).Select(e => e.Event).ToList();
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var (oldest, newest) = (reader.GetInt64(0), reader.GetInt64(1));
        // The client's "after" lies before the oldest event still kept: what it missed is gone, so it must reload its view.
        var tooFarBehind = after is > 0 && after < oldest - 1;
        // With a full page the client asks again from the last id it got; otherwise it is up to date with everything committed.
        var lastId = events.Count == (limit ?? MaxPage) ? events[^1].Id : Math.Max(after ?? 0, newest);
        return Results.Ok(new LiveEventPage(events, lastId, tooFarBehind));
    }
}
