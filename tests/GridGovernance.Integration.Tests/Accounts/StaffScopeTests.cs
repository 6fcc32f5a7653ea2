using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GridGovernance.Integration.Tests.Accounts;

/// <summary>Every staff query is scoped in SQL to the caller's territory: outside it, a household does not exist.</summary>
public sealed class StaffScopeTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    private const string FirstGrid = "451027100001001";
    private const string OtherGrid = "451027100001002";

    private Task<string> HouseholdIn(string scopePrefix, bool inside = true) => fixture.Database.ScalarAsync<string>(
        inside ? "SELECT code FROM household WHERE starts_with(grid_code, $1) ORDER BY code LIMIT 1"
               : "SELECT code FROM household WHERE NOT starts_with(grid_code, $1) ORDER BY code DESC LIMIT 1", scopePrefix);

    [Fact]
    public async Task A_grid_worker_sees_a_household_card_of_the_grid_with_phones_masked()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var code = await HouseholdIn(FirstGrid);
        var card = await session.Client.GetFromJsonAsync<JsonElement>($"/api/staff/households/{code}");

        card.GetProperty("code").GetString().ShouldBe(code);
        card.GetProperty("gridCode").GetString().ShouldBe(FirstGrid);
        card.GetProperty("headName").GetString().ShouldBe(await fixture.Database.ScalarAsync<string>("SELECT head_name FROM household WHERE code = $1", code));
        card.GetProperty("members").GetInt32().ShouldBeGreaterThan(0);
        card.GetProperty("phone").GetString()!.ShouldMatch(@"^1\d{2}\*{4}\d{4}$");
        var unit = card.GetProperty("linkUnit");
        unit.GetProperty("code").GetString()!.ShouldStartWith(FirstGrid);
        unit.GetProperty("leaderName").GetString().ShouldNotBeNullOrEmpty();
        unit.GetProperty("leaderPhone").GetString()!.ShouldContain("****");
    }

    [Fact]
    public async Task A_grid_worker_asking_for_another_grids_household_gets_the_same_404_as_for_an_unknown_code_and_the_attempt_is_logged()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var neighbour = await HouseholdIn(OtherGrid);
        var accountId = await fixture.Database.ScalarAsync<long>("SELECT id FROM staff_account WHERE username = 'gridworker'");

        var outside = await session.Client.GetAsync($"/api/staff/households/{neighbour}");
        var unknown = await session.Client.GetAsync("/api/staff/households/4510271000010019999");

        outside.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var outsideBody = await outside.Content.ReadAsStringAsync();
        WithoutTraceId(outsideBody.Replace(neighbour, "CODE"))
            .ShouldBe(WithoutTraceId((await unknown.Content.ReadAsStringAsync()).Replace("4510271000010019999", "CODE")));
        outsideBody.ShouldNotContain(await fixture.Database.ScalarAsync<string>("SELECT head_name FROM household WHERE code = $1", neighbour));

        var warnings = fixture.Factory.Log.Entries
            .Where(e => e.Level == LogLevel.Warning && e.Message.Contains("Out-of-scope household") && e.Message.Contains(neighbour)).ToList();
        var entry = warnings.ShouldHaveSingleItem();
        entry.Properties.ShouldContain(p => p.Key == "AccountId" && Equals(p.Value, accountId));
        entry.Properties.ShouldContain(p => p.Key == "HouseholdCode" && Equals(p.Value, neighbour));
        entry.Message.ShouldNotContain(await fixture.Database.ScalarAsync<string>("SELECT head_name FROM household WHERE code = $1", neighbour));
    }

    [Fact]
    public async Task The_household_card_as_markup_shows_the_same_masked_card_and_another_grids_household_is_404_like_an_unknown_one()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var code = await HouseholdIn(FirstGrid);
        var response = await session.Client.GetAsync($"/api/staff/households/{code}/card");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var card = await response.Content.ReadAsStringAsync();
        card.ShouldContain($"<strong>住户 {code}</strong>");
        card.ShouldContain($"<dt>户主</dt><dd>{await fixture.Database.ScalarAsync<string>("SELECT head_name FROM household WHERE code = $1", code)}</dd>");
        // The card shows the masked number; the full one only comes from the recorded reveal behind 查看/拨打.
        card.ShouldMatch(@"<dt>电话</dt>\s*<dd><span data-household-phone>1\d{2}\*{4}\d{4}</span>");
        card.ShouldContain($"data-reveal-phone=\"/api/staff/households/{code}/phone\">查看/拨打</button>");
        card.ShouldNotMatch(@"1[3-9]\d{9}");

        var outside = await session.Client.GetAsync($"/api/staff/households/{await HouseholdIn(OtherGrid)}/card");
        outside.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        outside.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    private static string WithoutTraceId(string problemJson) =>
        System.Text.RegularExpressions.Regex.Replace(problemJson, "\"traceId\":\"[^\"]*\"", "");

    [Fact]
    public async Task A_township_dispatcher_sees_households_in_the_township_and_not_in_another()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var inTownship = await HouseholdIn("451027100");
        var elsewhere = await HouseholdIn("451027100", inside: false);
        elsewhere.ShouldNotStartWith("451027100");

        (await session.Client.GetAsync($"/api/staff/households/{inTownship}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await session.Client.GetAsync($"/api/staff/households/{await HouseholdIn(OtherGrid)}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await session.Client.GetAsync($"/api/staff/households/{elsewhere}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_link_leader_sees_the_households_of_the_unit_and_not_the_rest_of_the_grid()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("leader");
        var inUnit = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM household WHERE link_unit_code = '451027100001001001' ORDER BY code LIMIT 1");
        var sameGridOtherUnit = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM household WHERE grid_code = $1 AND link_unit_code <> '451027100001001001' ORDER BY code LIMIT 1", FirstGrid);

        (await session.Client.GetAsync($"/api/staff/households/{inUnit}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await session.Client.GetAsync($"/api/staff/households/{sameGridOtherUnit}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_county_admin_sees_everywhere_and_a_malformed_code_is_a_Chinese_400()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        (await session.Client.GetAsync($"/api/staff/households/{await HouseholdIn("451027100", inside: false)}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var bad = await session.Client.GetAsync("/api/staff/households/12345");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("19 位数字");
    }

    [Fact]
    public async Task Department_staff_are_forbidden_household_cards_with_a_403_problem()
    {
        await fixture.Database.AddStaffAsync("dept1", "住建局人员", "department_staff", "451027-zhujian", passwordOf: "admin");
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept1");
        (await session.Client.GetFromJsonAsync<JsonElement>("/api/staff/me")).GetProperty("scope").GetProperty("levelName").GetString().ShouldBe("部门");

        var response = await session.Client.GetAsync($"/api/staff/households/{await HouseholdIn(FirstGrid)}");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("无权访问");
    }
}
