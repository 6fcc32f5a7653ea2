using System.Globalization;
using System.Text.Json;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Evaluation;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Audit;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Web.Features.Stats;

/// <summary>A month's ranking of one level under one area, live (from the facts) or frozen (from the snapshot).</summary>
internal sealed record StatsTable(EvaluationMonth Month, StatsLevel Level, string Area, IReadOnlyList<StatsRow> Rows, bool Frozen,
    DateTimeOffset? PublishedAt, ScoreWeights Weights, HonourRule Rule);

/// <summary>
/// The evaluation as the pages and endpoints use it: the county's rules, live rankings scoped to the caller, the monthly
/// close (freeze once, publish once) and the published rankings every staff member of the county reads.
/// </summary>
internal sealed class StatsService(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<StatsService> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public EvaluationMonth CurrentMonth => EvaluationMonth.Of(clock.GetUtcNow());

    /// <summary>The county's weights and 红黑榜 rule (<c>eval_setting</c>), or the defaults.</summary>
    public async Task<(ScoreWeights Weights, HonourRule Rule)> SettingsAsync(string county, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT weight_response, weight_resolution, weight_satisfaction, weight_on_time, red_count, black_count
            FROM eval_setting WHERE county_code = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return (ScoreWeights.Default, HonourRule.Default);
        return (new ScoreWeights(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)),
            new HonourRule(reader.GetInt32(4), reader.GetInt32(5)));
    }

    /// <summary>
    /// The live ranking of <paramref name="level"/> under <paramref name="area"/>, limited to the rows the caller's territory
    /// covers; last month's ranks from its snapshot when frozen, else from the facts. Null when nothing of the area is the caller's.
    /// </summary>
    public async Task<StatsTable?> LiveAsync(CurrentStaff staff, string county, StatsLevel level, string area, EvaluationMonth month,
        CancellationToken ct)
    {
        var (weights, rule) = await SettingsAsync(county, ct);
        var previous = await PreviousRanksAsync(staff, county, level, area, month, weights, rule, ct);
        var rows = await StatsQueries.RankingAsync(dataSource, staff, county, level, area, month, weights, rule, previous, ct);
        if (rows.Count == 0 && !staff.Scope.Covers(area)) return null; // the same rule as the SQL fragment, without a round trip
        return new StatsTable(month, level, area, rows, Frozen: false, PublishedAt: null, weights, rule);
    }

    private async Task<IReadOnlyDictionary<string, int>> PreviousRanksAsync(CurrentStaff staff, string county, StatsLevel level, string area,
        EvaluationMonth month, ScoreWeights weights, HonourRule rule, CancellationToken ct)
    {
        if (await SnapshotAsync(county, level, area, month.Previous, publishedOnly: false, ct) is { } frozen)
            return Ranks(frozen.Rows);
        // Ranks only: no durations (they weigh nothing in the score), so the query carries none of them.
        return Ranks(await StatsQueries.RankingAsync(dataSource, staff, county, level, area, month.Previous, weights, rule, null, ct,
            withDurations: false));
    }

    private static Dictionary<string, int> Ranks(IEnumerable<StatsRow> rows) =>
        rows.Where(r => r.Ranked.Rank is not null).ToDictionary(r => r.Code, r => r.Ranked.Rank!.Value, StringComparer.Ordinal);

    /// <summary>The whole county as its administrator sees it: whoever freezes a month sees every row of it.</summary>
    private static CurrentStaff CountyView(string county) => new(0, "system", "系统", StaffRole.CountyAdmin, county, "");

    /// <summary>
    /// Freezes <paramref name="month"/> of <paramref name="county"/> once: townships and units under the county, each
    /// township's villages, and the county's grids, with their ranks and lists. A second call finds the first snapshot and
    /// changes nothing (the database refuses any change to a frozen row). Only a month that has ended can be frozen.
    /// <paramref name="backfilled"/>: frozen after the fact by the county's first close (<see cref="MonthlyCloseService"/>).
    /// </summary>
    public async Task<long?> FreezeAsync(string county, EvaluationMonth month, CancellationToken ct, bool backfilled = false)
    {
        if (month >= CurrentMonth) return null;
        if (await SnapshotIdAsync(county, month, ct) is { } existing) return existing;
        var (weights, rule) = await SettingsAsync(county, ct);
        var view = CountyView(county);
        var tables = new List<(StatsLevel Level, string Parent, IReadOnlyList<StatsRow> Rows)>();
        foreach (var (level, parent) in new[] { (StatsLevel.Township, county), (StatsLevel.Unit, county), (StatsLevel.Grid, county) })
            tables.Add((level, parent, await StatsQueries.RankingAsync(dataSource, view, county, level, parent, month, weights, rule,
                await PreviousRanksAsync(view, county, level, parent, month, weights, rule, ct), ct)));
        foreach (var township in tables[0].Rows.Select(r => r.Code).ToList())
            tables.Add((StatsLevel.Village, township, await StatsQueries.RankingAsync(dataSource, view, county, StatsLevel.Village, township,
                month, weights, rule, await PreviousRanksAsync(view, county, StatsLevel.Village, township, month, weights, rule, ct), ct)));

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        long id;
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO eval_snapshot (county_code, month, weights, rule, backfilled) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (county_code, month) DO NOTHING RETURNING id
            """, connection, tx))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
            insert.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month.FirstDay });
            insert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(weights, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
            insert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(rule, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
            insert.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = backfilled });
            if (await insert.ExecuteScalarAsync(ct) is not long inserted)
                return await SnapshotIdAsync(county, month, ct); // a twin froze it first: theirs stands
            id = inserted;
        }
        await using (var writer = await connection.BeginBinaryImportAsync("""
            COPY eval_snapshot_row (snapshot_id, level, code, parent_code, name, counts, score, grade, rank, previous_rank, board, criticised)
            FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var (level, parent, rows) in tables)
                foreach (var row in rows)
                {
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                    await writer.WriteAsync(level.Code(), NpgsqlDbType.Text, ct);
                    await writer.WriteAsync(row.Code, NpgsqlDbType.Text, ct);
                    await writer.WriteAsync(parent, NpgsqlDbType.Text, ct);
                    await writer.WriteAsync(row.Name, NpgsqlDbType.Text, ct);
                    await writer.WriteAsync(JsonSerializer.Serialize(row.Counts, Json), NpgsqlDbType.Jsonb, ct);
                    await WriteNullableAsync(writer, row.Ranked.Score is { } s ? (object)(decimal)s : null, NpgsqlDbType.Numeric, ct);
                    await WriteNullableAsync(writer, row.Ranked.Grade?.ToString(), NpgsqlDbType.Char, ct);
                    await WriteNullableAsync(writer, row.Ranked.Rank, NpgsqlDbType.Integer, ct);
                    await WriteNullableAsync(writer, row.Ranked.PreviousRank, NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(BoardCode(row.Ranked.Board), NpgsqlDbType.Text, ct);
                    await writer.WriteAsync(row.Criticised, NpgsqlDbType.Boolean, ct);
                }
            await writer.CompleteAsync(ct);
        }
        await tx.CommitAsync(ct);
        logger.LogInformation("Evaluation of county {County} for {Month} frozen as snapshot {SnapshotId}", county, month.Key, id);
        return id;
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, object? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, type, ct);

    public static string BoardCode(Board board) => board switch
    {
        Board.Red => "red",
        Board.Black => "black",
        _ => "none",
    };

    private static Board BoardOf(string code) => code switch
    {
        "red" => Board.Red,
        "black" => Board.Black,
        _ => Board.None,
    };

    private async Task<long?> SnapshotIdAsync(string county, EvaluationMonth month, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT id FROM eval_snapshot WHERE county_code = $1 AND month = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month.FirstDay });
        return await command.ExecuteScalarAsync(ct) as long?;
    }

    public enum PublishOutcome { Published, AlreadyPublished, MonthNotOver }

    /// <summary>Freezes the month if needed and publishes it: from then on every staff member of the county reads it.</summary>
    public async Task<PublishOutcome> PublishAsync(CurrentStaff admin, string county, EvaluationMonth month, CancellationToken ct)
    {
        if (await FreezeAsync(county, month, ct) is not { } id) return PublishOutcome.MonthNotOver;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand(
            "UPDATE eval_snapshot SET published_at = now(), published_by = $2 WHERE id = $1 AND published_at IS NULL", connection, tx))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = admin.Id });
            if (await command.ExecuteNonQueryAsync(ct) != 1) return PublishOutcome.AlreadyPublished;
        }
        await AuditTrail.RecordAsync(connection, tx, new AuditEntry(admin.Id, admin.DisplayName, "evaluation.publish", "eval_snapshot",
            id.ToString(CultureInfo.InvariantCulture), $"公布 {month.Chinese} 考核排名与红黑榜", After: new { county, month = month.Key }), ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Evaluation of county {County} for {Month} published by account {AccountId}", county, month.Key, admin.Id);
        return PublishOutcome.Published;
    }

    /// <summary>A frozen table of the county (published ones only unless <paramref name="publishedOnly"/> is false).</summary>
    public async Task<StatsTable?> SnapshotAsync(string county, StatsLevel level, string parent, EvaluationMonth month, bool publishedOnly,
        CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT s.published_at, s.weights, s.rule, r.code, r.name, r.counts, r.score, r.grade, r.rank, r.previous_rank, r.board, r.criticised
            FROM eval_snapshot s JOIN eval_snapshot_row r ON r.snapshot_id = s.id
            WHERE s.county_code = $1 AND s.month = $2 AND r.level = $3 AND r.parent_code = $4 AND ($5 = false OR s.published_at IS NOT NULL)
            ORDER BY r.rank NULLS LAST, r.code
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month.FirstDay });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = level.Code() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = parent });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = publishedOnly });
        var rows = new List<StatsRow>();
        DateTimeOffset? publishedAt = null;
        ScoreWeights? weights = null;
        HonourRule? rule = null;
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                publishedAt = reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0);
                weights ??= JsonSerializer.Deserialize<ScoreWeights>(reader.GetString(1), Json);
                rule ??= JsonSerializer.Deserialize<HonourRule>(reader.GetString(2), Json);
                var counts = JsonSerializer.Deserialize<IndicatorCounts>(reader.GetString(5), Json)!;
                double? score = reader.IsDBNull(6) ? null : (double)reader.GetDecimal(6);
                Grade? grade = reader.IsDBNull(7) ? null : Enum.Parse<Grade>(reader.GetString(7).Trim());
                var ranked = new RankedRow(reader.GetString(3), reader.GetString(4), score, grade,
                    reader.IsDBNull(8) ? null : reader.GetInt32(8), reader.IsDBNull(9) ? null : reader.GetInt32(9), BoardOf(reader.GetString(10)));
                rows.Add(new StatsRow(ranked.Code, ranked.Name, counts, reader.GetBoolean(11), ranked));
            }
        if (rows.Count == 0) return null;
        return new StatsTable(month, level, parent, rows, Frozen: true, publishedAt, weights ?? ScoreWeights.Default, rule ?? HonourRule.Default);
    }

    /// <summary>The months the county's first close froze after the fact (before the month it was closing), oldest first.</summary>
    public async Task<IReadOnlyList<EvaluationMonth>> BackfilledMonthsAsync(string county, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT month FROM eval_snapshot WHERE county_code = $1 AND backfilled ORDER BY month");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
        var months = new List<EvaluationMonth>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) months.Add(EvaluationMonth.FromFirstDay(reader.GetFieldValue<DateOnly>(0)));
        return months;
    }

    /// <summary>The months of the county that are published, newest first.</summary>
    public async Task<IReadOnlyList<(EvaluationMonth Month, DateTimeOffset PublishedAt)>> PublishedMonthsAsync(string county, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT month, published_at FROM eval_snapshot WHERE county_code = $1 AND published_at IS NOT NULL ORDER BY month DESC");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
        var months = new List<(EvaluationMonth, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            months.Add((EvaluationMonth.FromFirstDay(reader.GetFieldValue<DateOnly>(0)), reader.GetFieldValue<DateTimeOffset>(1)));
        return months;
    }
}
