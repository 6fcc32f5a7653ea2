using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Field;
using GridGovernance.Integration.Tests.Inbox;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Scope;

/// <summary>A case, work order or household, with the texts that only someone allowed to see it may ever be shown.</summary>
public sealed record Resource(string Name, string Id, IReadOnlyList<string> Secrets, string? PhotoSha = null, long CaseId = 0);

/// <summary>One role's account and, for each kind of resource, one inside its scope and one outside (nearest first: the next grid, village…).</summary>
public sealed record RoleWorld(string Role, string Username, StaffSession? Session,
    Resource CaseIn, Resource CaseOut, Resource OrderIn, Resource OrderOut, Resource HouseholdIn, Resource HouseholdOut, string ScopeCode,
    string OutsideScopeCode);

/// <summary>
/// The demo county plus a second county (451099, a small square far away), and cases made the way they arise: a grid worker's
/// report whistled to the police, a 联户长's own report, residents' reports in the next grid, village, township and county,
/// the last two dispatched to 城管. Every description is unique, so a leak of one can be told apart.
/// </summary>
public sealed class ScopeWorld : IAsyncLifetime
{
    public const string Grid1 = "451027100001001";
    public const string Grid2 = "451027100001002";
    public const string LeaderUnit = "451027100001001001";
    public const string Police = "451027100-police";
    public const string OtherCounty = "451099";
    public const string OtherCountyGrid = "451099100001001";

    public TestDatabase Database { get; private set; } = null!;
    public InboxAppFactory Factory { get; private set; } = null!;
    public IReadOnlyList<RoleWorld> Roles { get; private set; } = [];
    public RoleWorld Anonymous { get; private set; } = null!;
    private readonly List<StaffSession> _sessions = [];

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithDemoCountyAsync();
        await AddOtherCountyAsync();
        Factory = new InboxAppFactory(Database.ConnectionString);
        var otherTownshipGrid = await Database.ScalarAsync<string>("SELECT code FROM grid WHERE NOT starts_with(code, '451027100') ORDER BY code LIMIT 1");
        var otherVillageGrid = await Database.ScalarAsync<string>(
            "SELECT code FROM grid WHERE starts_with(code, '451027100') AND NOT starts_with(code, '451027100001') ORDER BY code LIMIT 1");
        await Database.AddStaffAsync("mx-other-township", "外乡调度员", "township_dispatcher", otherTownshipGrid[..9], passwordOf: "admin");
        await Database.AddStaffAsync("mx-other-county", "外县调度员", "township_dispatcher", OtherCountyGrid[..9], passwordOf: "admin");

        var admin = await LogIn("admin");
        var dispatcher = await LogIn("dispatcher");
        var cadre = await LogIn("cadre");
        var worker = await LogIn("gridworker");
        var leader = await LogIn("leader");
        var police = await LogIn("dept-police");
        var otherTownship = await LogIn("mx-other-township");
        var otherCounty = await LogIn("mx-other-county");

