using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Field;

public sealed class FieldCasesAndMapTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private const string WorkerGrid = "451027100001001";
    private const string LeaderUnit = "451027100001001001";

    [Fact]
    public async Task The_case_list_shows_the_worker_s_grid_only_and_filters_by_state()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        using var other = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker2");
        var mine = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), position: null)));
        var theirs = FieldForms.CaseIdFrom(await other.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(other, "/field/report"), position: null)));

        var open = await worker.Client.GetStringAsync("/field/cases");
        open.ShouldContain($"/field/cases/{mine}\"");
        open.ShouldNotContain($"/field/cases/{theirs}\"");
        (await worker.Client.GetStringAsync("/field/cases?state=closed")).ShouldNotContain($"/field/cases/{mine}\"");
        (await worker.Client.GetStringAsync("/field/cases?state=all")).ShouldContain($"/field/cases/{mine}\"");
    }

    [Fact]
    public async Task A_new_case_shows_open_cases_of_the_same_kind_nearby_as_possible_duplicates()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var first = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), fixture.Inside, category: "E0102", description: "路口垃圾堆积")));
        var nearby = (fixture.Inside.Lng + 0.0001, fixture.Inside.Lat); // ≈ 10 m east
        var second = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), nearby, category: "E0102", description: "同一处垃圾")));
        var firstNumber = await fixture.Database.ScalarAsync<string>("SELECT number FROM case_file WHERE id = $1", first);

        var page = await worker.Client.GetStringAsync($"/field/cases/{second}");
        page.ShouldContain("可能重复");
        page.ShouldContain($"data-duplicate-number=\"{firstNumber}\"");
    }

    [Fact]
    public async Task My_grid_map_holds_the_grid_its_units_and_households_and_a_link_leader_sees_only_their_unit()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var home = await worker.Client.GetStringAsync("/field");
        home.ShouldContain("解放社区第1网格");
        home.ShouldContain("&quot;url&quot;:&quot;/api/staff/field/map&quot;");

        var map = await worker.Client.GetFromJsonAsync<JsonElement>("/api/staff/field/map");
        var layers = map.GetProperty("features").EnumerateArray().GroupBy(f => f.GetProperty("properties").GetProperty("layer").GetString())
            .ToDictionary(g => g.Key!, g => g.ToList());
        layers["grid"].Single().GetProperty("properties").GetProperty("code").GetString().ShouldBe(WorkerGrid);
        layers["unit"].Count.ShouldBe((int)await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM link_unit WHERE grid_code = $1", WorkerGrid));
        layers["household"].Count.ShouldBe((int)await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE grid_code = $1", WorkerGrid));
        // Points carry no personal data: names and phones stay behind the household card.
        layers["household"][0].GetProperty("properties").EnumerateObject().Select(p => p.Name).ShouldBe(["layer", "code", "members", "unit"], ignoreOrder: true);

        using var leader = await StaffSession.Start(fixture.Factory).LoggedInAsync("leader");
        var leaderMap = await leader.Client.GetFromJsonAsync<JsonElement>("/api/staff/field/map");
        leaderMap.GetProperty("features").EnumerateArray().Count(f => f.GetProperty("properties").GetProperty("layer").GetString() == "household")
            .ShouldBe((int)await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE link_unit_code = $1", LeaderUnit));

        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        (await dispatcher.Client.GetAsync("/api/staff/field/map")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
