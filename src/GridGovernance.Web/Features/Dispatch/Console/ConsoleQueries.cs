using GridGovernance.Data.Calendar;
using GridGovernance.Domain.Calendar;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Dispatch;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>One case in the console's list (and, with a position, one marker on its map).</summary>
/// <see cref="Urgent"/>: an 应急 case — a category with a limit in minutes (突发事件) or an 应急哨 blown for it.
public sealed record ConsoleRow(long Id, string Number, string CategoryName, CaseState State, string VillageName, string GridName,
    DateTimeOffset CreatedAt, DeadlineReading? Deadline, int Supervisions, double? Lng, double? Lat, bool Urgent);

/// <summary>A place the filter may narrow to: a township (for the county) or a village.</summary>
public sealed record ConsoleArea(string Code, string Name, bool IsTownship);

public sealed record ConsoleCategory(string Code, string MajorName, string Name);

/// <summary>
/// The KPI strip over the caller's scope: reported today (China's day), open, overdue (open past the deadline), units on site
/// now (whistled orders 已报到 or 处置中), and this month's satisfaction (满意 + 基本满意 of the ratings given this month).
/// </summary>
public sealed record ConsoleKpis(int NewToday, int Open, int Overdue, int OnSiteNow, int RatedThisMonth, int SatisfiedThisMonth)
{
    /// <summary>"92%", or "—" before the month's first rating.</summary>
    public string SatisfactionText => RatedThisMonth == 0 ? "—"
        : $"{Math.Round(100.0 * SatisfiedThisMonth / RatedThisMonth).ToString(System.Globalization.CultureInfo.InvariantCulture)}%";
}

/// <summary>The list page: rows of the current page, whether another follows, and the counts per state under the other filters.</summary>
public sealed record ConsoleList(IReadOnlyList<ConsoleRow> Rows, bool HasNext, IReadOnlyDictionary<CaseState, int> Counts, int Overdue);

/// <summary>
/// The console's reads. Every query carries the one scope rule (<see cref="StaffScopeSql.SeesCase"/>) in SQL,
/// so a case outside the caller's territory is never read, counted or drawn.
/// </summary>
internal static partial class ConsoleQueries
{
    private const string Filters = """
        AND (@category::text IS NULL OR c.category = @category)
        AND (@source::text IS NULL OR c.source = @source)
        AND (@area::text IS NULL OR starts_with(c.grid_code, @area))
        AND (NOT @overdue OR c.deadline_at < @now)
        AND (@q::text IS NULL OR c.id = ANY(@phone_ids) OR strpos(c.number, upper(@q)) > 0 OR strpos(c.description, @q) > 0
             OR strpos(v.name, @q) > 0 OR strpos(g.name, @q) > 0)
        """;

    /// <summary>An 应急 case: a category with a limit in minutes (突发事件) or an 应急哨 blown for it.</summary>
    private const string UrgentSql = "(c.time_unit = 'minute' OR EXISTS (SELECT 1 FROM whistle w WHERE w.case_id = c.id AND w.kind = 'emergency'))";

    /// <summary>
    /// (Every key is non-null: PostgreSQL sorts NULL first in DESC order, and a case without a deadline is not red.)
    /// 按紧急程度: open 应急 cases first, then open red ones (past their deadline), then unverified reports oldest first (each
    /// minute unverified is a resident waiting), then everything else newest first.
    /// </summary>
    private static string OrderBy(ConsoleFilter filter) => filter.Sort == ConsoleFilter.NewestSort
        ? "c.created_at DESC, c.id DESC"
        : $"""
          (c.state = ANY(@open_states) AND {UrgentSql}) DESC,
          coalesce(c.state = ANY(@open_states) AND c.deadline_at < @now, false) DESC,
          (c.state = @unverified) DESC,
          CASE WHEN c.state = @unverified THEN c.created_at END ASC,
          c.created_at DESC, c.id DESC
          """;

