using System.Globalization;
using System.Security.Cryptography;
using GridGovernance.Data.Database;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Features.Metrics;
using GridGovernance.Web.Features.Supervision;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Integration.Tests.Supervision;

/// <summary>
/// The real app over a copy of the demo county with its clocks switched off, so that each test drives RunOnceAsync with the
/// times it chooses (the background loop would otherwise run with the machine's clock in the middle of a test).
/// </summary>
public sealed class ClocksOffAppFactory(string connectionString) : GridGovAppFactory(connectionString)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("GridGov:Supervision:Enabled", "false");
        builder.UseSetting("GridGov:Escalation:Enabled", "false");
    }
}

/// <summary>A demo county copy, the app's own supervision and escalation services, and helpers that write cases and orders by SQL.</summary>
public sealed class SupervisionFixture : IAsyncLifetime
{
    public static readonly TimeSpan Cst = TimeSpan.FromHours(8);
    public const string Grid = "451027100001001";
    public const string Village = "451027100001";
    public const string Township = "451027100";
    public const string Chengguan = "451027-chengguan";
    public const string Police = "451027100-police";

    private static int _sequence = RandomNumberGenerator.GetInt32(1000, 5000);

    public TestDatabase Database { get; private set; } = null!;
    public ClocksOffAppFactory Factory { get; private set; } = null!;
    public long DispatcherId { get; private set; }

    /// <summary>The instances the app itself runs (registered as singletons and hosted services).</summary>
    internal SupervisionService Supervision => Factory.Services.GetRequiredService<SupervisionService>();
    internal EscalationService Escalation => Factory.Services.GetRequiredService<EscalationService>();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithDemoCountyAsync();
        Factory = new ClocksOffAppFactory(Database.ConnectionString);
        _ = Factory.Server; // start the host: migrations applied, services built
        DispatcherId = await Database.ScalarAsync<long>("SELECT id FROM staff_account WHERE username = 'dispatcher'");
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Another app instance over the same database: its own data source and service objects, like a second process.</summary>
    internal (SupervisionService Supervision, EscalationService Escalation, NpgsqlDataSource DataSource) SecondInstance()
    {
        var dataSource = GridGovDataSource.Create(Database.ConnectionString, "gridgov-tests");
        return (new SupervisionService(dataSource, Options.Create(new SupervisionOptions()), TimeProvider.System,
                NullLogger<SupervisionService>.Instance, GridGovMetrics.Unexported()),
            new EscalationService(dataSource, Options.Create(new EscalationOptions()), TimeProvider.System,
                NullLogger<EscalationService>.Instance, GridGovMetrics.Unexported()), dataSource);
    }

