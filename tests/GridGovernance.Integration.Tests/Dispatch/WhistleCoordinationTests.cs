using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Field;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Integration.Tests.Intake;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GridGovernance.Integration.Tests.Dispatch;

/// <summary>
/// 吹哨 that coordinates (issue 14): the whistle carries the dispatcher's note and meeting place, every summoned unit sees the
/// others with their contacts and arrival state, 报到 checks the place, and 开始处置 comes only after 报到.
/// </summary>
public sealed class WhistleCoordinationTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private const string Chengguan = "451027-chengguan";
    private const string Police = "451027100-police";
    private const string Note = "带抽水泵，到路口东侧集合，城管负责围挡、派出所负责疏导交通";

    private async Task<long> AcceptedCaseAsync(StaffSession dispatcher)
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var caseId = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), fixture.Inside, category: "E0401", description: "路口积水严重，车辆无法通行")));
        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "accept"))).ShouldBe("accepted");
        return caseId;
    }

    private Task<long> OrderOfAsync(long caseId, string unit) =>
        fixture.Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1 AND unit_code = $2 ORDER BY id DESC LIMIT 1", caseId, unit);

    private static async Task<string> PageAsync(StaffSession session, string path)
    {
        var response = await session.Client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Both_summoned_units_see_the_note_the_meeting_place_each_other_s_contacts_and_each_other_s_arrival()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        // The police unit's duty contact, as the county administrator sets it at /admin/departments.
        await fixture.Database.ScalarAsync<int>(
            "UPDATE department_unit SET duty_contact = '李值班', duty_phone = '0776-7612110' WHERE code = $1 RETURNING 1", Police);
        var caseId = await AcceptedCaseAsync(dispatcher);
        var meeting = (Lng: fixture.Inside.Lng + 0.0005, Lat: fixture.Inside.Lat); // ≈ 50 m east
        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "whistle",
            new { units = new[] { Chengguan, Police }, whistleKind = "routine", reason = Note, meetingLng = meeting.Lng, meetingLat = meeting.Lat })))
            .ShouldBe("dispatched");
        (await fixture.Database.ScalarAsync<string>("SELECT note FROM whistle WHERE case_id = $1", caseId)).ShouldBe(Note);
        (await fixture.Database.ScalarAsync<double>("SELECT ST_X(meeting_geom) FROM whistle WHERE case_id = $1", caseId)).ShouldBe(meeting.Lng, 1e-6);
        var policeOrder = await OrderOfAsync(caseId, Police);
        var cgOrder = await OrderOfAsync(caseId, Chengguan);
        // The notice carries the note too: a unit reading only its notices knows what to bring.
        (await fixture.Database.ScalarAsync<string>("SELECT message FROM notification WHERE work_order_id = $1", policeOrder)).ShouldContain("调度说明：带抽水泵");

        using var police = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        using var chengguan = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-chengguan");
        var policePage = await PageAsync(police, $"/inbox/orders/{policeOrder}");
        // 城管 sees whom to call on duty at the police unit, with a tel: link.
        var cgPage = await PageAsync(chengguan, $"/inbox/orders/{cgOrder}");
        cgPage.ShouldContain("值班：李值班");
        cgPage.ShouldContain("href=\"tel:0776-7612110\"");
        policePage.ShouldContain(Note);
        policePage.ShouldContain("data-meeting-place");
        // The meeting point reads as a place (place_description(), as the case's own position), the coordinates as a hint.
        var meetingPlace = await fixture.Database.ScalarAsync<string>(
            "SELECT place_description(meeting_geom) FROM whistle WHERE case_id = $1", caseId);
        meetingPlace.ShouldNotBeNullOrEmpty();
        policePage.ShouldContain("集合点 <span data-meeting-place-name>" + meetingPlace + "</span>");
        policePage.ShouldContain(meeting.Lng.ToString("F6", System.Globalization.CultureInfo.InvariantCulture));
        policePage.ShouldNotContain("集合点 " + meeting.Lng.ToString("F6", System.Globalization.CultureInfo.InvariantCulture));
        policePage.ShouldContain("凌云县城市管理综合执法局");
        policePage.ShouldContain("县城管局人员（演示）");   // whom to call at the other unit
        policePage.ShouldContain("泗城镇调度员（演示）");   // who blew the whistle
        policePage.ShouldContain($"data-team-unit=\"{Chengguan}\" data-team-state=\"pending\" data-team-arrived=\"false\"");

        // 城管 signs and reports in on the spot: within the radius, no flag; the police page shows it arrived.
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(chengguan, cgOrder, "sign"));
        var cgSigned = await PageAsync(chengguan, $"/inbox/orders/{cgOrder}");
        cgSigned.ShouldContain("data-action=\"arrive\"");
        cgSigned.ShouldNotContain("data-action=\"start\"", customMessage: "吹哨工单报到前不应提供“开始处置”");
        (await DispatchApi.StateOf(await DispatchApi.OrderAsync(chengguan, cgOrder, "arrive", position: (fixture.Inside.Lng, fixture.Inside.Lat + 0.001))))
            .ShouldBe("arrived");
        (await fixture.Database.ScalarAsync<bool>("SELECT arrival_mismatch FROM work_order WHERE id = $1", cgOrder)).ShouldBeFalse();
        (await fixture.Database.ScalarAsync<double>("SELECT arrival_distance_m FROM work_order WHERE id = $1", cgOrder)).ShouldBeLessThan(300);
        (await PageAsync(chengguan, $"/inbox/orders/{cgOrder}")).ShouldContain("data-action=\"start\"");
        policePage = await PageAsync(police, $"/inbox/orders/{policeOrder}");
        policePage.ShouldContain($"data-team-unit=\"{Chengguan}\" data-team-state=\"arrived\" data-team-arrived=\"true\"");
        policePage.ShouldNotContain("data-place-mismatch");

        // 派出所 reports in from about 4 km away: recorded, but as 位置不符 with the distance, and the dispatcher is told.
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(police, policeOrder, "sign"));
        (await DispatchApi.StateOf(await DispatchApi.OrderAsync(police, policeOrder, "arrive", position: (fixture.Inside.Lng + 0.04, fixture.Inside.Lat))))
            .ShouldBe("arrived");
        (await fixture.Database.ScalarAsync<bool>("SELECT arrival_mismatch FROM work_order WHERE id = $1", policeOrder)).ShouldBeTrue();
        (await fixture.Database.ScalarAsync<double>("SELECT arrival_distance_m FROM work_order WHERE id = $1", policeOrder)).ShouldBeGreaterThan(3000);
        (await fixture.Database.ScalarAsync<string>("SELECT note FROM case_timeline WHERE work_order_id = $1 AND action = 'arrive'", policeOrder))
            .ShouldContain("位置不符（距案件位置或集合点约 4.");
        (await fixture.Database.ScalarAsync<string>(
            "SELECT recipient_scope FROM notification WHERE work_order_id = $1 AND kind = 'arrive_mismatch'", policeOrder)).ShouldBe("451027100");
        (await PageAsync(police, $"/inbox/orders/{policeOrder}")).ShouldContain("data-own-place-mismatch");
        (await PageAsync(chengguan, $"/inbox/orders/{cgOrder}")).ShouldContain("data-place-mismatch");
        var drawer = await PageAsync(dispatcher, $"/dispatch?case={caseId}");
        drawer.ShouldContain("data-place-mismatch");
        drawer.ShouldContain(Note);
    }

    [Fact]
    public async Task A_meeting_place_away_from_every_grid_reads_as_direction_and_distance_from_the_nearest_village()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var caseId = await AcceptedCaseAsync(dispatcher);
        // ≈ 1 km east of the county's easternmost village corner: outside the county, no grid near (place_description() is NULL).
        var corner = await fixture.Database.ScalarAsync<double[]>("""
            SELECT ARRAY[ST_X(p.geom), ST_Y(p.geom)]
            FROM village v CROSS JOIN LATERAL ST_DumpPoints(v.geom) p
            ORDER BY ST_X(p.geom) DESC LIMIT 1
            """);
        var meeting = (Lng: corner[0] + 0.0095, Lat: corner[1]);
        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "whistle",
            new { units = new[] { Chengguan }, whistleKind = "routine", meetingLng = meeting.Lng, meetingLat = meeting.Lat })))
            .ShouldBe("dispatched");
        (await fixture.Database.ScalarAsync<bool>("SELECT place_description(meeting_geom) IS NULL FROM whistle WHERE case_id = $1", caseId)).ShouldBeTrue();
        var place = await fixture.Database.ScalarAsync<string>("SELECT place_beyond_grids(meeting_geom) FROM whistle WHERE case_id = $1", caseId);
        place.ShouldMatch(@"^\S+(东北|东|东南)方向约 (9\d0 米|1\.0 公里) · 网格外$");

        using var chengguan = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-chengguan");
        var page = await PageAsync(chengguan, $"/inbox/orders/{await OrderOfAsync(caseId, Chengguan)}");
        page.ShouldContain("集合点 <span data-meeting-place-name>" + place + "</span>");
        // Inside a village but away from its grids, and more than 20 km from any village: the two other answers.
        (await fixture.Database.ScalarAsync<bool>("SELECT place_beyond_grids(ST_SetSRID(ST_MakePoint($1, $2), 4326)) IS NULL", meeting.Lng + 0.3, meeting.Lat))
            .ShouldBeTrue();
        (await fixture.Database.ScalarAsync<string>("SELECT place_beyond_grids(ST_PointOnSurface(geom)) FROM village ORDER BY code LIMIT 1"))
            .ShouldEndWith("内 · 网格外");
    }

    [Fact]
    public async Task The_radius_is_configuration_and_a_case_without_a_meeting_place_is_judged_by_its_own_position()
    {
        await using var strict = fixture.Factory.WithWebHostBuilder(b => b.UseSetting("GridGov:Dispatch:ArrivalRadiusMeters", "50"));
        using var dispatcher = await StaffSession.Start(strict).LoggedInAsync("dispatcher");
        using var worker = await StaffSession.Start(strict).LoggedInAsync("gridworker");
        var caseId = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), fixture.Inside, category: "E0401", description: "路口积水严重，车辆无法通行")));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "accept"));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "whistle", new { units = new[] { Chengguan }, whistleKind = "emergency" }));
        using var chengguan = await StaffSession.Start(strict).LoggedInAsync("dept-chengguan");
        var order = await OrderOfAsync(caseId, Chengguan);
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(chengguan, order, "sign"));
        // ≈ 110 m north: fine under the default 300 m, 位置不符 under 50 m.
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(chengguan, order, "arrive", position: (fixture.Inside.Lng, fixture.Inside.Lat + 0.001)));
        (await fixture.Database.ScalarAsync<bool>("SELECT arrival_mismatch FROM work_order WHERE id = $1", order)).ShouldBeTrue();
        (await fixture.Database.ScalarAsync<string>("SELECT note FROM case_timeline WHERE work_order_id = $1 AND action = 'arrive'", order))
            .ShouldContain("位置不符（距案件位置或集合点约 110 米）");
    }

    [Fact]
    public async Task A_meeting_place_with_only_one_coordinate_is_refused_in_Chinese()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var caseId = await AcceptedCaseAsync(dispatcher);
        var response = await DispatchApi.CaseAsync(dispatcher, caseId, "whistle", new { units = new[] { Chengguan }, whistleKind = "routine", meetingLng = 106.5 });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DispatchApi.ProblemOf(response)).ShouldBe("集合点须同时给出经度和纬度。");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM whistle WHERE case_id = $1", caseId)).ShouldBe(0);
    }
}

