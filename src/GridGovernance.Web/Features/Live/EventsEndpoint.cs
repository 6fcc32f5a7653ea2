using System.Text.Json;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Live;

/// <summary>One event as a client receives it: increasing id, type (case.{action}), and a payload without personal data.</summary>
internal sealed record LiveEvent(long Id, string Type, long CaseId, long? WorkOrderId, JsonElement Payload, DateTimeOffset CreatedAt);

/// <summary>A page of events after the client's last id; <see cref="TooFarBehind"/> when older events were pruned (reload instead).</summary>
internal sealed record LiveEventPage(IReadOnlyList<LiveEvent> Events, long LastId, bool TooFarBehind);

/// <summary>
/// GET /api/events?after={id}&amp;limit=…: what a client missed, scoped in SQL — an event is visible to a staff member whose scope
/// code is one of the event's scope codes (their county, township, village or grid, or their unit while it holds an order).
/// Events commit in id order (migration 0012), so "after id" never skips one that commits later.
/// </summary>
internal static class EventsEndpoint
{
    public const int MaxPage = 500;

    public static async Task<IResult> GetAsync(long? after, int? limit, CurrentStaff staff, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (after is < 0) return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "参数 after 应为不小于 0 的事件编号。");
        if (limit is < 1 or > MaxPage)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, $"参数 limit 应在 1 到 {MaxPage} 之间。");
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT id, type, case_id, work_order_id, payload::text, created_at FROM outbox_event
            WHERE id > $1 AND scope_codes @> ARRAY[$2]
            ORDER BY id LIMIT $3
            """)
        {
            Parameters =
            {
                new NpgsqlParameter<long> { TypedValue = after ?? 0 },
                new NpgsqlParameter<string> { TypedValue = staff.ScopeCode },
                new NpgsqlParameter<int> { TypedValue = limit ?? MaxPage },
            },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM outbox_event"));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var events = new List<LiveEvent>();
        while (await reader.ReadAsync(ct))
        {
            using var payload = JsonDocument.Parse(reader.GetString(4));
            events.Add(new LiveEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                payload.RootElement.Clone(), reader.GetFieldValue<DateTimeOffset>(5)));
        }
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var (oldest, newest) = (reader.GetInt64(0), reader.GetInt64(1));
        // The client's "after" lies before the oldest event still kept: what it missed is gone, so it must reload its view.
        var tooFarBehind = after is > 0 && oldest > 0 && after < oldest - 1;
        // With a full page the client asks again from the last id it got; otherwise it is up to date with everything committed.
        var lastId = events.Count == (limit ?? MaxPage) ? events[^1].Id : Math.Max(after ?? 0, newest);
        return Results.Ok(new LiveEventPage(events, lastId, tooFarBehind));
    }
}
