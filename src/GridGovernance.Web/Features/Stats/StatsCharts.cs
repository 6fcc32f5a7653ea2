using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Evaluation;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Stats;

/// <summary>One month of an area's trend: the same sums a ranking row is computed from, so the chart and the table agree.</summary>
internal sealed record TrendPoint(EvaluationMonth Month, IndicatorCounts Counts);

/// <summary>The month's reported cases of one source or one category (大类).</summary>
internal sealed record VolumeRow(string Code, string Name, long Count);

/// <summary>A month's volume of an area by source and by category.</summary>
internal sealed record Volume(IReadOnlyList<VolumeRow> BySource, IReadOnlyList<VolumeRow> ByCategory)
{
    public long Total => BySource.Sum(r => r.Count);
}

/// <summary>One dispatcher or grid worker of the month (岗位评价).</summary>
internal sealed record PostRow(long StaffId, string Name, Post Post, string ScopeCode, PostCounts Counts)
{
    public PostValues Values { get; } = PostScores.Values(Counts);
}

/// <summary>The 大屏's figures of right now: reported today, open, and open past their deadline.</summary>
internal sealed record LiveKpis(long ReportedToday, long Open, long Overdue);

/// <summary>One line of the 大屏's latest events (no personal data: the outbox carries none).</summary>
internal sealed record ScreenEvent(long Id, string Time, string Number, string Action, string Category, string GridCode);

/// <summary>
/// What the charts, maps and 岗位评价 of /stats, the 大屏 and the monthly report read: trends per month, volume by source and
/// category, the areas of a ranking with their outlines (choropleth), the month's case positions (heatmap), and post scores.
/// All from the evaluation facts; every query is the caller's own area (<see cref="StaffScopeSql.CoversTerritory"/>) and
/// returns null (or nothing) for an area that is not.
/// </summary>
internal static class StatsCharts
{
    /// <summary>At most this many case positions go to a heatmap (a month of a county is far fewer; a province's is not drawn as points).</summary>
    public const int HeatLimit = 20_000;

    private static NpgsqlCommand Command(NpgsqlDataSource dataSource, CurrentStaff staff, string sql, string county, string area)
    {
        var command = StaffScopeSql.Command(dataSource, staff, sql);
        command.Parameters.AddWithValue("county", county);
        command.Parameters.AddWithValue("area", area);
        return command;
    }

    /// <summary>The last <paramref name="months"/> months up to <paramref name="last"/>, oldest first; null when the area is not the caller's.</summary>
    public static async Task<IReadOnlyList<TrendPoint>?> TrendAsync(NpgsqlDataSource dataSource, CurrentStaff staff, string county,
        string area, EvaluationMonth last, int months, CancellationToken ct)
    {
        if (!staff.Scope.Covers(area)) return null;
        var first = last;
        for (var i = 1; i < months; i++) first = first.Previous;
        var sql = $"""
            WITH m AS (SELECT generate_series(@first::date, @last::date, interval '1 month')::date AS month),
            r AS (SELECT reported_month AS month, count(*) AS reported, count(*) FILTER (WHERE escalated) AS escalated
                  FROM eval_case_fact WHERE county_code = @county AND starts_with(grid_code, @area)
                    AND reported_month BETWEEN @first AND @last GROUP BY 1),
            d AS (SELECT due_month AS month, count(*) AS due, count(*) FILTER (WHERE closed_in_month) AS closed,
                         count(*) FILTER (WHERE closed_on_time) AS on_time, count(*) FILTER (WHERE checked) AS checked,
                         count(*) FILTER (WHERE reworked) AS reworked
                  FROM eval_case_fact WHERE county_code = @county AND starts_with(grid_code, @area) AND counted
                    AND due_month BETWEEN @first AND @last GROUP BY 1),
            q AS (SELECT rated_month AS month, count(*) FILTER (WHERE satisfied IS NOT NULL) AS rated,
                         count(*) FILTER (WHERE resolved) AS resolved, count(*) FILTER (WHERE satisfied) AS satisfied
                  FROM eval_case_fact WHERE county_code = @county AND starts_with(grid_code, @area)
                    AND rated_month BETWEEN @first AND @last GROUP BY 1),
            o AS (SELECT month, count(*) AS dispatched, count(*) FILTER (WHERE responded_in_time) AS responded,
                         count(*) FILTER (WHERE returned) AS returned
                  FROM eval_order_fact WHERE county_code = @county AND starts_with(grid_code, @area) AND counted
                    AND month BETWEEN @first AND @last GROUP BY 1)
            SELECT m.month, coalesce(r.reported, 0), coalesce(r.escalated, 0), coalesce(d.due, 0), coalesce(d.closed, 0),
                   coalesce(d.on_time, 0), coalesce(d.checked, 0), coalesce(d.reworked, 0), coalesce(q.rated, 0),
                   coalesce(q.resolved, 0), coalesce(q.satisfied, 0), coalesce(o.dispatched, 0), coalesce(o.responded, 0),
                   coalesce(o.returned, 0)
            FROM m LEFT JOIN r USING (month) LEFT JOIN d USING (month) LEFT JOIN q USING (month) LEFT JOIN o USING (month)
            WHERE {StaffScopeSql.CoversTerritory("@area")}
            ORDER BY m.month
            """;
        await using var command = Command(dataSource, staff, sql, county, area);
        command.Parameters.AddWithValue("first", first.FirstDay);
        command.Parameters.AddWithValue("last", last.FirstDay);
        var points = new List<TrendPoint>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            points.Add(new TrendPoint(EvaluationMonth.FromFirstDay(reader.GetFieldValue<DateOnly>(0)), new IndicatorCounts
            {
                Reported = reader.GetInt64(1), Escalated = reader.GetInt64(2), DueToClose = reader.GetInt64(3), Closed = reader.GetInt64(4),
                ClosedOnTime = reader.GetInt64(5), Checked = reader.GetInt64(6), Reworked = reader.GetInt64(7), Rated = reader.GetInt64(8),
                Resolved = reader.GetInt64(9), Satisfied = reader.GetInt64(10), Dispatched = reader.GetInt64(11),
                RespondedInTime = reader.GetInt64(12), Returned = reader.GetInt64(13),
            }));
        return points;
    }