    public static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Cst);

    /// <summary>A case in the demo county's first grid, written as the app would have left it.</summary>
    public async Task<long> CaseAsync(string state, DateTimeOffset? deadline = null, DateTimeOffset? levelSince = null,
        string category = "E0102", string? closureType = null)
    {
        var number = $"{category}{DateTime.UtcNow:yyyyMMdd}{Interlocked.Increment(ref _sequence) % 10000:D4}";
        await using var command = Database.DataSource.CreateCommand("""
            INSERT INTO case_file (number, kind, category, request_type, source, description, county_code, township_code, village_code,
                                   grid_code, state, tracking_token_hash, tracking_token_encrypted, idempotency_key, level_since,
                                   accepted_at, deadline_at, closure_type, closed_at)
            VALUES ($1, left($2, 1), $2, 'complaint', 'grid_worker', '测试：路口垃圾堆积', left($3, 6), left($3, 9), left($3, 12), $3, $4,
                    $5, $6, $7, coalesce($8, now()), $9 - interval '1 day', $9, $10, CASE WHEN $10::text IS NULL THEN NULL ELSE now() END)
            RETURNING id
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = number });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = category });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Grid });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = RandomNumberGenerator.GetBytes(32) });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = RandomNumberGenerator.GetBytes(16) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "test-" + Guid.NewGuid().ToString("N") });
        command.Parameters.Add(Instant(levelSince));
        command.Parameters.Add(Instant(deadline));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)closureType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A unit's work order for a case; a whistled order also gets its whistle (and the arrival deadline).</summary>
    public async Task<long> OrderAsync(long caseId, string unit, DateTimeOffset deadline, string state = "signed",
        string? whistleKind = null, DateTimeOffset? whistledAt = null, DateTimeOffset? arrivalDeadline = null, DateTimeOffset? arrivedAt = null,
        string extension = "none", DateTimeOffset? extensionUntil = null)
    {
        long? whistleId = null;
        if (whistleKind is not null)
            whistleId = await Database.ScalarAsync<long>(
                "INSERT INTO whistle (case_id, kind, blown_by, blown_at, arrival_deadline_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                caseId, whistleKind, DispatcherId, whistledAt!.Value.ToUniversalTime(), arrivalDeadline!.Value.ToUniversalTime());
        await using var command = Database.DataSource.CreateCommand("""
            INSERT INTO work_order (case_id, unit_code, whistle_id, state, dispatched_by, dispatched_at, deadline_at, arrival_deadline_at,
                                    arrived_at, arrival_geom, extension_status, extension_until, fed_back_at)
            VALUES ($1, $2, $3, $4, $5, coalesce($6, now()), $7, $8, $9,
                    CASE WHEN $9::timestamptz IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(106.56, 24.35), 4326) END, $10, $11,
                    CASE WHEN $4 = 'fed_back' THEN now() END)
            RETURNING id
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = caseId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unit });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)whistleId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = DispatcherId });
        command.Parameters.Add(Instant(whistledAt));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = deadline.ToUniversalTime() });
        command.Parameters.Add(Instant(arrivalDeadline));
        command.Parameters.Add(Instant(arrivedAt));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = extension });
        command.Parameters.Add(Instant(extensionUntil));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public sealed record SupervisionRow(long? WorkOrderId, string Level, DateTimeOffset DueAt);

    public async Task<IReadOnlyList<SupervisionRow>> SupervisionsAsync(long caseId) =>
        await ReadAsync("SELECT work_order_id, level, due_at FROM supervision WHERE case_id = $1 ORDER BY due_at, id", caseId,
            r => new SupervisionRow(r.IsDBNull(0) ? null : r.GetInt64(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2)));

    public sealed record TimelineRow(string ActorKind, string Action, string? StateBefore, string? StateAfter, string? Note, long? WorkOrderId);

    public async Task<IReadOnlyList<TimelineRow>> TimelineAsync(long caseId) =>
        await ReadAsync("SELECT actor_kind, action, state_before, state_after, note, work_order_id FROM case_timeline WHERE case_id = $1 ORDER BY id",
            caseId, r => new TimelineRow(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetInt64(5)));

    public sealed record NotificationRow(string Recipient, long? WorkOrderId, string Kind, string Message);

    public async Task<IReadOnlyList<NotificationRow>> NotificationsAsync(long caseId) =>
        await ReadAsync("SELECT recipient_scope, work_order_id, kind, message FROM notification WHERE case_id = $1 ORDER BY id", caseId,
            r => new NotificationRow(r.GetString(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.GetString(2), r.GetString(3)));

    public async Task<T> CaseColumnAsync<T>(long caseId, string column) =>
        (await ReadAsync($"SELECT {column} FROM case_file WHERE id = $1", caseId, r => r.GetFieldValue<T>(0))).Single();

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = Database.DataSource.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        await command.ExecuteNonQueryAsync();
    }

    private async Task<IReadOnlyList<T>> ReadAsync<T>(string sql, long caseId, Func<NpgsqlDataReader, T> map)
    {
        await using var command = Database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = caseId });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(map(reader));
        return rows;
    }

    private static NpgsqlParameter Instant(DateTimeOffset? value) =>
        new() { Value = (object?)value?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    public static string Local(DateTimeOffset instant) => instant.ToOffset(Cst).ToString("M月d日 HH:mm", CultureInfo.InvariantCulture);
}
