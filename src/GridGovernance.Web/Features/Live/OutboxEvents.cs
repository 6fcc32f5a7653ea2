using System.Text.Json;
using Npgsql;

namespace GridGovernance.Web.Features.Live;

/// <summary>Reads outbox events (migration 0012) for the catch-up API and for the forwarder, in id order.</summary>
internal static class OutboxEvents
{
    private const string Columns = "id, type, case_id, work_order_id, payload::text, created_at, scope_codes";

    /// <summary>Events after <paramref name="after"/> that <paramref name="scopeCode"/> may see (every event when it is null).</summary>
    public static NpgsqlBatchCommand After(long after, int limit, string? scopeCode)
    {
        var command = new NpgsqlBatchCommand(scopeCode is null
            ? $"SELECT {Columns} FROM outbox_event WHERE id > $1 ORDER BY id LIMIT $2"
            : $"SELECT {Columns} FROM outbox_event WHERE id > $1 AND scope_codes @> ARRAY[$3] ORDER BY id LIMIT $2")
        {
            Parameters = { new NpgsqlParameter<long> { TypedValue = after }, new NpgsqlParameter<int> { TypedValue = limit } },
        };
        if (scopeCode is not null) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scopeCode });
        return command;
    }

    /// <summary>
    /// The newest <paramref name="limit"/> events up to and including <paramref name="upTo"/> that <paramref name="scopeCode"/>
    /// may see, newest first: what a page shows of the recent past when it renders <paramref name="upTo"/> as where its live
    /// client starts, so that history and live events meet with no gap and no overlap. <paramref name="casesOnly"/>: case events
    /// only (the 动态 feeds list what happened to cases; a territory event, migration 0043, has no case to link to).
    /// </summary>
    public static NpgsqlBatchCommand Latest(long upTo, int limit, string scopeCode, bool casesOnly = false) =>
        new($"SELECT {Columns} FROM outbox_event WHERE id <= $1 AND scope_codes @> ARRAY[$3]{(casesOnly ? " AND case_id IS NOT NULL" : "")} ORDER BY id DESC LIMIT $2")
        {
            Parameters =
            {
                new NpgsqlParameter<long> { TypedValue = upTo },
                new NpgsqlParameter<int> { TypedValue = limit },
                new NpgsqlParameter<string> { TypedValue = scopeCode },
            },
        };

    /// <summary>Reads the rows of <see cref="After"/> or <see cref="Latest"/>: each event with the scope codes whose groups it goes to.</summary>
    public static async Task<List<(LiveEvent Event, string[] ScopeCodes)>> ReadAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var events = new List<(LiveEvent, string[])>();
        while (await reader.ReadAsync(ct))
        {
            using var payload = JsonDocument.Parse(reader.GetString(4));
            events.Add((new LiveEvent(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                payload.RootElement.Clone(), reader.GetFieldValue<DateTimeOffset>(5)), reader.GetFieldValue<string[]>(6)));
        }
        return events;
    }

    /// <summary>The newest event id: pages render it so their live client starts from the moment they were read.</summary>
    public static async Task<long> NewestIdAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM outbox_event");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