    private const string RowColumns = """
        c.id, c.number, k.name, c.state, v.name, g.name, c.created_at, c.accepted_at, c.deadline_at, c.time_unit,
        (SELECT count(*) FROM supervision s WHERE s.case_id = c.id)::int,
        ST_X(coalesce(c.geom, ST_PointOnSurface(g.geom))), ST_Y(coalesce(c.geom, ST_PointOnSurface(g.geom))),
        (c.time_unit = 'minute' OR EXISTS (SELECT 1 FROM whistle w WHERE w.case_id = c.id AND w.kind = 'emergency'))
        """; // the last column is UrgentSql, written out: a const cannot interpolate another

    private const string RowJoins = """
        FROM case_file c
        JOIN case_category k ON k.code = c.category
        JOIN grid g ON g.code = c.grid_code
        JOIN village v ON v.code = c.village_code
        """;

    public static async Task<ConsoleList> ListAsync(NpgsqlDataSource dataSource, CurrentStaff staff, ConsoleFilter filter, DateTimeOffset now,
        CancellationToken ct, CaseSecrets? secrets = null)
    {
        var calendar = await WorkCalendarLoader.LoadAsync(dataSource, CountyOf(staff), ct);
        var phoneIds = await PhoneMatchesAsync(dataSource, secrets, staff, filter.Search, ct);
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(RowsCommand(staff, filter, now, phoneIds, ConsoleFilter.PageSize + 1, (filter.Page - 1) * ConsoleFilter.PageSize));
        // Counts per state under every filter but the state: the tabs at the top say where the work is.
        var counts = new NpgsqlBatchCommand($"""
            SELECT c.state, count(*)::int, count(*) FILTER (WHERE c.deadline_at < @now)::int
            {RowJoins}
            WHERE {StaffScopeSql.SeesCase("c")} {Filters}
            GROUP BY c.state
            """);
        AddFilter(counts.Parameters, staff, filter, now, counts.CommandText, phoneIds);
        batch.BatchCommands.Add(counts);

        await using var reader = await batch.ExecuteReaderAsync(ct);
        var list = new List<ConsoleRow>();
        while (await reader.ReadAsync(ct)) list.Add(ReadRow(reader, calendar, now));
        await reader.NextResultAsync(ct);
        var byState = new Dictionary<CaseState, int>();
        var overdue = 0;
        while (await reader.ReadAsync(ct))
        {
            if (CaseStates.FromCode(reader.GetString(0)) is not { } state) continue;
            byState[state] = reader.GetInt32(1);
            if (state.IsOpen()) overdue += reader.GetInt32(2);
        }
        var hasNext = list.Count > ConsoleFilter.PageSize;
        return new ConsoleList(hasNext ? list.GetRange(0, ConsoleFilter.PageSize) : list, hasNext, byState, overdue);
    }

    /// <summary>The most rows one export holds: a county's open cases, not its archive.</summary>
    public const int ExportLimit = 5000;

    /// <summary>Every row the filter admits (all pages, in the list's order), up to <see cref="ExportLimit"/>: the list as a file.</summary>
    public static async Task<IReadOnlyList<ConsoleRow>> ExportAsync(NpgsqlDataSource dataSource, CurrentStaff staff, ConsoleFilter filter,
        DateTimeOffset now, CaseSecrets secrets, CancellationToken ct)
    {
        var calendar = await WorkCalendarLoader.LoadAsync(dataSource, CountyOf(staff), ct);
        var phoneIds = await PhoneMatchesAsync(dataSource, secrets, staff, filter.Search, ct);
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(RowsCommand(staff, filter, now, phoneIds, ExportLimit, 0));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var rows = new List<ConsoleRow>();
        while (await reader.ReadAsync(ct)) rows.Add(ReadRow(reader, calendar, now));
        return rows;
    }

