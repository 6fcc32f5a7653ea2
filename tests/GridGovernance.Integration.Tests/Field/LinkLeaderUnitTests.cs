using System.Net;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Field;

/// <summary>
/// The 联户长's unit: a report for the whole unit without naming a household, and 住户名单 — the unit's households with their
/// people count and last visit, 记录走访 landing once, another unit's household out of reach.
/// </summary>
public sealed partial class LinkLeaderUnitTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private const string LeaderUnit = "451027100001001001";

    [GeneratedRegex("""<li id="h-([0-9]{19})"[\s\S]*?name="requestKey" value="([^"]+)""")]
    private static partial Regex VisitFormPattern();

    [Fact]
    public async Task A_link_leader_reports_for_the_whole_unit_without_picking_a_household()
    {
        using var leader = await StaffSession.Start(fixture.Factory).LoggedInAsync("leader");
        var page = await FieldForms.OpenAsync(leader, "/field/report");
        page.Html.ShouldContain("整个联户单元（不针对某一户）");
        var caseId = FieldForms.CaseIdFrom(await leader.Client.PostAsync("/field/report",
            FieldForms.Report(page, fixture.Inside, category: "E0102", description: "单元门口的巷道堆满杂物，几户人家出入都不方便", household: "unit")));
        (await fixture.Database.ScalarAsync<string>("SELECT source || '|' || coalesce(on_behalf_household_code, '-') FROM case_file WHERE id = $1", caseId))
            .ShouldBe("link_leader|-");
        (await leader.Client.GetStringAsync($"/field/cases/{caseId}")).ShouldContain("整个联户单元");
    }

    [Fact]
    public async Task The_household_list_shows_the_units_households_people_and_last_visit_and_a_visit_is_recorded_once()
    {
        using var leader = await StaffSession.Start(fixture.Factory).LoggedInAsync("leader");
        var html = await leader.Client.GetStringAsync("/field/households");
        var units = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE link_unit_code = $1", LeaderUnit);
        var people = await fixture.Database.ScalarAsync<long>("SELECT sum(members)::bigint FROM household WHERE link_unit_code = $1", LeaderUnit);
        var listed = VisitFormPattern().Matches(html).Select(m => (Code: m.Groups[1].Value, Key: m.Groups[2].Value)).ToList();
        listed.Count.ShouldBe((int)units);
        html.ShouldContain($"data-count-people>{people}<");
        html.ShouldContain("尚未走访");
        // Only the unit's own households: none of the grid's other units.
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE code = ANY($1) AND link_unit_code <> $2",
            listed.Select(l => l.Code).ToArray(), LeaderUnit)).ShouldBe(0);

        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var (code, key) = listed[0];
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["requestKey"] = key };
        for (var i = 0; i < 2; i++)
        {
            var visit = await leader.Client.PostAsync($"/field/households/{code}/visit", new FormUrlEncodedContent(fields));
            visit.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        }
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household_visit WHERE household_code = $1", code)).ShouldBe(1);
        var after = await leader.Client.GetStringAsync($"/field/households?visited={code}");
        after.ShouldContain("已记录走访");
        var visitedAt = await fixture.Database.ScalarAsync<DateTime>("SELECT visited_at FROM household_visit WHERE household_code = $1", code);
        after.ShouldContain("上次走访：" + GridGovernance.Domain.Calendar.ChinaTime.Text(new DateTimeOffset(visitedAt, TimeSpan.Zero)));

        // A household of another unit of the grid reads as missing, and nothing is recorded.
        var other = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM household WHERE grid_code = $1 AND link_unit_code <> $2 ORDER BY code LIMIT 1", LeaderUnit[..15], LeaderUnit);
        var refused = await leader.Client.PostAsync($"/field/households/{other}/visit", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["requestKey"] = Guid.NewGuid().ToString("N") }));
        refused.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household_visit WHERE household_code = $1", other)).ShouldBe(0);

        // The grid worker lists the whole grid.
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var grid = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE grid_code = $1", LeaderUnit[..15]);
        VisitFormPattern().Count(await worker.Client.GetStringAsync("/field/households")).ShouldBe((int)grid);
    }
}