    /// <summary>The month's reported cases under the area by source and by 大类; null when the area is not the caller's.</summary>
    public static async Task<Volume?> VolumeAsync(NpgsqlDataSource dataSource, CurrentStaff staff, string county, string area,
        EvaluationMonth month, CancellationToken ct)
    {
        if (!staff.Scope.Covers(area)) return null;
        var sql = $"""
            SELECT 'source', f.source, f.source, count(*)
            FROM eval_case_fact f
            WHERE f.county_code = @county AND starts_with(f.grid_code, @area) AND f.reported_month = @month AND {StaffScopeSql.CoversTerritory("@area")}
            GROUP BY f.source
            UNION ALL
            SELECT 'category', left(f.category, 3), coalesce(min(k.major_name), left(f.category, 3)), count(*)
            FROM eval_case_fact f LEFT JOIN case_category k ON k.code = f.category
            WHERE f.county_code = @county AND starts_with(f.grid_code, @area) AND f.reported_month = @month AND {StaffScopeSql.CoversTerritory("@area")}
            GROUP BY left(f.category, 3)
            """;
        await using var command = Command(dataSource, staff, sql, county, area);
        command.Parameters.AddWithValue("month", month.FirstDay);
        var bySource = new List<VolumeRow>();
        var byCategory = new List<VolumeRow>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var code = reader.GetString(1);
                if (reader.GetString(0) == "source")
                    bySource.Add(new VolumeRow(code, CaseSources.FromCode(code)?.Chinese() ?? code, reader.GetInt64(3)));
                else
                    byCategory.Add(new VolumeRow(code, reader.GetString(2), reader.GetInt64(3)));
            }
        return new Volume(
            bySource.OrderByDescending(r => r.Count).ThenBy(r => r.Code, StringComparer.Ordinal).ToList(),
            byCategory.OrderByDescending(r => r.Count).ThenBy(r => r.Code, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// The ranked rows as a GeoJSON FeatureCollection for a choropleth: each area's outline (simplified for the screen) with
    /// code, name, the indicator's value and text, and its fill colour from <see cref="ChoroplethScale"/>. Units have no outline.
    /// </summary>
    public static async Task<string> ChoroplethAsync(NpgsqlDataSource dataSource, StatsLevel level, IReadOnlyList<StatsRow> rows,
        Indicator indicator, CancellationToken ct)
    {
        var table = level switch
        {
            StatsLevel.Township => "township",
            StatsLevel.Village => "village",
            StatsLevel.Grid => "grid",
            _ => null,
        };
        var features = new JsonArray();
        if (table is not null && rows.Count > 0)
        {
            var values = rows.ToDictionary(r => r.Code, r => r.Value(indicator), StringComparer.Ordinal);
            var scale = ChoroplethScale.Of(values.Values.Select(v => v.Number));
            // The rows were already limited to the caller's territory; the outlines are only looked up for them.
            await using var command = dataSource.CreateCommand(
                $"SELECT code, ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.0002), 5) FROM {table} WHERE code = ANY($1)");
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = values.Keys.ToArray() });
            var names = rows.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var code = reader.GetString(0);
                var value = values[code];
                features.Add(new JsonObject
                {
                    ["type"] = "Feature",
                    ["geometry"] = JsonNode.Parse(reader.GetString(1)),
                    ["properties"] = new JsonObject
                    {
                        ["code"] = code,
                        ["name"] = names[code],
                        ["value"] = value.Number,
                        ["tooltip"] = $"{names[code]}：{indicator.Name} {value.Text}",
                        ["fill"] = scale.ColourOf(value.Number),
                    },
                });
            }
        }
        return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString();
    }

    /// <summary>The month's reported cases under the area that the caller may see, as [lat, lng] (rounded to about 10 m).</summary>
    public static async Task<IReadOnlyList<double[]>> HeatAsync(NpgsqlDataSource dataSource, CurrentStaff staff, string county, string area,
        EvaluationMonth month, CancellationToken ct)
    {
        if (!staff.Scope.Covers(area)) return [];
        var sql = $"""
            SELECT round(ST_Y(c.geom)::numeric, 4)::float8, round(ST_X(c.geom)::numeric, 4)::float8
            FROM eval_case_fact f JOIN case_file c ON c.id = f.case_id
            WHERE f.county_code = @county AND starts_with(f.grid_code, @area) AND f.reported_month = @month AND c.geom IS NOT NULL
              AND {StaffScopeSql.SeesCase("c")}
            LIMIT {HeatLimit}
            """;
        await using var command = Command(dataSource, staff, sql, county, area);
        command.Parameters.AddWithValue("month", month.FirstDay);
        var points = new List<double[]>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) points.Add([reader.GetDouble(0), reader.GetDouble(1)]);
        return points;
    }

    /// <summary>
    /// The SQL of <see cref="PostsAsync"/> (parameters @county, @area, @month and the caller's scope): the post accounts under
    /// the area, and per account the sums of each month a case counts in for it, each its own aggregate over its own covering
    /// index (migrations 0052, 0065), so the table reads index pages only, like the rankings: a 网格员's reported cases
    /// (reported_month, by reporter), a 调度员's registered ones (registered_month, by registrar), and both posts' cases due in
    /// the month (due_month). The accounts and the sums meet in one GROUP BY (account, post), not in a join: a row counts for
    /// an account only under the post it is summed for (a 调度员 who entered a desk case is its reporter, not a 网格员), and
    /// groups without the account's own row (not a post under the area, or not the caller's) are dropped. Without a join the
    /// plan cannot go wrong when the statement is prepared (Npgsql auto-prepares it): a generic plan guesses one account
    /// for the area prefix, and the first version of this query then re-ran the month's sums once per account in a nested
    /// loop (tests/bench/README.md, "Posts"). The benchmark runs this text (<c>BareEndpoint dump-sql</c> → stats-posts.sql).
    /// </summary>
    internal static string PostsSql() => $"""
        WITH p AS (
            SELECT id, display_name, role, scope_code FROM staff_account
            WHERE NOT disabled AND role IN ('township_dispatcher', 'grid_worker') AND starts_with(scope_code, @area)
              AND {StaffScopeSql.CoversTerritory("scope_code")}),
        r AS (
            SELECT id AS staff_id, role, display_name, scope_code, 0::bigint AS volume, 0::bigint AS due, 0::bigint AS on_time,
                   0::bigint AS checked, 0::bigint AS reworked, true AS post
            FROM p
            UNION ALL
            -- A grid worker's volume: the cases they reported (reporter_account_id), in the month reported.
            SELECT f.reporter_account_id, 'grid_worker', NULL, NULL, count(*), 0, 0, 0, 0, false
            FROM eval_case_fact f
            WHERE f.county_code = @county AND f.reported_month = @month AND starts_with(f.grid_code, @area) AND f.reporter_account_id IS NOT NULL
            GROUP BY 1
            UNION ALL
            -- A dispatcher's volume: the cases they registered (立案, registrar_account_id), in the month of the first registration.
            SELECT f.registrar_account_id, 'township_dispatcher', NULL, NULL, count(*), 0, 0, 0, 0, false
            FROM eval_case_fact f
            WHERE f.county_code = @county AND f.registered_month = @month AND starts_with(f.grid_code, @area) AND f.registrar_account_id IS NOT NULL
            GROUP BY 1
            UNION ALL
            -- Both posts' cases due in the month (the closure rule): a grid worker's by reporter, a dispatcher's by registrar.
            SELECT f.reporter_account_id, 'grid_worker', NULL, NULL, 0, count(*) FILTER (WHERE f.counted),
                   count(*) FILTER (WHERE f.counted AND f.closed_on_time), count(*) FILTER (WHERE f.counted AND f.checked),
                   count(*) FILTER (WHERE f.counted AND f.reworked), false
            FROM eval_case_fact f
            WHERE f.county_code = @county AND f.due_month = @month AND starts_with(f.grid_code, @area) AND f.reporter_account_id IS NOT NULL
            GROUP BY 1
            UNION ALL
            SELECT f.registrar_account_id, 'township_dispatcher', NULL, NULL, 0, count(*) FILTER (WHERE f.counted),
                   count(*) FILTER (WHERE f.counted AND f.closed_on_time), count(*) FILTER (WHERE f.counted AND f.checked),
                   count(*) FILTER (WHERE f.counted AND f.reworked), false
            FROM eval_case_fact f
            WHERE f.county_code = @county AND f.due_month = @month AND starts_with(f.grid_code, @area) AND f.registrar_account_id IS NOT NULL
            GROUP BY 1)
        SELECT staff_id, max(display_name), role, max(scope_code), sum(volume)::bigint, sum(due)::bigint, sum(on_time)::bigint,
               sum(checked)::bigint, sum(reworked)::bigint
        FROM r
        GROUP BY staff_id, role
        HAVING bool_or(post)
        ORDER BY role, max(scope_code), staff_id
        """;

    /// <summary>
    /// 岗位评价 of the month: the dispatchers and grid workers whose post lies under the area and in the caller's territory, each
    /// with the counts of <see cref="PostCounts"/> (a grid worker's cases are the ones they reported; a dispatcher's the ones
    /// they registered, 立案) — the sums of <see cref="PostCounts.From"/>, read from the case facts only (migration 0052) by
    /// <see cref="PostsSql"/>. Null when the area is not the caller's.
    /// </summary>
    public static async Task<IReadOnlyList<PostRow>?> PostsAsync(NpgsqlDataSource dataSource, CurrentStaff staff, string county, string area,
        EvaluationMonth month, CancellationToken ct)
    {
        if (!staff.Scope.Covers(area)) return null;
        var sql = PostsSql();
        await using var command = Command(dataSource, staff, sql, county, area);
        command.Parameters.AddWithValue("month", month.FirstDay);
        var rows = new List<PostRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new PostRow(reader.GetInt64(0), reader.GetString(1),
                reader.GetString(2) == "grid_worker" ? Post.GridWorker : Post.Dispatcher, reader.GetString(3),
                new PostCounts(reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8))));
        return rows.OrderBy(r => r.Post).ThenByDescending(r => r.Values.Score ?? -1).ThenBy(r => r.ScopeCode, StringComparer.Ordinal).ToList();
    }

    /// <summary>Today's (China date) reported cases, open cases and overdue open ones under the area, as the caller sees them.</summary>
    public static async Task<LiveKpis?> KpisAsync(NpgsqlDataSource dataSource, CurrentStaff staff, string county, string area,
        DateTimeOffset now, CancellationToken ct)
    {
        if (!staff.Scope.Covers(area)) return null;
        var today = new DateTimeOffset(GridGovernance.Domain.Calendar.ChinaTime.Date(now).ToDateTime(TimeOnly.MinValue),
            GridGovernance.Domain.Calendar.ChinaTime.Offset);
        var sql = $"""
            SELECT count(*) FILTER (WHERE c.created_at >= @today),
                   count(*) FILTER (WHERE c.state = ANY(@open)),
                   count(*) FILTER (WHERE c.state = ANY(@open) AND c.deadline_at < @now)
            FROM case_file c
            WHERE c.county_code = @county AND starts_with(c.grid_code, @area) AND (c.created_at >= @today OR c.state = ANY(@open))
              AND {StaffScopeSql.SeesCase("c")}
            """;
        await using var command = Command(dataSource, staff, sql, county, area);
        command.Parameters.AddWithValue("today", today.ToUniversalTime());
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        command.Parameters.AddWithValue("open", StateSets.OpenCases.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new LiveKpis(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>Timeline actions that are not a staff action on a case (intake, the resident's rating).</summary>
    private static readonly Dictionary<string, string> OtherActions = new(StringComparer.Ordinal)
    {
        ["report"] = "上报",
        ["rate"] = "群众评价",
    };

    /// <summary>The newest events of the area's live channel (the same outbox and scope rule as /api/events), newest first.</summary>
    public static async Task<IReadOnlyList<ScreenEvent>> LatestEventsAsync(NpgsqlDataSource dataSource, string scopeCode, int limit,
        CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(GridGovernance.Web.Features.Live.OutboxEvents.Latest(long.MaxValue, limit, scopeCode, casesOnly: true));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT code, name FROM case_category"));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var events = await GridGovernance.Web.Features.Live.OutboxEvents.ReadAsync(reader, ct);
        await reader.NextResultAsync(ct);
        var categories = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) categories[reader.GetString(0)] = reader.GetString(1);
        string Text(System.Text.Json.JsonElement payload, string name) =>
            payload.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        return events.Select(e =>
        {
            var action = Text(e.Event.Payload, "action");
            var category = Text(e.Event.Payload, "category");
            return new ScreenEvent(e.Event.Id, GridGovernance.Domain.Calendar.ChinaTime.ClockWithSeconds(e.Event.CreatedAt),
                Text(e.Event.Payload, "number"), CaseActions.FromCode(action)?.Chinese() ?? OtherActions.GetValueOrDefault(action, action),
                categories.GetValueOrDefault(category, category), Text(e.Event.Payload, "gridCode"));
        }).ToList();
    }

    /// <summary>The box (west, south, east, north) of a county, township or village; null for an unknown code.</summary>
    public static async Task<double[]?> BoundsAsync(NpgsqlDataSource dataSource, string code, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (
                SELECT geom::box2d AS b FROM county WHERE code = $1
                UNION ALL SELECT geom::box2d FROM township WHERE code = $1
                UNION ALL SELECT geom::box2d FROM village WHERE code = $1
                UNION ALL SELECT geom::box2d FROM grid WHERE code = $1) x
            LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? [reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3)] : null;
    }

    /// <summary>ECharts wants numbers or "-" (a gap) for a month with nothing to count; rates as percent with one decimal.</summary>
    public static object Percent(IndicatorValue value) =>
        value.Number is { } n ? Math.Round(n * 100, 1, MidpointRounding.AwayFromZero) : "-";

    public static string Json(object option) => JsonSerializer.Serialize(option, JsonSerializerOptions.Web);

    public static string MonthLabel(EvaluationMonth month) => month.Month.ToString(CultureInfo.InvariantCulture) + "月";
}

/// <summary>
/// The choropleth's five classes: equal steps between the smallest and largest value in view (a county's townships differ
/// by a few points; a fixed 0–100 % scale would paint them all one colour). Areas with nothing to count are grey.
/// </summary>
internal sealed record ChoroplethScale(double? Min, double? Max)
{
    public static readonly string[] Colours = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
    public const string NoData = "#d9d9d9";

    public static ChoroplethScale Of(IEnumerable<double?> values)
    {
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return present.Count == 0 ? new(null, null) : new(present.Min(), present.Max());
    }

    public int? ClassOf(double? value)
    {
        if (value is not { } v || Min is not { } min || Max is not { } max) return null;
        if (max - min < 1e-9) return Colours.Length - 1;
        return Math.Clamp((int)Math.Floor((v - min) / (max - min) * Colours.Length), 0, Colours.Length - 1);
    }

    public string ColourOf(double? value) => ClassOf(value) is { } c ? Colours[c] : NoData;
}
