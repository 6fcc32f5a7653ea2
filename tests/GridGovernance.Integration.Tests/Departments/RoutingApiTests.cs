using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Departments;

/// <summary>GET /api/staff/routing and /api/staff/departments through the real app.</summary>
public sealed class RoutingApiTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    private const string Sicheng = "451027100";

    private async Task<string> RoutingUrl(string category, string township = Sicheng)
    {
        var (_, lng, lat) = (await TownshipPoints.AllAsync(fixture.DataSource)).Single(t => t.Code == township);
        return string.Create(CultureInfo.InvariantCulture, $"/api/staff/routing?category={category}&lng={lng}&lat={lat}");
    }

    [Fact]
    public async Task A_dispatcher_gets_the_suggested_units_in_order_with_their_party_and_jurisdiction()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");

        var json = await session.Client.GetFromJsonAsync<JsonElement>(await RoutingUrl("E0701"));

        json.GetProperty("category").GetProperty("name").GetString().ShouldBe("治安隐患");
        json.GetProperty("order").GetString().ShouldBe("先属地后属主");
        json.GetProperty("townshipCode").GetString().ShouldBe(Sicheng);
        var first = json.GetProperty("units")[0];
        first.GetProperty("rank").GetInt32().ShouldBe(1);
        first.GetProperty("partyName").GetString().ShouldBe("属地");
        first.GetProperty("unit").GetProperty("code").GetString().ShouldBe($"{Sicheng}-police");
        first.GetProperty("unit").GetProperty("name").GetString().ShouldBe("凌云县公安局泗城派出所");
        first.GetProperty("unit").GetProperty("hasJurisdiction").GetBoolean().ShouldBeTrue();
        first.GetProperty("match").GetString().ShouldBe("jurisdiction");
    }

    [Fact]
    public async Task Department_staff_may_ask_too_and_a_manhole_cover_is_owner_first()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-chengguan");

        var json = await session.Client.GetFromJsonAsync<JsonElement>(await RoutingUrl("C0101"));

        json.GetProperty("order").GetString().ShouldBe("先属主后属地");
        json.GetProperty("units")[0].GetProperty("department").GetProperty("shortName").GetString().ShouldBe("供水");
        json.GetProperty("units")[0].GetProperty("partyName").GetString().ShouldBe("属主");
    }

    [Theory]
    [InlineData("category=E0999&lng=106.56&lat=24.35", "没有编码为 E0999 的问题类别", "category")]
    [InlineData("category=X01&lng=106.56&lat=24.35", "小类编码", "category")]
    [InlineData("lng=106.56&lat=24.35", "缺少参数 category", "category")]
    [InlineData("category=E0701&lat=24.35", "缺少参数 lng", "lng")]
    [InlineData("category=E0701&lng=abc&lat=24.35", "不是数字", "lng")]
    [InlineData("category=E0701&lng=106.56&lat=NaN", "有限的数字", "lat")]
    [InlineData("category=E0701&lng=106.56&lat=24.35&crs=bd09", "不受支持", "crs")]
    [InlineData("caseId=abc", "正整数", "caseId")]
    public async Task Bad_input_is_a_Chinese_400_problem_naming_the_parameter(string query, string message, string parameter)
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");

        var response = await session.Client.GetAsync($"/api/staff/routing?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString()!.ShouldContain(message);
        problem.GetProperty("parameter").GetString().ShouldBe(parameter);
    }

    [Fact]
    public async Task A_point_outside_the_callers_county_is_a_404()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var response = await session.Client.GetAsync("/api/staff/routing?category=E0701&lng=116.39&lat=39.91");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("不在您所在县");
    }

    [Theory]
    [InlineData("/api/staff/routing?category=E0701&lng=106.56&lat=24.35")]
    [InlineData("/api/staff/departments")]
    public async Task Without_signing_in_the_answer_is_a_401_problem(string url)
    {
        using var anonymous = StaffSession.Start(fixture.Factory);
        var response = await anonymous.Client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task The_department_list_shows_every_department_and_each_police_station_with_its_area()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");

        var json = await session.Client.GetFromJsonAsync<JsonElement>("/api/staff/departments");

        json.GetProperty("countyCode").GetString().ShouldBe("451027");
        var departments = json.GetProperty("departments").EnumerateArray().ToList();
        departments.Count.ShouldBe(19);
        var police = departments.Single(d => d.GetProperty("code").GetString() == "police");
        var units = police.GetProperty("units").EnumerateArray().ToList();
        units.Count.ShouldBe(9);
        units[0].GetProperty("code").GetString().ShouldBe("451027-police");
        units[0].GetProperty("hasJurisdiction").GetBoolean().ShouldBeFalse();
        units.Skip(1).ShouldAllBe(u => u.GetProperty("hasJurisdiction").GetBoolean() && u.GetProperty("name").GetString()!.EndsWith("派出所"));
        departments.Single(d => d.GetProperty("code").GetString() == "water").GetProperty("kindName").GetString().ShouldBe("公共服务企业");
    }

    [Fact]
    public async Task An_existing_case_is_routed_by_its_category_and_position_inside_the_callers_territory_only()
    {
        var (_, lng, lat) = (await TownshipPoints.AllAsync(fixture.DataSource)).Single(t => t.Code == Sicheng);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new { longitude = lng, latitude = lat, requestType = "report", category = "E0701", description = "路口有人聚集斗殴的苗头" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var created = await fixture.Client.SendAsync(request);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var number = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var caseId = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE number = $1", number);

        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var json = await dispatcher.Client.GetFromJsonAsync<JsonElement>($"/api/staff/routing?caseId={caseId}");
        json.GetProperty("units")[0].GetProperty("unit").GetProperty("code").GetString().ShouldBe($"{Sicheng}-police");

        // The case lies in 泗城镇 but (almost surely) not in the 网格员's grid, and department staff see cases by their orders.
        var grid = await fixture.Database.ScalarAsync<string>("SELECT grid_code FROM case_file WHERE id = $1", caseId);
        var outsider = grid == "451027100001002" ? "gridworker" : "gridworker2";
        foreach (var username in new[] { outsider, "dept-police" })
        {
            using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync(username);
            var response = await session.Client.GetAsync($"/api/staff/routing?caseId={caseId}");
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, username);
        }
    }
}
