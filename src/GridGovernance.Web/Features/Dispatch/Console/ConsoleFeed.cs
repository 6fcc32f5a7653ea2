using System.Globalization;
using System.Text.Json;
using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Live;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>
/// One line of the 动态 feed, worded exactly as dispatch.js words a live event (consoleFeed): a seeded line and a live one
/// must look the same. <see cref="Number"/> is null when the event carries none (the line then says “案件 {id}”).
/// </summary>
public sealed record ConsoleFeedItem(long Id, long CaseId, string? Number, DateTimeOffset At, string What)
{
    /// <summary>The &lt;time datetime&gt; value: UTC with milliseconds, as JavaScript's toISOString writes it.</summary>
    public string IsoAt => At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The clock time in China (UTC+8, no daylight saving), as the module shows it.</summary>
    public string ClockText => ChinaTime.ClockWithSeconds(At);

    public string LinkText => Number ?? $"案件 {CaseId.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// The 动态 feed's history when /dispatch opens: the caller's latest events, newest first, read up to the page's live starting
/// point (data-live-after), so that the live client continues the list with no gap and no duplicate. The scope is the one the
/// live client follows (the caller's own) under the hub's and the catch-up API's rule (<see cref="LiveGroups.RefusalFor"/>).
/// </summary>
internal static class ConsoleFeed
{
    /// <summary>How many past events the page opens with; dispatch.js keeps at most 50 lines as live ones arrive.</summary>
    public const int Seeded = 20;

    public static async Task<IReadOnlyList<ConsoleFeedItem>> LatestAsync(NpgsqlDataSource dataSource, CurrentStaff staff, long upTo,
        CancellationToken ct)
    {
        // The live client would be refused this scope too: the page shows no history it could not follow.
        if (upTo <= 0 || LiveGroups.RefusalFor(staff, staff.ScopeCode) is not null) return [];
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The best plan depends on the scope: a busy township's newest 20 lie at the end of the id index (walk it backwards),
        // a quiet one's are found through the scope index. A generic plan of the auto-prepared statement (one plan for every
        // scope) walks backwards for all: measured on 2 M events, a quiet township's page then waited 1.7 s and an empty
        // scope's 2.3 s, against 0.05–3 ms with a plan made for its scope. So this statement is always planned for its scope.
        await using var batch = new NpgsqlBatch(connection, tx)
        {
            BatchCommands = { new NpgsqlBatchCommand("SET LOCAL plan_cache_mode = force_custom_plan"), OutboxEvents.Latest(upTo, Seeded, staff.ScopeCode, casesOnly: true) },
        };
        List<ConsoleFeedItem> items;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
            items = (await OutboxEvents.ReadAsync(reader, ct)).Select(e => ItemOf(e.Event)).ToList();
        await tx.CommitAsync(ct);
        return items;
    }

    /// <summary>The same wording as consoleFeed().add in dispatch.js: the action, and “→ new state” when the state moved or on a report.</summary>
    internal static ConsoleFeedItem ItemOf(LiveEvent liveEvent)
    {
        if (liveEvent.CaseId is not { } caseId) throw new ArgumentException("The feed lists case events only.", nameof(liveEvent));
        var payload = liveEvent.Payload;
        var action = Text(payload, "action") ?? "";
        var state = Text(payload, "state");
        var stateBefore = Text(payload, "stateBefore");
        var at = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("at", out var atElement)
            && atElement.ValueKind == JsonValueKind.String && atElement.TryGetDateTimeOffset(out var parsed)
            ? parsed
            : liveEvent.CreatedAt;
        var moved = stateBefore is not null && state is not null && stateBefore != state;
        var what = (action.Length > 0 ? CaseTracking.ActionName(action) : "")
            + (moved || action == "report" ? $" → {CaseStates.FromCode(state)?.Chinese() ?? state}" : "");
        return new ConsoleFeedItem(liveEvent.Id, caseId, Text(payload, "number"), at, what);
    }

    // JavaScript's `p.x || …`: a missing, null or empty string counts as absent.
    private static string? Text(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
