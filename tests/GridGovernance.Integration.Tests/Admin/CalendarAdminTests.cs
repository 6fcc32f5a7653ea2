using GridGovernance.Data.Calendar;
using GridGovernance.Web.Features.Admin;

namespace GridGovernance.Integration.Tests.Admin;

/// <summary>The work calendar and clocks page: county days, a year's import (nothing written on a bad row), the November warning, dispatch rules.</summary>
public sealed class CalendarAdminTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private CalendarAdminService Calendar => fixture.Service<CalendarAdminService>();

    [Fact]
    public async Task A_county_holiday_counts_for_the_next_deadline_and_only_the_countys_own_days_can_be_removed()
    {
        var admin = await fixture.StaffAsync("admin");
        // 2026-06-16 is a Tuesday: a working day nationally.
        var before = (await WorkCalendarLoader.LoadAsync(fixture.Database.DataSource, "451027", default)).IsWorkday(new DateOnly(2026, 6, 16));
        before.ShouldBeTrue();

        var set = await Calendar.SetDayAsync(admin, "2026-06-16", "holiday", "县庆", default);
        set.Status.ShouldBe(AdminStatus.Ok, set.Message);
        var calendar = await WorkCalendarLoader.LoadAsync(fixture.Database.DataSource, "451027", default);
        calendar.IsWorkday(new DateOnly(2026, 6, 16)).ShouldBeFalse();
        var month = await Calendar.MonthAsync(admin, 2026, 6, default);
        month.Days.Single(d => d.Date == new DateOnly(2026, 6, 16)).ShouldSatisfyAllConditions(d => d.CountyOwn.ShouldBeTrue(), d => d.Name.ShouldBe("县庆"));
        (await fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'calendar.day_set' AND subject_id = '451027:2026-06-16'")).ShouldBe(1);
        // Another county is untouched.
        (await WorkCalendarLoader.LoadAsync(fixture.Database.DataSource, "451099", default)).IsWorkday(new DateOnly(2026, 6, 16)).ShouldBeTrue();

        var national = await Calendar.RemoveDayAsync(admin, new DateOnly(2026, 10, 1), default);
        national.Errors["date"].ShouldContain("全国统一的节假日安排不能在本县删除");
        (await Calendar.RemoveDayAsync(admin, new DateOnly(2026, 6, 16), default)).Status.ShouldBe(AdminStatus.Ok);
        (await WorkCalendarLoader.LoadAsync(fixture.Database.DataSource, "451027", default)).IsWorkday(new DateOnly(2026, 6, 16)).ShouldBeTrue();
    }

    [Fact]
    public async Task Bad_days_get_Chinese_messages_and_other_roles_are_refused()
    {
        var admin = await fixture.StaffAsync("admin");
        var rows = await fixture.CountAsync("SELECT count(*) FROM work_calendar_day");
        var bad = await Calendar.SetDayAsync(admin, "2026-13-01", "holiday", "", default);
        bad.Errors["date"].ShouldBe("请填写日期（如 2027-01-01）。");
        bad.Errors["name"].ShouldBe("请填写名称（如 元旦、春节调休）。");
        (await Calendar.SetDayAsync(admin, "2026-06-17", "workday", "调休", default)).Errors["kind"].ShouldBe("2026-06-17 是工作日，调休上班日只能是周六或周日。");
        (await Calendar.SetDayAsync(admin, "2026-06-17", "rest", "调休", default)).Errors["kind"].ShouldBe("请选择放假或调休上班。");
        var dispatcher = await fixture.StaffAsync("dispatcher");
        (await Calendar.SetDayAsync(dispatcher, "2026-06-17", "holiday", "县庆", default)).Status.ShouldBe(AdminStatus.Forbidden);
        (await fixture.CountAsync("SELECT count(*) FROM work_calendar_day")).ShouldBe(rows);
    }

    [Fact]
    public async Task A_year_imports_from_csv_all_or_nothing_and_the_warning_shows_from_November_until_next_year_is_there()
    {
        var admin = await fixture.StaffAsync("admin");
        var rows = await fixture.CountAsync("SELECT count(*) FROM work_calendar_day");
        var bad = await Calendar.ImportYearAsync(admin, new StringReader(
            "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n2027-02-15,workday,春节调休\n2028-01-01,放假,元旦\n2027-01-01,holiday,元旦\n"), default);
        bad.Problems.Select(p => (p.Row, p.Column)).ShouldBe([(3, "日期"), (4, "类型"), (5, "日期"), (6, "日期")]);
        bad.Problems[0].Message.ShouldBe("日期“2027-02-30”无法识别，应写作 2027-01-01。");
        bad.Problems[1].Message.ShouldBe("2027-02-15 是工作日，调休上班日只能是周六或周日。");
        bad.Problems[2].Message.ShouldBe("一个文件只能导入一年：第一行是 2027 年，这一行是 2028 年。");
        bad.Problems[3].Message.ShouldBe("日期 2027-01-01 与第 2 行重复。");
        (await fixture.CountAsync("SELECT count(*) FROM work_calendar_day")).ShouldBe(rows);

        // From November the missing next year is named; in October nothing is said.
        var november = new CalendarAdminService(fixture.Database.DataSource, new FixedClock(new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero)),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CalendarAdminService>.Instance);
        var october = new CalendarAdminService(fixture.Database.DataSource, new FixedClock(new DateTimeOffset(2026, 10, 30, 1, 0, 0, TimeSpan.Zero)),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CalendarAdminService>.Instance);
        (await november.MissingNextYearAsync(admin, default)).ShouldBe(2027);
        (await october.MissingNextYearAsync(admin, default)).ShouldBeNull();

        var good = await Calendar.ImportYearAsync(admin, new StringReader(
            "\uFEFF日期,类型,名称\r\n2027-01-01,放假,元旦\r\n2027-02-06,调休上班,春节调休\r\n2027-02-08,holiday,春节\r\n"), default);
        good.Ok.ShouldBeTrue(string.Join("；", good.Problems.Select(p => p.Message)));
        good.ImportedYear.ShouldBe(2027);
        var calendar = await WorkCalendarLoader.LoadAsync(fixture.Database.DataSource, "451027", default);
        calendar.IsYearKnown(2027).ShouldBeTrue();
        calendar.IsWorkday(new DateOnly(2027, 2, 6)).ShouldBeTrue();
        calendar.IsWorkday(new DateOnly(2027, 2, 8)).ShouldBeFalse();
        (await november.MissingNextYearAsync(admin, default)).ShouldBeNull();
        (await fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'calendar.import' AND subject_id = '451027:2027'")).ShouldBe(1);
    }

    [Fact]
    public async Task Dispatch_rules_are_saved_for_the_county_with_an_audit_row_and_bad_numbers_are_named()
    {
        var admin = await fixture.StaffAsync("admin");
        var bad = await Calendar.SetRulesAsync(admin, "0", "abc", "90", "2000", "5", default);
        bad.Errors.Keys.Order().ShouldBe(["escalateGrid", "escalateVillage", "toughArrival"]);
        bad.Errors["toughArrival"].ShouldBe("攻坚哨到场时限不能超过 1440 分钟。");
        (await Calendar.SetRulesAsync(admin, "180", "720", "90", "60", "3", default)).Status.ShouldBe(AdminStatus.Ok);
        (await fixture.Database.ScalarAsync<string>("""
            SELECT concat_ws(',', escalate_grid_minutes, escalate_village_minutes, routine_arrival_minutes, tough_arrival_minutes, criticism_after_work_days)
            FROM dispatch_setting WHERE county_code = '451027'
            """)).ShouldBe("180,720,90,60,3");
        (await Calendar.RulesAsync(admin, default)).RoutineArrivalMinutes.ShouldBe(90);
        (await fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'dispatch_settings.update' AND subject_id = '451027'")).ShouldBe(1);
        (await Calendar.SetRulesAsync(await fixture.StaffAsync("dispatcher"), "180", "720", "90", "60", "3", default)).Status.ShouldBe(AdminStatus.Forbidden);
    }

    [Fact]
    public async Task The_countys_working_hours_replace_the_default_for_its_deadlines_and_bad_hours_write_nothing()
    {
        var admin = await fixture.StaffAsync("admin");
        (await Calendar.WorkHoursAsync(admin, default)).ShouldSatisfyAllConditions(
            h => h.CountyOwn.ShouldBeFalse(), h => h.Text.ShouldBe("08:30-12:00, 14:30-17:30"));
        var rows = await fixture.CountAsync("SELECT count(*) FROM work_period");

        (await Calendar.SetWorkHoursAsync(admin, "08:30-12:00, 11:30-13:00", false, default)).Errors["workHours"].ShouldContain("重叠");
        (await Calendar.SetWorkHoursAsync(admin, "上午八点到十二点", false, default)).Errors["workHours"].ShouldBe("“上午八点到十二点”不是有效的时段，应写作 08:30-12:00。");
        (await Calendar.SetWorkHoursAsync(admin, "12:00-08:00", false, default)).Errors["workHours"].ShouldContain("开始时间须早于结束时间");
        (await Calendar.SetWorkHoursAsync(admin, "", false, default)).Errors["workHours"].ShouldStartWith("请填写工作时段");
        (await Calendar.SetWorkHoursAsync(await fixture.StaffAsync("dispatcher"), "08:00-12:00", false, default)).Status.ShouldBe(AdminStatus.Forbidden);
        (await fixture.CountAsync("SELECT count(*) FROM work_period")).ShouldBe(rows);

        // Summer hours: an eight-hour working day, read by the deadlines' own loader; another county keeps the default.
        var set = await Calendar.SetWorkHoursAsync(admin, "8:00-12:00；15:00～19:00", false, default);
        set.Status.ShouldBe(AdminStatus.Ok, set.Message);
        set.Message!.ShouldContain("每个工作日 8 小时");
        var calendar = await WorkCalendarLoader.LoadAsync(fixture.Database.DataSource, "451027", default);
        calendar.WorkingDayLength.ShouldBe(TimeSpan.FromHours(8));
        (await WorkCalendarLoader.LoadAsync(fixture.Database.DataSource, "451099", default)).WorkingDayLength.ShouldBe(TimeSpan.FromHours(6.5));
        (await Calendar.WorkHoursAsync(admin, default)).ShouldSatisfyAllConditions(
            h => h.CountyOwn.ShouldBeTrue(), h => h.Text.ShouldBe("08:00-12:00, 15:00-19:00"));
        (await fixture.Database.ScalarAsync<string>("SELECT after::text FROM audit_log WHERE action = 'calendar.work_hours' ORDER BY id DESC LIMIT 1"))
            .ShouldContain("08:00-12:00, 15:00-19:00");

        (await Calendar.SetWorkHoursAsync(admin, null, true, default)).Status.ShouldBe(AdminStatus.Ok);
        (await WorkCalendarLoader.LoadAsync(fixture.Database.DataSource, "451027", default)).WorkingDayLength.ShouldBe(TimeSpan.FromHours(6.5));
        (await fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'calendar.work_hours' AND subject_id = '451027'")).ShouldBe(2);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
