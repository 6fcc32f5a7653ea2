using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Field;
using Microsoft.AspNetCore.SignalR;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>
/// The 联户长 follows their own 十联户 unit live (migration 0013, LiveGroups): they hear the events of the cases their list shows
/// — the ones they reported — and nothing of their grid, their village or another unit, on the hub and in the catch-up API.
/// </summary>
public sealed class LinkLeaderLiveTests(LiveInstancesFixture fixture) : IClassFixture<LiveInstancesFixture>
{
    private const string Unit = "451027100001001001";   // the demo 联户长's unit
    private const string Grid = "451027100001001";      // the grid it lies in
    private const string Village = "451027100001";
    private const string OtherLeader = "leader-neighbour";

    /// <summary>Another unit of the same grid, with a 联户长 account of its own (the demo seeds one 联户长 only).</summary>
    private async Task<string> OtherUnitAsync()
    {
        var unit = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM link_unit WHERE grid_code = $1 AND code <> $2 ORDER BY code LIMIT 1", Grid, Unit);
        await fixture.Database.AddStaffAsync(OtherLeader, "邻近联户长", "link_leader", unit, passwordOf: "leader");
        return unit;
    }

    /// <summary>A 联户长's report without a position (it goes to their grid) for the first household of their unit; returns id and number.</summary>
    private async Task<(long Id, string Number)> LeaderReportAsync(string username, string unit, string description)
    {
        using var leader = await StaffSession.Start(fixture.A).LoggedInAsync(username);
        var household = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM household WHERE link_unit_code = $1 ORDER BY code LIMIT 1", unit);
        var page = await FieldForms.OpenAsync(leader, "/field/report");
        var caseId = FieldForms.CaseIdFrom(await leader.Client.PostAsync("/field/report",
            FieldForms.Report(page, position: null, description: description, household: household)));
        return (caseId, await fixture.Database.ScalarAsync<string>("SELECT number FROM case_file WHERE id = $1", caseId));
    }

    private static async Task<List<(string Number, string Type)>> HearUntilAsync(LiveHubClient client, string number, string type)
    {
        var heard = new List<(string, string)>();
        while (!heard.Contains((number, type)) && await client.NextEventAsync(TimeSpan.FromSeconds(10)) is { } liveEvent)
            heard.Add((liveEvent.GetProperty("payload").GetProperty("number").GetString()!, liveEvent.GetProperty("type").GetString()!));
        return heard;
    }

    [Fact]
    public async Task A_link_leader_joins_their_own_unit_only_and_hears_their_unit_s_cases_but_not_another_unit_s_in_the_same_grid()
    {
        var otherUnit = await OtherUnitAsync();
        var cookie = await LiveCookies.LoginAsync(fixture.A, "leader");
        await using var leader = await LiveHubClient.ConnectAsync(fixture.A, cookie);
        foreach (var refused in new[] { Grid, Village, otherUnit, LiveInstancesFixture.Township, "451027", "451027100-police" })
            (await Should.ThrowAsync<HubException>(() => leader.InvokeAsync("JoinScope", refused)))
                .Message.ShouldContain("只能订阅本联户单元", customMessage: $"联户长不应能订阅 {refused}");
        await leader.InvokeAsync("JoinScope", Unit);

        // In the same grid: a resident's report and the neighbouring unit's 联户长's report, then the leader's own.
        var resident = await fixture.ReportThroughAsync(fixture.A, "网格里居民报的路灯坏了", Grid);
        var neighbour = await LeaderReportAsync(OtherLeader, otherUnit, "邻近联户的井盖松动");
        var own = await LeaderReportAsync("leader", Unit, "本联户的井盖缺失");
        var heard = await HearUntilAsync(leader, own.Number, "case.report");
        heard.ShouldContain((own.Number, "case.report"));
        heard.ShouldNotContain(e => e.Number == resident || e.Number == neighbour.Number);

        // Every later event of the leader's case reaches them too (the unit is read for each event, not only the report's).
        using var dispatcher = await StaffSession.Start(fixture.A).LoggedInAsync("dispatcher");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, neighbour.Id, "accept"));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, own.Id, "accept"));
        heard = await HearUntilAsync(leader, own.Number, "case.accept");
        heard.ShouldBe([(own.Number, "case.accept")], "the neighbour's accept is not heard; the own accept is");

        // The scope codes: the neighbour's case carries its own unit, the leader's case theirs; a resident's case no unit at all.
        (await ScopeCodesAsync(own.Id)).ShouldBe($"451027,451027100,{Village},{Grid},{Unit}");
        (await ScopeCodesAsync(neighbour.Id)).ShouldBe($"451027,451027100,{Village},{Grid},{otherUnit}");
        (await fixture.Database.ScalarAsync<string>(
            "SELECT string_agg(DISTINCT array_to_string(e.scope_codes, ','), ';') FROM outbox_event e JOIN case_file c ON c.id = e.case_id WHERE c.number = $1",
            resident)).ShouldBe($"451027,451027100,{Village},{Grid}");
    }

    [Fact]
    public async Task The_catch_up_api_gives_a_link_leader_their_unit_s_events_and_refuses_their_grid_and_another_unit()
    {
        var otherUnit = await OtherUnitAsync();
        var start = await fixture.NewestEventIdAsync();
        var neighbour = await LeaderReportAsync(OtherLeader, otherUnit, "邻近联户的路面塌陷");
        await fixture.ReportThroughAsync(fixture.A, "网格里居民报的积水", Grid);
        var own = await LeaderReportAsync("leader", Unit, "本联户的垃圾堆放");

        using var api = LiveCookies.ClientWith(fixture.A, await LiveCookies.LoginAsync(fixture.A, "leader"));
        foreach (var path in new[] { $"/api/events?after={start}", $"/api/events?after={start}&scope={Unit}" })
        {
            var page = await api.GetFromJsonAsync<JsonElement>(path);
            var numbers = page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("payload").GetProperty("number").GetString()).ToList();
            numbers.ShouldBe([own.Number], $"{path}: only the leader's own unit's case");
        }
        foreach (var scope in new[] { Grid, Village, otherUnit })
        {
            var response = await api.GetAsync($"/api/events?after={start}&scope={scope}");
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"scope={scope}");
            (await response.Content.ReadAsStringAsync()).ShouldContain("只能订阅本联户单元");
        }
        // The neighbour's 联户长 sees theirs only: the rule is per unit, not "any 联户长".
        using var neighbourApi = LiveCookies.ClientWith(fixture.A, await LiveCookies.LoginAsync(fixture.A, OtherLeader));
        var theirs = await neighbourApi.GetFromJsonAsync<JsonElement>($"/api/events?after={start}");
        theirs.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("payload").GetProperty("number").GetString())
            .ShouldBe([neighbour.Number]);
    }

    private Task<string> ScopeCodesAsync(long caseId) => fixture.Database.ScalarAsync<string>(
        "SELECT string_agg(DISTINCT array_to_string(scope_codes, ','), ';') FROM outbox_event WHERE case_id = $1", caseId);
}