        var inside = (await Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid1),
            await Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid1));

        // C1: the grid worker's report, filed and whistled to the police (O1).
        var page = await FieldForms.OpenAsync(worker, "/field/report");
        var c1 = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(page, inside, description: "矩阵案件一：网格员上报的井盖缺失")));
        await ActAsync(dispatcher, c1, "accept");
        await ActAsync(dispatcher, c1, "whistle", new { units = new[] { Police }, whistleKind = "routine" });
        // C2: the 联户长's own report, for a household of their unit.
        var leaderHousehold = await Database.ScalarAsync<string>("SELECT code FROM household WHERE link_unit_code = $1 ORDER BY code LIMIT 1", LeaderUnit);
        page = await FieldForms.OpenAsync(leader, "/field/report");
        var c2 = FieldForms.CaseIdFrom(await leader.Client.PostAsync("/field/report",
            FieldForms.Report(page, inside, description: "矩阵案件二：联户长代住户上报", household: leaderHousehold)));
        var c3 = await ResidentReportAsync(Grid2, "矩阵案件三：第二网格居民反映");
        var c4 = await ResidentReportAsync(otherVillageGrid, "矩阵案件四：邻村居民反映");
        var c5 = await ResidentReportAsync(otherTownshipGrid, "矩阵案件五：外乡镇居民反映");
        await ActAsync(otherTownship, c5, "verify");
        await ActAsync(otherTownship, c5, "accept");
        await ActAsync(otherTownship, c5, "dispatch", new { units = new[] { "451027-chengguan" } });
        var c6 = await ResidentReportAsync(OtherCountyGrid, "矩阵案件六：外县居民反映");
        await ActAsync(otherCounty, c6, "verify");
        await ActAsync(otherCounty, c6, "accept");
        await ActAsync(otherCounty, c6, "dispatch", new { units = new[] { OtherCounty + "-chengguan" } });

        var case1 = await CaseAsync("C1", c1);
        var case2 = await CaseAsync("C2", c2);
        var case3 = await CaseAsync("C3", c3);
        var case4 = await CaseAsync("C4", c4);
        var case5 = await CaseAsync("C5", c5);
        var case6 = await CaseAsync("C6", c6);
        var order1 = await OrderAsync("O1", c1);
        var order5 = await OrderAsync("O5", c5);
        var order6 = await OrderAsync("O6", c6);

        var inUnit = await HouseholdAsync("household WHERE link_unit_code = $1", LeaderUnit);
        var gridOtherUnit = await HouseholdAsync("household WHERE grid_code = $1 AND link_unit_code <> '" + LeaderUnit + "'", Grid1);
        var grid2 = await HouseholdAsync("household WHERE grid_code = $1", Grid2);
        var otherVillage = await HouseholdAsync("household WHERE grid_code = $1", otherVillageGrid);
        var otherTownshipHousehold = await HouseholdAsync("household WHERE grid_code = $1", otherTownshipGrid);
        var otherCountyHousehold = await HouseholdAsync("household WHERE grid_code = $1", OtherCountyGrid);

        Roles =
        [
            new("county_admin", "admin", admin, case1, case6, order1, order6, inUnit, otherCountyHousehold, "451027", OtherCounty),
            new("township_dispatcher", "dispatcher", dispatcher, case1, case5, order1, order5, inUnit, otherTownshipHousehold, "451027100", otherTownshipGrid[..9]),
            new("village_cadre", "cadre", cadre, case1, case4, order1, order5, inUnit, otherVillage, "451027100001", otherVillageGrid[..12]),
            new("grid_worker", "gridworker", worker, case1, case3, order1, order5, inUnit, grid2, Grid1, Grid2),
            new("link_leader", "leader", leader, case2, case1, order1, order5, inUnit, gridOtherUnit, LeaderUnit, Grid1),
            new("department_staff", "dept-police", police, case1, case5, order1, order5, inUnit, gridOtherUnit, Police, "451027-chengguan"),
        ];
        Anonymous = Roles[0] with { Role = "anonymous", Username = "", Session = null };
    }

    public HttpClient Client(RoleWorld role) => role.Session?.Client ?? AnonymousClient.Value;

    private Lazy<HttpClient> AnonymousClient => _anonymous ??= new(() => Factory.CreateClient(new() { AllowAutoRedirect = false }));
    private Lazy<HttpClient>? _anonymous;

    private async Task<StaffSession> LogIn(string username)
    {
        var session = await StaffSession.Start(Factory).LoggedInAsync(username);
        _sessions.Add(session);
        return session;
    }

    private static async Task ActAsync(StaffSession session, long caseId, string action, object? extra = null)
    {
        var response = await DispatchApi.CaseAsync(session, caseId, action, extra);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{action}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<long> ResidentReportAsync(string grid, string description)
    {
        using var resident = Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var form = await ResidentForm.OpenAsync(resident, grid);
        var response = await resident.PostAsync($"/g/{grid}", ResidentForm.Content(form, description, photos: [("a.jpg", ResidentForm.Photo)]));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", form.IdempotencyKey);
    }

    private async Task<Resource> CaseAsync(string name, long id)
    {
        var number = await Database.ScalarAsync<string>("SELECT number FROM case_file WHERE id = $1", id);
        var description = await Database.ScalarAsync<string>("SELECT description FROM case_file WHERE id = $1", id);
        var sha = await Database.ScalarAsync<string>("SELECT photo_sha256 FROM case_photo WHERE case_id = $1 ORDER BY position LIMIT 1", id);
        return new Resource(name, id.ToString(System.Globalization.CultureInfo.InvariantCulture), [number, description], sha, id);
    }

    private async Task<Resource> OrderAsync(string name, long caseId)
    {
        var order = await Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1 ORDER BY id LIMIT 1", caseId);
        var @case = await CaseAsync("C", caseId);
        return new Resource(name, order.ToString(System.Globalization.CultureInfo.InvariantCulture), @case.Secrets, @case.PhotoSha, caseId);
    }

    private async Task<Resource> HouseholdAsync(string from, string parameter)
    {
        var code = await Database.ScalarAsync<string>($"SELECT code FROM {from} ORDER BY code LIMIT 1", parameter);
        var head = await Database.ScalarAsync<string>("SELECT head_name FROM household WHERE code = $1", code);
        return new Resource("H" + code, code, [head]);
    }

    /// <summary>A second county: one township, village, grid, 十联户 unit and household in a small square far from the demo county.</summary>
    private async Task AddOtherCountyAsync()
    {
        const string square = "ST_Multi(ST_MakeEnvelope(110.00, 30.00, 110.02, 30.02, 4326))";
        await using var command = Database.DataSource.CreateCommand($"""
            INSERT INTO county (code, name, geom) VALUES ('451099', '矩阵县', {square});
            INSERT INTO township (code, county_code, name, geom) VALUES ('451099100', '451099', '矩阵镇', {square});
            INSERT INTO village (code, township_code, name, geom) VALUES ('451099100001', '451099100', '矩阵社区', {square});
            INSERT INTO grid (code, village_code, name, geom) VALUES ('451099100001001', '451099100001', '矩阵第1网格', {square});
            INSERT INTO link_unit (code, grid_code, name, geom)
                VALUES ('451099100001001001', '451099100001001', '矩阵联户单元', ST_SetSRID(ST_MakePoint(110.01, 30.01), 4326));
            INSERT INTO household (code, grid_code, link_unit_code, head_name, members, geom)
                VALUES ('4510991000010010001', '451099100001001', '451099100001001001', '矩阵外县户主', 3, ST_SetSRID(ST_MakePoint(110.011, 30.011), 4326));
            """);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var session in _sessions) session.Dispose();
        if (_anonymous is { IsValueCreated: true }) _anonymous.Value.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