/// <summary>The app with its clock standing at a coming Friday, 17:00 Beijing time (a normal week: no holiday on that Friday or Monday).</summary>
public sealed class FridayEveningFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public GridGovAppFactory Factory { get; private set; } = null!;
    public DateTimeOffset Friday { get; private set; }
    public (double Lng, double Lat) Inside { get; private set; }

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithDemoCountyAsync();
        var china = TimeSpan.FromHours(8);
        var today = DateTimeOffset.UtcNow.ToOffset(china).Date;
        var friday = today.AddDays(((int)DayOfWeek.Friday - (int)today.DayOfWeek + 7) % 7 + 7);
        while (await Database.ScalarAsync<long>("SELECT count(*) FROM work_calendar_day WHERE day = ANY($1)",
                   new[] { DateOnly.FromDateTime(friday), DateOnly.FromDateTime(friday.AddDays(1)), DateOnly.FromDateTime(friday.AddDays(2)),
                           DateOnly.FromDateTime(friday.AddDays(3)) }) > 0)
            friday = friday.AddDays(7);
        Friday = new DateTimeOffset(friday.Add(new TimeSpan(17, 0, 0)), china);
        Factory = new FixedClockFactory(Database.ConnectionString, Friday);
        var grid = await Database.ScalarAsync<string>("SELECT code FROM grid WHERE starts_with(code, '451027100001001')");
        Inside = (await Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid),
            await Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid));
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>
    /// The real app whose <see cref="TimeProvider"/> stands still at one instant: the whistle is blown at 17:00:00 exactly, not a
    /// few seconds later (which, counted on the calendar, would push the limit past Monday's lunch break).
    /// </summary>
    private sealed class FixedClockFactory(string connectionString, DateTimeOffset now) : GridGovAppFactory(connectionString)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FixedClock(now)));
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}