    /// <summary>The list's rows under the filter, in the list's order: one page of them, or an export's worth.</summary>
    private static NpgsqlBatchCommand RowsCommand(CurrentStaff staff, ConsoleFilter filter, DateTimeOffset now, long[] phoneIds,
        int limit, int offset)
    {
        var rows = new NpgsqlBatchCommand($"""
            SELECT {RowColumns}
            {RowJoins}
            WHERE {StaffScopeSql.SeesCase("c")} AND c.state = ANY(@states) {Filters}
            ORDER BY {OrderBy(filter)}
            LIMIT @limit OFFSET @offset
            """);
        AddFilter(rows.Parameters, staff, filter, now, rows.CommandText, phoneIds);
        rows.Parameters.Add(new NpgsqlParameter<string[]>("open_states", StateSets.OpenCases.ToArray()));
        rows.Parameters.Add(new NpgsqlParameter<string>("unverified", CaseState.Reported.Code()));
        rows.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        rows.Parameters.Add(new NpgsqlParameter<int>("offset", offset));
        return rows;
    }

    /// <summary>
    /// The map's markers: every case the filter admits (all pages), up to <paramref name="limit"/>, newest first; with
    /// <paramref name="caseId"/> only that case (the live map refetches one case after its event, none when the filter drops it).
    /// </summary>
    public static async Task<IReadOnlyList<ConsoleRow>> MarkersAsync(NpgsqlDataSource dataSource, CurrentStaff staff, ConsoleFilter filter,
        DateTimeOffset now, int limit, CancellationToken ct, long? caseId = null)
    {
        var calendar = await WorkCalendarLoader.LoadAsync(dataSource, CountyOf(staff), ct);
        await using var command = dataSource.CreateCommand($"""
            SELECT {RowColumns}
            {RowJoins}
            WHERE {StaffScopeSql.SeesCase("c")} AND c.state = ANY(@states) {Filters}
              AND (@case_id::bigint IS NULL OR c.id = @case_id)
            ORDER BY c.created_at DESC, c.id DESC
            LIMIT @limit
            """);
        AddFilter(command.Parameters, staff, filter, now, command.CommandText, []);
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        command.Parameters.Add(new NpgsqlParameter("case_id", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)caseId ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<ConsoleRow>();
        while (await reader.ReadAsync(ct)) rows.Add(ReadRow(reader, calendar, now));
        return rows;
    }

    public static async Task<ConsoleKpis> KpisAsync(NpgsqlDataSource dataSource, CurrentStaff staff, DateTimeOffset now, CancellationToken ct)
    {
        var today = ChinaTime.Of(now).Date;
        var dayStart = new DateTimeOffset(today, ChinaTime.Offset);
        var monthStart = new DateTimeOffset(new DateTime(today.Year, today.Month, 1), ChinaTime.Offset);
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT count(*) FILTER (WHERE c.created_at >= @day)::int,
                   count(*) FILTER (WHERE c.state = ANY(@open))::int,
                   count(*) FILTER (WHERE c.state = ANY(@open) AND c.deadline_at < @now)::int,
                   (SELECT count(*) FROM work_order o JOIN case_file oc ON oc.id = o.case_id
                    WHERE o.whistle_id IS NOT NULL AND o.state = ANY(@on_site) AND {StaffScopeSql.SeesCase("oc")})::int,
                   count(*) FILTER (WHERE c.rated_at >= @month)::int,
                   count(*) FILTER (WHERE c.rated_at >= @month AND c.satisfaction IN ('satisfied', 'fairly_satisfied'))::int
            FROM case_file c
            WHERE {StaffScopeSql.SeesCase("c")}
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("day", dayStart.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("month", monthStart.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("open", StateSets.OpenCases.ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("on_site", [WorkOrderState.Arrived.Code(), WorkOrderState.InProgress.Code()]));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new ConsoleKpis(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5));
    }

    /// <summary>The townships (county staff only) and villages of the caller's scope, for the area filter.</summary>
    public static async Task<IReadOnlyList<ConsoleArea>> AreasAsync(NpgsqlDataSource dataSource, CurrentStaff staff, CancellationToken ct)
    {
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT code, name, true FROM township WHERE {StaffScopeSql.CoversTerritory("code")} AND length(@scope_territory) < 9
            UNION ALL
            SELECT code, name, false FROM village WHERE {StaffScopeSql.CoversTerritory("code")}
            ORDER BY 1
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var areas = new List<ConsoleArea>();
        while (await reader.ReadAsync(ct)) areas.Add(new ConsoleArea(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        return areas;
    }

    public static async Task<IReadOnlyList<ConsoleCategory>> CategoriesAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT code, major_name, name FROM case_category WHERE active ORDER BY sort_order, code");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<ConsoleCategory>();
        while (await reader.ReadAsync(ct)) list.Add(new ConsoleCategory(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return list;
    }

    internal static string CountyOf(CurrentStaff staff) => staff.ScopeCode.Length >= 6 ? staff.ScopeCode[..6] : staff.ScopeCode;

    /// <summary>
    /// A full mobile number as the search: the reporters' phones are stored encrypted (never searchable in SQL), so the caller's
    /// own cases with a phone are decrypted here — the newest <see cref="MaxPhoneScan"/> — and the matching ids go into the query.
    /// </summary>
    private static async Task<long[]> PhoneMatchesAsync(NpgsqlDataSource dataSource, CaseSecrets? secrets, CurrentStaff staff, string? search,
        CancellationToken ct)
    {
        if (secrets is null || search is null || !PhonePattern().IsMatch(search)) return [];
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT c.id, c.reporter_phone_encrypted FROM case_file c
            WHERE {StaffScopeSql.SeesCase("c")} AND c.reporter_phone_encrypted IS NOT NULL
            ORDER BY c.created_at DESC LIMIT {MaxPhoneScan}
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new List<long>();
        while (await reader.ReadAsync(ct))
            if (secrets.UnprotectPhone(reader.GetFieldValue<byte[]>(1)) == search) ids.Add(reader.GetInt64(0));
        return [.. ids];
    }

    private const int MaxPhoneScan = 5000;

    [System.Text.RegularExpressions.GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial System.Text.RegularExpressions.Regex PhonePattern();

    private static void AddFilter(NpgsqlParameterCollection parameters, CurrentStaff staff, ConsoleFilter filter, DateTimeOffset now, string sql,
        long[] phoneIds)
    {
        StaffScopeSql.AddTo(parameters, staff, sql);
        parameters.Add(new NpgsqlParameter<string[]>("states", filter.StateCodes()));
        parameters.Add(CaseRecords.Text(filter.Category).WithName("category"));
        parameters.Add(CaseRecords.Text(filter.Source).WithName("source"));
        parameters.Add(CaseRecords.Text(filter.Area).WithName("area"));
        parameters.Add(new NpgsqlParameter<bool>("overdue", filter.OverdueOnly));
        parameters.Add(CaseRecords.Text(filter.Search).WithName("q"));
        parameters.Add(new NpgsqlParameter<long[]>("phone_ids", phoneIds));
        parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
    }

    private static NpgsqlParameter WithName(this NpgsqlParameter parameter, string name)
    {
        parameter.ParameterName = name;
        return parameter;
    }

    private static ConsoleRow ReadRow(NpgsqlDataReader reader, WorkCalendar calendar, DateTimeOffset now)
    {
        var state = CaseStates.FromCode(reader.GetString(3)) ?? CaseStateMachine.Initial;
        DeadlineReading? deadline = null;
        // Only a filed case has a limit; a closed one no longer runs against it.
        if (state.IsOpen() && !reader.IsDBNull(7) && !reader.IsDBNull(8))
            deadline = DeadlineText.Of(calendar, reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8), now,
                DeadlineUnits.FromCode(reader.GetString(9)) ?? DeadlineUnit.WorkDay);
        return new ConsoleRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), state, reader.GetString(4), reader.GetString(5),
            reader.GetFieldValue<DateTimeOffset>(6), deadline, reader.GetInt32(10),
            reader.IsDBNull(11) ? null : reader.GetDouble(11), reader.IsDBNull(12) ? null : reader.GetDouble(12), reader.GetBoolean(13));
    }
}
