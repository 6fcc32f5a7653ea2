using GridGovernance.Domain.Calendar;
using Npgsql;

namespace GridGovernance.Data.Calendar;

/// <summary>
/// Reads one county's work calendar (0007_work_calendar.sql) into the domain's <see cref="WorkCalendar"/>: the county's own
/// working periods or else the default set, every dated override with the county's row winning over the national one,
/// and the years whose calendar is published. The whole calendar is a few hundred rows, so it is read in one round trip.
/// </summary>
public static class WorkCalendarLoader
{
    private const string PeriodsSql = """
        SELECT starts_at, ends_at FROM work_period
        WHERE county_code = $1
           OR (county_code IS NULL AND NOT EXISTS (SELECT 1 FROM work_period WHERE county_code = $1))
        ORDER BY starts_at
        """;

    private const string DaysSql = """
        SELECT DISTINCT ON (day) day, kind, name FROM work_calendar_day
        WHERE county_code = $1 OR county_code IS NULL
        ORDER BY day, county_code NULLS LAST
        """;

    private const string YearsSql = "SELECT DISTINCT year FROM work_calendar_year WHERE county_code = $1 OR county_code IS NULL";

    public static async Task<WorkCalendar> LoadAsync(NpgsqlDataSource dataSource, string countyCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var batch = dataSource.CreateBatch();
        return await ReadAsync(batch, countyCode, cancellationToken);
    }

    /// <summary>The same, inside a caller's transaction (the evaluation facts are computed beside the change they record).</summary>
    public static async Task<WorkCalendar> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string countyCode,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var batch = new NpgsqlBatch(connection, transaction);
        return await ReadAsync(batch, countyCode, cancellationToken);
    }

    private static async Task<WorkCalendar> ReadAsync(NpgsqlBatch batch, string countyCode, CancellationToken cancellationToken)
    {
        foreach (var sql in new[] { PeriodsSql, DaysSql, YearsSql })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = countyCode });
            batch.BatchCommands.Add(command);
        }

        var periods = new List<WorkingPeriod>();
        var days = new List<DayOverride>();
        var years = new List<int>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            periods.Add(new WorkingPeriod(reader.GetFieldValue<TimeOnly>(0), reader.GetFieldValue<TimeOnly>(1)));
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            days.Add(new DayOverride(reader.GetFieldValue<DateOnly>(0),
                DayOverrideKinds.FromCode(reader.GetString(1)) ?? throw new InvalidOperationException($"Unknown calendar day kind '{reader.GetString(1)}'."),
                reader.GetString(2)));
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) years.Add(reader.GetInt32(0));

        // No row at all (an operator deleted the defaults): the domain's defaults are the documented fallback.
        return new WorkCalendar(periods.Count > 0 ? periods : null, days, years);
    }
}
