using System.Net;
using System.Text;
using GridGovernance.Domain.Evaluation;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Integration.Tests.Intake;
using static GridGovernance.Integration.Tests.Stats.EvaluationMonthScript;

namespace GridGovernance.Integration.Tests.Stats;

/// <summary>
/// The facts kept beside every timeline entry give exactly the hand-computed month (see <see cref="EvaluationMonthScript"/>);
/// rankings are scoped like everything else; the CSV opens in Excel with Chinese headers.
/// </summary>
public sealed class EvaluationFactsTests(EvaluationFactsTests.Fixture fixture) : IClassFixture<EvaluationFactsTests.Fixture>
{
    /// <summary>The demo county, the app, and the scripted month, built once for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public IntakeFixture App { get; } = new();
        public EvaluationMonthScript Script { get; private set; } = null!;
        public IntakeAppFactory Factory => App.Factory;
        public Infrastructure.TestDatabase Database => App.Database;

        public async Task InitializeAsync()
        {
            await App.InitializeAsync();
            Script = new EvaluationMonthScript(() => StaffSession.Start(App.Factory), App.Database);
            await Script.RunAsync();
        }

        public Task DisposeAsync() => App.DisposeAsync();
    }

    private static string Month => EvaluationMonth.Of(DateTimeOffset.UtcNow).Key;

    [Fact]
    public async Task The_month_of_the_township_is_the_hand_computed_table()
    {
        using var admin = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        var table = await GetJsonAsync(admin, $"/api/staff/stats/ranking?area={County}&month={Month}");
        table.GetProperty("level").GetString().ShouldBe("township");
        var row = Row(table, Township);
        var expected = new Dictionary<string, string>
        {
            ["reported"] = "8",          // A–H
            ["due"] = "6",               // A B C D E H (F voided, G never filed)
            ["closure"] = "83.3%",       // 5 of 6: E is open
            ["on_time"] = "66.7%",       // A B C H; D late
            ["response"] = "80.0%",      // orders B, C-police (returned at once), C-城管, D signed at once; E never
            ["returned"] = "20.0%",      // 1 of 5 orders
            ["extended"] = "0.0%",
            ["rework"] = "25.0%",        // C of the checked B C D H
            ["supervisions"] = "1",
            ["resolution"] = "50.0%",    // B yes, C no
            ["satisfaction"] = "50.0%",
            ["on_spot"] = "20.0%",       // A of 5 closed
            ["in_village"] = "40.0%",    // A and H
            ["escalation"] = "0.0%",
            ["arrive_hours"] = "—",      // nobody was whistled
        };
        foreach (var (key, text) in expected) Text(row, key).ShouldBe(text, key);
        // (30×0.8 + 35×0.5 + 35×0.5 + 20×4/6) / 120 × 100 = 60.3
        row.GetProperty("score").GetDouble().ShouldBe(60.3);
        row.GetProperty("grade").GetString().ShouldBe("C");
        row.GetProperty("rank").GetInt32().ShouldBe(1);
        row.GetProperty("criticised").GetBoolean().ShouldBeTrue();
        row.GetProperty("board").GetString().ShouldBe("black"); // the only township scored, and criticised: never red
        row.GetProperty("values").GetProperty("close_hours").GetProperty("text").GetString().ShouldEndWith("小时");

        // Townships without a case this month: no score, no rank, every rate "—".
        var quiet = table.GetProperty("rows").EnumerateArray().First(r => r.GetProperty("code").GetString() != Township);
        quiet.GetProperty("rank").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        Text(quiet, "on_time").ShouldBe("—");
        Text(quiet, "reported").ShouldBe("0");

        // The village and the grid add up to the same month.
        var village = Row(await GetJsonAsync(admin, $"/api/staff/stats/ranking?area={Township}&month={Month}"), Village);
        foreach (var (key, text) in expected) Text(village, key).ShouldBe(text, key);
        var grid = Row(await GetJsonAsync(admin, $"/api/staff/stats/ranking?area={Village}&month={Month}"), Grid);
        Text(grid, "on_time").ShouldBe("66.7%");
    }

    [Fact]
    public async Task Units_are_judged_on_their_own_orders()
    {
        using var admin = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        var table = await GetJsonAsync(admin, $"/api/staff/stats/ranking?area={County}&level=unit&month={Month}");
        var chengguan = Row(table, Chengguan);
        Text(chengguan, "response").ShouldBe("75.0%");  // B C D signed; E not
        Text(chengguan, "on_time").ShouldBe("50.0%");   // B C fed back in time; D late; E open
        Text(chengguan, "closure").ShouldBe("75.0%");
        Text(chengguan, "rework").ShouldBe("33.3%");    // C of B C D
        Text(chengguan, "returned").ShouldBe("0.0%");
        Text(chengguan, "resolution").ShouldBe("50.0%");
        Text(chengguan, "supervisions").ShouldBe("1");
        chengguan.GetProperty("score").GetDouble().ShouldBe(56.3); // (22.5 + 17.5 + 17.5 + 10) / 1.2
        chengguan.GetProperty("board").GetString().ShouldBe("black");

        var police = Row(table, Police);
        Text(police, "returned").ShouldBe("100.0%");
        Text(police, "on_time").ShouldBe("—");          // it owed nothing
        Text(police, "resolution").ShouldBe("—");
        police.GetProperty("rank").GetInt32().ShouldBe(1);
        police.GetProperty("board").GetString().ShouldBe("red");
    }

    [Fact]
    public async Task The_cases_behind_a_number_are_the_ones_it_counted()
    {
        using var admin = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        var due = await GetJsonAsync(admin, $"/api/staff/stats/cases?area={Grid}&month={Month}&indicator=due");
        due.EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).Order()
            .ShouldBe("ABCDEH".Select(c => fixture.Script.Cases[c]).Order());
        var late = await GetJsonAsync(admin, $"/api/staff/stats/cases?area={Township}&month={Month}&indicator=on_time");
        late.EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).Order().ShouldBe(new[] { fixture.Script.Cases['D'], fixture.Script.Cases['E'] }.Order());
    }

    [Fact]
    public async Task Rankings_are_scoped_like_everything_else()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var county = await GetJsonAsync(dispatcher, $"/api/staff/stats/ranking?area={County}&month={Month}");
        county.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ShouldBe([Township]); // itself only
        var villages = await GetJsonAsync(dispatcher, $"/api/staff/stats/ranking?month={Month}");
        villages.GetProperty("level").GetString().ShouldBe("village");
        villages.GetProperty("rows").EnumerateArray().ShouldAllBe(r => r.GetProperty("code").GetString()!.StartsWith(Township));
        var other = await dispatcher.Client.GetAsync($"/api/staff/stats/ranking?area=451027101&month={Month}");
        other.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await dispatcher.Client.GetAsync($"/api/staff/stats/cases?area=451027101001&month={Month}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var cadre = await StaffSession.Start(fixture.Factory).LoggedInAsync("cadre");
        (await cadre.Client.GetAsync($"/api/staff/stats/ranking?area={County}&month={Month}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var grids = await GetJsonAsync(cadre, $"/api/staff/stats/ranking?month={Month}");
        Text(Row(grids, Grid), "due").ShouldBe("6");

        using var department = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        (await department.Client.GetAsync($"/api/staff/stats/ranking?area={County}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var bad = await dispatcher.Client.GetAsync("/api/staff/stats/ranking?month=2026-13");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("月份");
    }

    [Fact]
    public async Task The_csv_has_a_bom_and_chinese_headers()
    {
        using var admin = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        var response = await admin.Client.GetAsync($"/api/staff/stats/ranking.csv?area={County}&month={Month}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("排名,编码,名称,综合得分,等次,红黑榜,上月排名,变化,上报量,应结案件,响应率,按期办结率,结案率");
        lines[1].ShouldStartWith($"1,{Township},泗城镇,60.3,C,黑榜,,新,8,6,80.0%,66.7%,83.3%");
        ((long)lines.Length).ShouldBe(1 + await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM township WHERE county_code = $1", County));
    }

    [Fact]
    public async Task The_xlsx_has_the_same_chinese_headers_and_rows_as_the_csv()
    {
        using var admin = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        var response = await admin.Client.GetAsync($"/api/staff/stats/ranking.xlsx?area={County}&month={Month}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var sheet = (await response.Content.ReadAsByteArrayAsync()).ToSheet();
        string.Join(",", sheet[0]).ShouldStartWith("排名,编码,名称,综合得分,等次,红黑榜,上月排名,变化,上报量,应结案件,响应率,按期办结率,结案率");
        string.Join(",", sheet[1]).ShouldStartWith($"1,{Township},泗城镇,60.3,C,黑榜,,新,8,6,80.0%,66.7%,83.3%");

        var csv = await admin.Client.GetByteArrayAsync($"/api/staff/stats/ranking.csv?area={County}&month={Month}");
        sheet.Select(row => string.Join(",", row)).ShouldBe(Encoding.UTF8.GetString(csv, 3, csv.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_new_case_has_its_first_facts_from_the_database_and_the_sql_month_is_the_domain_month()
    {
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file c LEFT JOIN eval_case_fact f ON f.case_id = c.id WHERE f.case_id IS NULL"))
            .ShouldBe(0);
        foreach (var instant in new[]
                 {
                     new DateTimeOffset(2026, 11, 30, 15, 59, 59, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero),
                     new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 28, 15, 59, 0, TimeSpan.Zero),
                 })
            (await fixture.Database.ScalarAsync<DateOnly>("SELECT eval_month($1)", instant)).ShouldBe(EvaluationMonth.Of(instant).FirstDay, instant.ToString());
    }
}
