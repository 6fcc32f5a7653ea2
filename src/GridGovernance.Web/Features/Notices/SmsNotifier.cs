using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Notices;

/// <summary>
/// Progress by SMS to a resident who left a phone: reads the outbox's case events after its cursor (the same committed, ordered
/// events the live pages get), and for each event type with a template (<see cref="SmsOptions.TemplateFor"/>) sends one SMS
/// through <see cref="SmsGateway"/>. Unconfigured (no GatewayUrl) it sends nothing and says so once at start-up. The cursor row
/// is locked for the batch, so two instances never send one event twice; an event older than <see cref="MaxAge"/> when read
/// (a gateway configured after weeks without) is passed over, not sent late. The provider's refusal is recorded, not retried.
/// Logs name cases and events, never a phone.
/// </summary>
internal sealed class SmsNotifier(NpgsqlDataSource dataSource, SmsGateway gateway, CaseSecrets secrets, IOptions<SmsOptions> options,
    IOptions<GridGovOptions> app, TimeProvider clock, ILogger<SmsNotifier> logger) : BackgroundService
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(30);
    private const int Batch = 200;

    /// <param name="Read">Outbox events passed by the cursor.</param>
    /// <param name="Sent">SMS the provider accepted.</param>
    /// <param name="Refused">SMS the provider refused or could not be reached for.</param>
    public sealed record Run(int Read, int Sent, int Refused);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Configured)
        {
            logger.LogInformation("SMS gateway not configured (GridGov:Sms:GatewayUrl is empty): no SMS is sent");
            return;
        }
        if (!settings.Enabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.IntervalSeconds), clock);
        do
        {
            try
            {
                var run = await RunOnceAsync(stoppingToken);
                if (run.Sent + run.Refused > 0)
                    logger.LogInformation("SMS run: {Sent} sent, {Refused} refused, {Read} events read", run.Sent, run.Refused, run.Read);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "SMS run failed; the next tick tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<Run> RunOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.Configured) return new Run(0, 0, 0);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        long cursor;
        await using (var lockCursor = new NpgsqlCommand("SELECT last_event_id FROM sms_cursor WHERE id = 1 FOR UPDATE", connection, tx))
            cursor = (long)(await lockCursor.ExecuteScalarAsync(ct))!;

        var events = new List<(long Id, string Type, long CaseId, DateTimeOffset At, string Number, string State, byte[]? Phone, byte[] Token)>();
        await using (var read = new NpgsqlCommand("""
            SELECT e.id, e.type, e.case_id, e.created_at, c.number, c.state, c.reporter_phone_encrypted, c.tracking_token_encrypted
            FROM outbox_event e JOIN case_file c ON c.id = e.case_id
            WHERE e.id > $1 ORDER BY e.id LIMIT $2
            """, connection, tx))
        {
            read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = cursor });
            read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Batch });
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                events.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4),
                    reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<byte[]>(6), reader.GetFieldValue<byte[]>(7)));
        }
        if (events.Count == 0) return new Run(0, 0, 0);

        var now = clock.GetUtcNow();
        int sent = 0, refused = 0;
        foreach (var e in events)
        {
            if (e.Phone is null || settings.TemplateFor(e.Type) is not { } template || now - e.At > MaxAge) continue;
            var link = $"{app.Value.PublicBase() ?? ""}/t/{secrets.UnprotectToken(e.Token)}";
            var content = template.Replace("{number}", e.Number, StringComparison.Ordinal)
                .Replace("{state}", CaseStates.FromCode(e.State)?.Chinese() ?? "", StringComparison.Ordinal)
                .Replace("{link}", link, StringComparison.Ordinal);
            (bool Accepted, int Status)? answer;
            try
            {
                answer = await gateway.SendAsync(new SmsGateway.Message(secrets.UnprotectPhone(e.Phone), settings.Signature, content, e.Type,
                    e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ct);
            }
            catch (Exception failure) when (failure is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                logger.LogWarning("SMS for case {CaseId} event {EventId} not delivered to the gateway: {Error}", e.CaseId, e.Id, failure.GetType().Name);
                answer = null;
            }
            if (answer is { Accepted: true }) sent++; else refused++;
            await using var record = new NpgsqlCommand("""
                INSERT INTO sms_message (event_id, case_id, event_type, accepted, http_status) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (event_id) DO NOTHING
                """, connection, tx);
            record.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.Id });
            record.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.CaseId });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Type });
            record.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = answer is { Accepted: true } });
            record.Parameters.Add(new NpgsqlParameter { Value = (object?)answer?.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            await record.ExecuteNonQueryAsync(ct);
            if (answer is { Accepted: false } refusedAnswer)
                logger.LogWarning("SMS for case {CaseId} event {EventId} refused by the gateway: HTTP {Status}", e.CaseId, e.Id, refusedAnswer.Status);
        }
        await using (var advance = new NpgsqlCommand("UPDATE sms_cursor SET last_event_id = $1 WHERE id = 1", connection, tx))
        {
            advance.Parameters.Add(new NpgsqlParameter<long> { TypedValue = events[^1].Id });
            await advance.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new Run(events.Count, sent, refused);
    }
}
