using GridGovernance.Data.Calendar;
using GridGovernance.Domain.Calendar;
using GridGovernance.Integration.Tests.Infrastructure;
using Npgsql;

namespace GridGovernance.Integration.Tests.Calendar;

public sealed class WorkCalendarLoaderTests : IAsyncLifetime
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);
    private const string County = "999001";
    private const string OtherCounty = "999002";
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync();
        foreach (var code in new[] { County, OtherCounty })
            await Execute("INSERT INTO county (code, name, geom) VALUES ($1, '测试县', ST_Multi(ST_MakeEnvelope(106, 24, 106.1, 24.1, 4326)))", code);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Cst);

    private async Task Execute(string sql, params object[] parameters)
    {
        await using var command = _database.DataSource.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_seeded_2026_calendar_loads_with_the_default_working_hours()
    {
        var calendar = await WorkCalendarLoader.LoadAsync(_database.DataSource, County);

        calendar.IsYearKnown(2026).ShouldBeTrue();
        calendar.IsYearKnown(2027).ShouldBeFalse();
        calendar.Periods.Select(p => p.ToString()).ShouldBe(["08:30–12:00", "14:30–17:30"]);
        for (var day = 1; day <= 7; day++) calendar.IsWorkday(new DateOnly(2026, 10, day)).ShouldBeFalse($"10月{day}日");
        calendar.OverrideOn(new DateOnly(2026, 10, 10))!.Name.ShouldBe("国庆节调休");
        calendar.IsWorkday(new DateOnly(2026, 9, 20)).ShouldBeTrue();
        calendar.IsWorkday(new DateOnly(2026, 2, 14)).ShouldBeTrue();
        calendar.IsWorkday(new DateOnly(2026, 2, 23)).ShouldBeFalse();
        (await _database.ScalarAsync<long>("SELECT count(*) FROM work_calendar_day WHERE kind = 'holiday'")).ShouldBe(33);
        (await _database.ScalarAsync<long>("SELECT count(*) FROM work_calendar_day WHERE kind = 'workday'")).ShouldBe(6);
    }

    [Fact]
    public async Task A_deadline_from_the_seeded_calendar_skips_the_national_day_holidays()
    {
        var calendar = await WorkCalendarLoader.LoadAsync(_database.DataSource, County);
        var start = At(9, 30, 16); // the Wednesday before 国庆

        calendar.Deadline(start, 1, DeadlineUnit.WorkDay).ShouldBe(At(10, 8, 16));
        calendar.Deadline(start, 3, DeadlineUnit.WorkDay).ShouldBe(At(10, 10, 16)); // the 调休 Saturday counts
        calendar.Deadline(start, 4, DeadlineUnit.WorkHour).ShouldBe(At(10, 8, 11));
        calendar.Light(start, At(10, 8, 16), At(10, 7, 20), DeadlineUnit.WorkDay).ShouldBe(TrafficLight.Green); // the holiday costs nothing
    }

    [Fact]
    public async Task A_county_s_own_hours_and_local_holiday_win_over_the_defaults_for_that_county_only()
    {
        await Execute("INSERT INTO work_period (county_code, starts_at, ends_at) VALUES ($1, '09:00', '12:00'), ($1, '13:00', '18:00')", County);
        await Execute("INSERT INTO work_calendar_day (day, county_code, kind, name) VALUES ('2026-04-20', $1, 'holiday', '壮族三月三')", County);
        await Execute("INSERT INTO work_calendar_day (day, county_code, kind, name) VALUES ('2026-10-10', $1, 'holiday', '本县调整')", County);

        var own = await WorkCalendarLoader.LoadAsync(_database.DataSource, County);
        var other = await WorkCalendarLoader.LoadAsync(_database.DataSource, OtherCounty);

        own.WorkingDayLength.ShouldBe(TimeSpan.FromHours(8));
        own.Deadline(At(11, 23, 11, 30), 1, DeadlineUnit.WorkHour).ShouldBe(At(11, 23, 13, 30));
        own.IsWorkday(new DateOnly(2026, 4, 20)).ShouldBeFalse();
        own.OverrideOn(new DateOnly(2026, 10, 10))!.Name.ShouldBe("本县调整");
        other.WorkingDayLength.ShouldBe(TimeSpan.FromHours(6.5));
        other.IsWorkday(new DateOnly(2026, 4, 20)).ShouldBeTrue();
        other.IsWorkday(new DateOnly(2026, 10, 10)).ShouldBeTrue();
    }

    [Fact]
    public async Task The_database_refuses_a_weekday_make_up_day_a_second_national_row_and_overlapping_hours()
    {
        var weekday = await Should.ThrowAsync<PostgresException>(() =>
            Execute("INSERT INTO work_calendar_day (day, kind, name) VALUES ('2026-11-23', 'workday', '错误')"));
        weekday.ConstraintName.ShouldBe("work_calendar_day_workday_on_weekend");

        var twice = await Should.ThrowAsync<PostgresException>(() =>
            Execute("INSERT INTO work_calendar_day (day, kind, name) VALUES ('2026-10-01', 'holiday', '国庆节')"));
        twice.ConstraintName.ShouldBe("work_calendar_day_once");

        var overlap = await Should.ThrowAsync<PostgresException>(() =>
            Execute("INSERT INTO work_period (starts_at, ends_at) VALUES ('11:00', '13:00')"));
        overlap.SqlState.ShouldBe(PostgresErrorCodes.ExclusionViolation);
        // A trigger's refusal names no constraint (0007 raises without one): its words say which rule it was.
        overlap.MessageText.ShouldContain("与已有时段重叠");

        // The same hours for a county are its own set, not an overlap with the default.
        await Execute("INSERT INTO work_period (county_code, starts_at, ends_at) VALUES ($1, '08:30', '12:00')", County);
    }
}