/// <summary>The 日常哨's arrival limit counts on the work calendar; the 应急哨 stays 30 wall-clock minutes.</summary>
public sealed class FridayWhistleTests(FridayEveningFixture fixture) : IClassFixture<FridayEveningFixture>
{
    [Fact]
    public async Task A_routine_whistle_blown_at_17_00_on_a_Friday_is_due_on_Monday_at_noon_and_an_emergency_one_in_30_minutes()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        async Task<long> CaseAsync()
        {
            var id = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
                FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), fixture.Inside, category: "E0401", description: "路口积水严重，车辆无法通行")));
            await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, id, "accept"));
            return id;
        }
        var routine = await CaseAsync();
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, routine, "whistle", new { units = new[] { "451027-chengguan" }, whistleKind = "routine" }));
        var blown = await fixture.Database.ScalarAsync<DateTime>("SELECT blown_at FROM whistle WHERE case_id = $1", routine);
        new DateTimeOffset(blown, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(8)).Hour.ShouldBe(17, "吹哨时间应为周五 17 时");
        // 30 working minutes on Friday (17:00–17:30), then 210 on Monday from 08:30: 12:00 on Monday, not 21:00 on Friday.
        var monday = fixture.Friday.Date.AddDays(3);
        (await fixture.Database.ScalarAsync<DateTime>("SELECT arrival_deadline_at FROM work_order WHERE case_id = $1", routine))
            .ShouldBe(new DateTimeOffset(monday.Add(new TimeSpan(12, 0, 0)), TimeSpan.FromHours(8)).UtcDateTime);
        // The unit's notice and page name the day as well as the time.
        var order = await fixture.Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1", routine);
        var day = $"{monday.Month}月{monday.Day}日 12:00";
        (await fixture.Database.ScalarAsync<string>("SELECT message FROM notification WHERE work_order_id = $1", order)).ShouldContain($"请于 {day} 前到场报到");
        using var chengguan = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-chengguan");
        (await (await chengguan.Client.GetAsync($"/inbox/orders/{order}")).Content.ReadAsStringAsync()).ShouldContain($"须于 {day} 前到场");

        var emergency = await CaseAsync();
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, emergency, "whistle", new { units = new[] { "451027-chengguan" }, whistleKind = "emergency" }));
        (await fixture.Database.ScalarAsync<TimeSpan>("SELECT arrival_deadline_at - blown_at FROM whistle WHERE case_id = $1", emergency))
            .ShouldBe(TimeSpan.FromMinutes(30));
    }
}
