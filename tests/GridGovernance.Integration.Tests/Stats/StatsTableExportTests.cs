using System.Net;
using System.Text;
using GridGovernance.Domain.Evaluation;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using static GridGovernance.Integration.Tests.Stats.EvaluationMonthScript;

namespace GridGovernance.Integration.Tests.Stats;

/// <summary>
/// The tables of /stats below the ranking — volume by source, volume by category, 岗位评价 — as CSV (UTF-8 with a BOM) and xlsx,
/// read back: Chinese headers and the scripted month's hand-computed values (see <see cref="EvaluationMonthScript"/>), the same
/// rows in both formats, and scoped like the page.
/// </summary>
public sealed class StatsTableExportTests(EvaluationFactsTests.Fixture fixture) : IClassFixture<EvaluationFactsTests.Fixture>
{
    private static string Month => EvaluationMonth.Of(DateTimeOffset.UtcNow).Key;

    private static async Task<string[]> CsvLinesAsync(StaffSession session, string path)
    {
        var response = await session.Client.GetAsync(path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task<string[]> XlsxLinesAsync(StaffSession session, string path)
    {
        var response = await session.Client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return (await response.Content.ReadAsByteArrayAsync()).ToSheet().Select(row => string.Join(",", row)).ToArray();
    }

    /// <summary>Both files of one table, checked to hold the same lines; the CSV's lines are returned.</summary>
    private static async Task<string[]> BothAsync(StaffSession session, string table, string area)
    {
        var query = $"?area={area}&month={Month}";
        var csv = await CsvLinesAsync(session, $"/api/staff/stats/{table}.csv{query}");
        (await XlsxLinesAsync(session, $"/api/staff/stats/{table}.xlsx{query}")).ShouldBe(csv);
        return csv;
    }

    [Fact]
    public async Task Volume_by_source_and_by_category_are_the_scripted_month()
    {
        using var admin = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        // Every scripted case was reported by the grid worker, all eight in category E0102.
        (await BothAsync(admin, "volume-by-source", County)).ShouldBe(
        [
            "序号,编码,来源,上报量,占比",
            "1,grid_worker,网格员上报,8,100.0%",
            ",,合计,8,100.0%",
        ]);
        var major = await fixture.Database.ScalarAsync<string>("SELECT major_name FROM case_category WHERE code = 'E0102'");
        (await BothAsync(admin, "volume-by-category", Township)).ShouldBe(
        [
            "序号,编码,类别（大类）,上报量,占比",
            $"1,E01,{major},8,100.0%",
            ",,合计,8,100.0%",
        ]);

        // A township without cases this month: only the total, with no share to give.
        var quiet = await fixture.Database.ScalarAsync<string>(
            "SELECT min(code) FROM township WHERE county_code = $1 AND code <> $2", County, Township);
        (await BothAsync(admin, "volume-by-source", quiet)).ShouldBe(["序号,编码,来源,上报量,占比", ",,合计,0,—"]);
    }

    [Fact]
    public async Task The_posts_table_is_the_hand_computed_dispatcher_and_grid_worker()
    {
        using var admin = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        var lines = await BothAsync(admin, "posts", Township);
        lines[0].ShouldBe("岗位,姓名,所在区域,工作量,按期办结率,准确率,岗位得分,等次");

        async Task<string> LineOf(string username, string post)
        {
            var name = await fixture.Database.ScalarAsync<string>("SELECT display_name FROM staff_account WHERE username = $1", username);
            var scope = await fixture.Database.ScalarAsync<string>("SELECT scope_code FROM staff_account WHERE username = $1", username);
            return lines.Single(l => l.StartsWith($"{post},{name},{scope},", StringComparison.Ordinal));
        }
        // Grid worker: A–H reported; A B C D E H due, A B C H on time (4 ÷ 6); B C D H checked, C reworked (1 − 1 ÷ 4);
        // (66.7 % + 75 %) ÷ 2 = 70.8.
        (await LineOf("gridworker", "网格员")).ShouldEndWith(",8,66.7%,75.0%,70.8,C");
        // Dispatcher: B C D E H registered and due, B C H on time (3 ÷ 5); the same checks; (60 % + 75 %) ÷ 2 = 67.5.
        (await LineOf("dispatcher", "调度员")).ShouldEndWith(",5,60.0%,75.0%,67.5,C");
        // Every other post holder of the township: nothing to count, "—" and no score.
        lines.Skip(1).Where(l => !l.Contains(",8,66.7%", StringComparison.Ordinal) && !l.Contains(",5,60.0%", StringComparison.Ordinal))
            .ShouldAllBe(l => l.EndsWith(",—,—,—,—", StringComparison.Ordinal));
        ((long)lines.Length).ShouldBe(1 + await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM staff_account WHERE NOT disabled AND role IN ('township_dispatcher', 'grid_worker') AND starts_with(scope_code, $1)",
            Township));
    }

    [Fact]
    public async Task The_tables_are_scoped_like_the_page()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        (await CsvLinesAsync(dispatcher, $"/api/staff/stats/posts.csv?month={Month}"))[0].ShouldStartWith("岗位,"); // its own township
        var other = await fixture.Database.ScalarAsync<string>(
            "SELECT min(code) FROM township WHERE county_code = $1 AND code <> $2", County, Township);
        foreach (var table in new[] { "volume-by-source", "volume-by-category", "posts" })
        {
            (await dispatcher.Client.GetAsync($"/api/staff/stats/{table}.csv?area={other}&month={Month}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await dispatcher.Client.GetAsync($"/api/staff/stats/{table}.xlsx?area={County}&month={Month}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        using var cadre = await StaffSession.Start(fixture.Factory).LoggedInAsync("cadre");
        (await CsvLinesAsync(cadre, $"/api/staff/stats/volume-by-source.csv?month={Month}"))[1].ShouldBe("1,grid_worker,网格员上报,8,100.0%");

        // A grid has no tables on the page (nothing below it to rank): refused with the reason, in Chinese.
        var grid = await dispatcher.Client.GetAsync($"/api/staff/stats/posts.csv?area={Grid}&month={Month}");
        grid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await grid.Content.ReadAsStringAsync()).ShouldContain("村（社区）");
        var bad = await dispatcher.Client.GetAsync("/api/staff/stats/volume-by-category.xlsx?month=2026-13");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("月份");

        using var department = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        (await department.Client.GetAsync($"/api/staff/stats/posts.csv?area={County}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
