using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGovernance.Integration.Tests.Accounts;

namespace GridGovernance.Integration.Tests.Scope;

/// <summary>What an endpoint is asked about: which of a role's resources goes into the request.</summary>
public enum Subject
{
    /// <summary>The request names a case (path or query); outside the scope it is 404.</summary>
    Case,
    /// <summary>The request names a work order.</summary>
    Order,
    /// <summary>The request names a household.</summary>
    Household,
    /// <summary>A list of cases: the inside case is listed, the outside one never.</summary>
    CaseList,
    /// <summary>A list of work orders (the department's inbox).</summary>
    OrderList,
    /// <summary>A list of households (the field map).</summary>
    HouseholdList,
    /// <summary>A filter naming a case: answered 200 either way, the outside case never in it.</summary>
    CaseFilter,
    /// <summary>A vector tile around the household: the inside one drawn, the outside one never.</summary>
    HouseholdTile,
    /// <summary>A territory or unit code to follow or filter by: outside is refused (its status given), never data.</summary>
    ScopeCode,
    /// <summary>The caller's own things (who am I, a token, a page of their own): no resource, the role decides.</summary>
    Own,
}

/// <summary>What a role gets from an endpoint.</summary>
/// <param name="Inside">Status for the inside resource (the role may use the endpoint).</param>
/// <param name="Outside">Status for the outside resource: 404 unless the endpoint says otherwise.</param>
/// <param name="Refused">The role may not use the endpoint at all: this status for both, and nothing shown (302: to /account/denied or /login).</param>
/// <param name="OutsideOr">A second status allowed outside (a tile: 204 when nothing of the scope is there, 200 when some is).</param>
public sealed record Expect(int Inside, int Outside = 404, bool Refused = false, int? OutsideOr = null)
{
    public static Expect Ok(int inside = 200, int outside = 404, int? outsideOr = null) => new(inside, outside, OutsideOr: outsideOr);

    /// <summary>The role holds no resource of this kind: inside and outside alike are 404.</summary>
    public static Expect NoGrant { get; } = new(404, 404);

    public static Expect Denied(int status) => new(status, status, Refused: true);

    public static Expect Forbidden { get; } = Denied(403);

    /// <summary>Cookie authorization of a page: the role is sent to /account/denied (anonymous: to /login).</summary>
    public static Expect Redirected { get; } = Denied(302);
}

/// <summary>One row of the matrix: an endpoint of the app, how to ask it about a resource, and what each role gets.</summary>
public sealed record Probe(string Key, Subject Subject, Func<ScopeWorld, RoleWorld, Resource, Task<HttpRequestMessage>> Request,
    Func<string, Expect> For);

/// <summary>
/// Every staff endpoint of the app with its probe. The key is "METHODS pattern" as the app's own endpoint list spells it
/// (AuthorizationMatrixTests fails when the app has a staff endpoint that is not here, or this lists one the app lacks).
/// </summary>
public static class AuthorizationMatrix
{
    public const string Anonymous = "anonymous";

    private static readonly string[] Territorial = ["county_admin", "township_dispatcher", "village_cadre", "grid_worker", "link_leader"];
    private static readonly string[] ConsoleRoles = ["county_admin", "township_dispatcher", "village_cadre"];
    private static readonly string[] FieldRoles = ["grid_worker", "link_leader"];

    private static Func<string, Expect> Api(Func<string, Expect> forRole) => role => role == Anonymous ? Expect.Denied(401) : forRole(role);

    private static Func<string, Expect> Page(Func<string, Expect> forRole) => role => role == Anonymous ? Expect.Redirected : forRole(role);

    /// <summary>Territorial staff use it as <paramref name="allowed"/>; department staff are refused with <paramref name="department"/>.</summary>
    private static Func<string, Expect> TerritorialOnly(Expect allowed, Expect department) =>
        role => Territorial.Contains(role) ? allowed : department;

    /// <summary>The account administrators (county admin, township dispatcher) use it as <paramref name="allowed"/>; others are sent away.</summary>
    private static Func<string, Expect> AccountAdmins(Expect allowed) =>
        role => role is "county_admin" or "township_dispatcher" ? allowed : Expect.Redirected;

    /// <summary>The county administrator uses it as <paramref name="allowed"/>; everyone else is sent away.</summary>
    private static Func<string, Expect> CountyAdmin(Expect allowed) => role => role == "county_admin" ? allowed : Expect.Redirected;

    private static Task<HttpRequestMessage> Get(string path) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>A POST carrying the session's antiforgery token in the header (the app reads it there before the form).</summary>
    private static async Task<HttpRequestMessage> Post(ScopeWorld world, RoleWorld role, string path, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (role.Session is { } session)
        {
            var tokens = await session.Client.GetFromJsonAsync<JsonElement>("/api/staff/antiforgery");
            request.Headers.Add(tokens.GetProperty("headerName").GetString()!, tokens.GetProperty("token").GetString());
        }
        return request;
    }

    private static MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    private static string Key() => Guid.NewGuid().ToString("N");

    /// <summary>A case action the role may ask for, which the case's state (filed, dispatched) then refuses: proof of access without a change.</summary>
    private static string CaseActionOf(string role) => role switch
    {
        "county_admin" or "township_dispatcher" => "archive",
        "village_cadre" or "grid_worker" or "link_leader" => "verify",
        _ => "whistle",
    };

    /// <summary>An order action the role may ask for, which a pending order refuses (or, for roles without one, a refused one).</summary>
    private static string OrderActionOf(string role) => role switch
    {
        "township_dispatcher" => "approve_extension",
        "grid_worker" => "rework",
        "department_staff" => "start",
        _ => "approve_extension",
    };

    private static async Task<string> TileOf(ScopeWorld world, Resource household)
    {
        const int zoom = 16;
        var lng = await world.Database.ScalarAsync<double>("SELECT ST_X(geom) FROM household WHERE code = $1", household.Id);
        var lat = await world.Database.ScalarAsync<double>("SELECT ST_Y(geom) FROM household WHERE code = $1", household.Id);
        var n = 1 << zoom;
        var x = (int)Math.Floor((lng + 180) / 360 * n);
        var latRad = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(latRad) + 1 / Math.Cos(latRad)) / Math.PI) / 2 * n);
        return string.Create(CultureInfo.InvariantCulture, $"/tiles/households/{zoom}/{x}/{y}.mvt");
    }

    /// <summary>
    /// A live ranking under an area: the county admin's outside code is another county (400: not a code of its county), grid
    /// workers and 联户长 have no level below them to rank (400), department staff read only the published ranking (403).
    /// </summary>
    private static Expect StatsArea(string role) => role switch
    {
        "county_admin" => Expect.Ok(200, 400),
        "township_dispatcher" or "village_cadre" => Expect.Ok(),
        "grid_worker" or "link_leader" => Expect.Ok(400, 400),
        _ => Expect.Forbidden,
    };

    public static IReadOnlyList<Probe> Probes { get; } =
    [
        new("GET /api/staff/me", Subject.Own, (_, _, _) => Get("/api/staff/me"), Api(_ => Expect.Ok())),
        new("GET /api/staff/antiforgery", Subject.Own, (_, _, _) => Get("/api/staff/antiforgery"), Api(_ => Expect.Ok())),
        new("GET /api/staff/departments", Subject.Own, (_, _, _) => Get("/api/staff/departments"), Api(_ => Expect.Ok())),
        new("GET /api/staff/households/{code}", Subject.Household, (_, _, h) => Get($"/api/staff/households/{h.Id}"),
            Api(TerritorialOnly(Expect.Ok(), Expect.Forbidden))),
        new("GET /api/staff/households/{code}/card", Subject.Household, (_, _, h) => Get($"/api/staff/households/{h.Id}/card"),
            Api(TerritorialOnly(Expect.Ok(), Expect.Forbidden))),
        // 查看/拨打 on the household card: the full number to territorial staff whose scope covers the household (audited).
        new("POST /api/staff/households/{code}/phone", Subject.Household, (w, r, h) => Post(w, r, $"/api/staff/households/{h.Id}/phone", Form(("x", "矩阵"))),
            Api(TerritorialOnly(Expect.Ok(), Expect.Forbidden))),
        new("GET /api/staff/field/map", Subject.HouseholdList, (_, _, _) => Get("/api/staff/field/map"),
            Api(role => FieldRoles.Contains(role) ? Expect.Ok() : Expect.Forbidden)),
        new("GET /api/staff/cases/{caseId:long}/photos/{sha}", Subject.Case, (_, _, c) => Get($"/api/staff/cases/{c.Id}/photos/{c.PhotoSha}"),
            Api(TerritorialOnly(Expect.Ok(), Expect.Forbidden))),
        new("POST /api/staff/cases/{caseId:long}/actions", Subject.Case,
            (w, r, c) => Post(w, r, $"/api/staff/cases/{c.Id}/actions", JsonContent.Create(new { action = CaseActionOf(r.Role), requestKey = Key(), units = Array.Empty<string>() })),
            Api(role => role == "link_leader" ? Expect.Forbidden : Expect.Ok(409))),
        new("POST /api/staff/orders/{orderId:long}/actions", Subject.Order,
            (w, r, o) => Post(w, r, $"/api/staff/orders/{o.Id}/actions", Form(("action", OrderActionOf(r.Role)), ("requestKey", Key()))),
            Api(role => role is "township_dispatcher" or "grid_worker" or "department_staff" ? Expect.Ok(409) : Expect.Forbidden)),
        new("GET /api/staff/dispatch/markers", Subject.CaseFilter, (_, _, c) => Get($"/api/staff/dispatch/markers?state=all&caseId={c.Id}"),
            Api(role => ConsoleRoles.Contains(role) ? Expect.Ok(200, 200) : Expect.Forbidden)),
        new("GET /api/staff/dispatch/grids", Subject.ScopeCode, (_, _, code) => Get($"/api/staff/dispatch/grids?area={code.Id}"),
            Api(role => ConsoleRoles.Contains(role) ? Expect.Ok(200, 400) : Expect.Forbidden)),
        new("GET /api/staff/routing", Subject.Case, (_, _, c) => Get($"/api/staff/routing?caseId={c.Id}"), Api(_ => Expect.Ok())),
        new("GET /api/events", Subject.ScopeCode, (_, _, code) => Get($"/api/events?after=0&scope={Uri.EscapeDataString(code.Id)}"),
            Api(_ => Expect.Ok(200, 403))),
        new("GET /tiles/{layer}/{z}/{x}/{y}.mvt", Subject.HouseholdTile, async (w, _, h) => new HttpRequestMessage(HttpMethod.Get, await TileOf(w, h)),
            Api(TerritorialOnly(Expect.Ok(200, 204, outsideOr: 200), Expect.Forbidden))),

        new("GET /api/staff/stats/ranking", Subject.ScopeCode, (_, _, code) => Get($"/api/staff/stats/ranking?area={code.Id}"),
            Api(StatsArea)),
        new("GET /api/staff/stats/ranking.csv", Subject.ScopeCode, (_, _, code) => Get($"/api/staff/stats/ranking.csv?area={code.Id}"),
            Api(StatsArea)),
        new("GET /api/staff/stats/ranking.xlsx", Subject.ScopeCode, (_, _, code) => Get($"/api/staff/stats/ranking.xlsx?area={code.Id}"),
            Api(StatsArea)),
        // The tables below the ranking on /stats as files: the area must be the caller's and one with tables (not a grid).
        new("GET /api/staff/stats/volume-by-source.csv", Subject.ScopeCode, (_, _, code) => Get($"/api/staff/stats/volume-by-source.csv?area={code.Id}"),
            Api(StatsArea)),
        new("GET /api/staff/stats/volume-by-source.xlsx", Subject.ScopeCode, (_, _, code) => Get($"/api/staff/stats/volume-by-source.xlsx?area={code.Id}"),
            Api(StatsArea)),
        new("GET /api/staff/stats/volume-by-category.csv", Subject.ScopeCode, (_, _, code) => Get($"/api/staff/stats/volume-by-category.csv?area={code.Id}"),
            Api(StatsArea)),
        new("GET /api/staff/stats/volume-by-category.xlsx", Subject.ScopeCode, (_, _, code) => Get($"/api/staff/stats/volume-by-category.xlsx?area={code.Id}"),
            Api(StatsArea)),
        new("GET /api/staff/stats/posts.csv", Subject.ScopeCode, (_, _, code) => Get($"/api/staff/stats/posts.csv?area={code.Id}"),
            Api(StatsArea)),
        new("GET /api/staff/stats/posts.xlsx", Subject.ScopeCode, (_, _, code) => Get($"/api/staff/stats/posts.xlsx?area={code.Id}"),
            Api(StatsArea)),
        new("GET /api/staff/stats/cases", Subject.ScopeCode, (_, _, code) => Get($"/api/staff/stats/cases?area={code.Id}"),
            Api(role => role switch
            {
                "county_admin" => Expect.Ok(200, 400),
                "department_staff" => Expect.Forbidden,
                _ => Expect.Ok(),
            })),
        new("GET /api/staff/stats/published", Subject.Own, (_, _, _) => Get("/api/staff/stats/published"), Api(_ => Expect.Ok())),

        // The territory export holds every household's name and phone: the county administrator's own county only.
        new("GET /api/admin/territory/export.zip", Subject.Own, (_, _, _) => Get("/api/admin/territory/export.zip"),
            Api(role => role == "county_admin" ? Expect.Ok() : Expect.Forbidden)),
        new("GET /api/admin/territory/export/{file}", Subject.Own, (_, _, _) => Get("/api/admin/territory/export/grid-staff.csv"),
            Api(role => role == "county_admin" ? Expect.Ok() : Expect.Forbidden)),

        // The console's list as a file: the console's roles; the list is scoped like the page (a case outside never appears).
        new("GET /dispatch/export.csv", Subject.CaseList, (_, _, _) => Get("/dispatch/export.csv?state=all"),
            Page(role => ConsoleRoles.Contains(role) ? Expect.Ok(200, 200) : role == "department_staff" ? Expect.Redirected : Expect.Ok(403, 403))),
        new("GET /dispatch/export.xlsx", Subject.CaseList, (_, _, _) => Get("/dispatch/export.xlsx?state=all"),
            Page(role => ConsoleRoles.Contains(role) ? Expect.Ok(200, 200) : role == "department_staff" ? Expect.Redirected : Expect.Ok(403, 403))),

        new("GET /field", Subject.Own, (_, _, _) => Get("/field"), Page(TerritorialOnly(Expect.Ok(), Expect.Redirected))),
        new("GET /field/report", Subject.Own, (_, _, _) => Get("/field/report"),
            Page(role => FieldRoles.Contains(role) ? Expect.Ok() : role == "department_staff" ? Expect.Redirected : Expect.Ok(403))),
        new("POST /field/report", Subject.Own, (w, r, _) => Post(w, r, "/field/report", Form(("description", "矩阵"))),
            Page(role => FieldRoles.Contains(role) ? Expect.Ok(400) : role == "department_staff" ? Expect.Redirected : Expect.Ok(403))),
        new("GET /field/cases", Subject.CaseList, (_, _, _) => Get("/field/cases?tab=all"),
            Page(TerritorialOnly(Expect.Ok(200, 200), Expect.Redirected))),
        new("GET /field/cases/{caseId:long}", Subject.Case, (_, _, c) => Get($"/field/cases/{c.Id}"),
            Page(TerritorialOnly(Expect.Ok(), Expect.Redirected))),
        new("POST /field/cases/{caseId:long}/resolve", Subject.Case,
            (w, r, c) => Post(w, r, $"/field/cases/{c.Id}/resolve", Form(("requestKey", Key()), ("note", "矩阵：未附照片"))),
            Page(role => role == "grid_worker" ? Expect.Ok(400) : role == "department_staff" ? Expect.Redirected : Expect.Ok(409))),
        // 住户名单 and 记录走访: the grid worker's grid, the 联户长's unit; other roles hold no one grid (403 page).
        new("GET /field/households", Subject.Own, (_, _, _) => Get("/field/households"),
            Page(role => FieldRoles.Contains(role) ? Expect.Ok() : role == "department_staff" ? Expect.Redirected : Expect.Ok(403))),
        new("POST /field/households/{code}/visit", Subject.Household,
            (w, r, h) => Post(w, r, $"/field/households/{h.Id}/visit", Form(("requestKey", Key()))),
            Page(role => FieldRoles.Contains(role) ? Expect.Ok(303) : role == "department_staff" ? Expect.Redirected : Expect.Ok(403, 403))),
        new("GET /field/work", Subject.Own, (_, _, _) => Get("/field/work"), Page(TerritorialOnly(Expect.Ok(), Expect.Redirected))),
        new("GET /field/notices", Subject.Own, (_, _, _) => Get("/field/notices"), Page(TerritorialOnly(Expect.Ok(), Expect.Redirected))),
        // 核实 from the field: the role table refuses the county admin and the 联户长 (403 on a case they may read), the state
        // (dispatched) refuses the others; outside the scope the case reads as missing.
        new("POST /field/cases/{caseId:long}/act", Subject.Case,
            (w, r, c) => Post(w, r, $"/field/cases/{c.Id}/act", Form(("action", "verify"), ("requestKey", Key()))),
            Page(role => role is "county_admin" or "link_leader" ? Expect.Ok(403) : role == "department_staff" ? Expect.Redirected : Expect.Ok(409))),

        // 查看/拨打: the full number to staff whose scope covers the case (audited); outside it reads as missing.
        new("POST /field/cases/{caseId:long}/phone", Subject.Case, (w, r, c) => Post(w, r, $"/field/cases/{c.Id}/phone", Form(("x", "矩阵"))),
            Page(TerritorialOnly(Expect.Ok(), Expect.Redirected))),

        new("GET /dispatch", Subject.Case, (_, _, c) => Get($"/dispatch?state=all&case={c.Id}"),
            Page(role => ConsoleRoles.Contains(role) ? Expect.Ok() : role == "department_staff" ? Expect.Redirected : Expect.Denied(403))),
        // The interactive console (issue 14): a routed Blazor page (GET and POST); other territorial roles get its refusal text.
        new("GET /dispatch/console", Subject.Own, (_, _, _) => Get("/dispatch/console"), Page(TerritorialOnly(Expect.Ok(), Expect.Redirected))),
        new("POST /dispatch/console", Subject.Own, (w, r, _) => Post(w, r, "/dispatch/console", Form(("x", "矩阵"))),
            Page(TerritorialOnly(Expect.Ok(400), Expect.Redirected))),
        // Paper (案卷, 督办单): scoped like the drawer; outside the scope the case reads as missing.
        new("GET /dispatch/cases/{caseId:long}/file", Subject.Case, (_, _, c) => Get($"/dispatch/cases/{c.Id}/file"),
            Page(role => ConsoleRoles.Contains(role) ? Expect.Ok() : role == "department_staff" ? Expect.Redirected : Expect.Denied(403))),
        new("GET /dispatch/cases/{caseId:long}/supervision-sheet", Subject.Case, (_, _, c) => Get($"/dispatch/cases/{c.Id}/supervision-sheet"),
            Page(role => ConsoleRoles.Contains(role) ? Expect.Ok() : role == "department_staff" ? Expect.Redirected : Expect.Denied(403))),
        new("POST /dispatch/cases/{caseId:long}/act", Subject.Case,
            (w, r, c) => Post(w, r, $"/dispatch/cases/{c.Id}/act?state=all", Form(("action", CaseActionOf(r.Role)), ("requestKey", Key()))),
            Page(role => ConsoleRoles.Contains(role) ? Expect.Ok(409) : role == "department_staff" ? Expect.Redirected : Expect.Denied(403))),
        new("POST /dispatch/cases/{caseId:long}/orders/{orderId:long}/act", Subject.Order,
            (w, r, o) => Post(w, r, $"/dispatch/cases/{o.CaseId}/orders/{o.Id}/act?state=all", Form(("action", "approve_extension"), ("requestKey", Key()))),
            Page(role => role == "township_dispatcher" ? Expect.Ok(409)
                : ConsoleRoles.Contains(role) ? Expect.Ok(403) : role == "department_staff" ? Expect.Redirected : Expect.Denied(403))),
        // 全部已读 on the server-rendered console: the caller's own notices (their territory's), 303 back to /dispatch.
        new("POST /dispatch/notices/read", Subject.Own, (w, r, _) => Post(w, r, "/dispatch/notices/read?state=all", Form(("x", "矩阵"))),
            Page(role => ConsoleRoles.Contains(role) ? Expect.Ok(303, 303) : role == "department_staff" ? Expect.Redirected : Expect.Denied(403))),

        // The desk (issue 14): intake for the township dispatcher and the county admin; merge and 转办 for the dispatcher;
        // batch actions for every console role, each case judged by its role and scope. A role refused outright gets a message
        // page (403), never the list beside it.
        new("GET /dispatch/intake", Subject.Own, (_, _, _) => Get("/dispatch/intake"),
            Page(role => role is "township_dispatcher" or "county_admin" ? Expect.Ok(200, 200)
                : role == "department_staff" ? Expect.Redirected : Expect.Denied(403))),
        new("POST /dispatch/intake", Subject.Own, (w, r, _) => Post(w, r, "/dispatch/intake", Form(("idempotencyKey", Key()), ("source", "phone"))),
            Page(role => role is "township_dispatcher" or "county_admin" ? Expect.Ok(400, 400)
                : role == "department_staff" ? Expect.Redirected : Expect.Denied(403))),
        new("GET /dispatch/intake/duplicates", Subject.Own, (_, _, _) => Get("/dispatch/intake/duplicates?category=E0401&lng=106.56&lat=24.35"),
            Page(role => ConsoleRoles.Contains(role) ? Expect.Ok(200, 200) : role == "department_staff" ? Expect.Redirected : Expect.Denied(403))),
        new("POST /dispatch/cases/{caseId:long}/merge", Subject.Case,
            (w, r, c) => Post(w, r, $"/dispatch/cases/{c.Id}/merge?state=all", Form(("requestKey", Key()))),
            Page(role => role == "township_dispatcher" ? Expect.Ok(400) : role == "department_staff" ? Expect.Redirected : Expect.Denied(403))),
        new("POST /dispatch/cases/{caseId:long}/transfer", Subject.Case,
            (w, r, c) => Post(w, r, $"/dispatch/cases/{c.Id}/transfer?state=all", Form(("requestKey", Key()), ("reason", "矩阵"))),
            Page(role => role == "township_dispatcher" ? Expect.Ok(400) : role == "department_staff" ? Expect.Redirected : Expect.Denied(403))),
        new("POST /dispatch/batch", Subject.Case,
            (w, r, c) => Post(w, r, "/dispatch/batch?state=all", Form(("requestKey", Key()), ("action", "verify"), ("caseIds", c.Id))),
            Page(role => role is "township_dispatcher" or "village_cadre" ? Expect.Ok(409)
                : role == "department_staff" ? Expect.Redirected : Expect.Denied(403))),

        new("GET /dispatch/feed/{eventId:long}", Subject.Case,
            async (w, _, c) => await Get($"/dispatch/feed/{await w.Database.ScalarAsync<long>("SELECT max(id) FROM outbox_event WHERE case_id = $1", long.Parse(c.Id, CultureInfo.InvariantCulture))}"),
            Page(role => ConsoleRoles.Contains(role) ? Expect.Ok() : role == "department_staff" ? Expect.Redirected : Expect.Denied(403))),
        new("GET /stats", Subject.Own, (_, _, _) => Get("/stats"), Page(_ => Expect.Ok())),
        new("POST /stats", Subject.Own, (w, r, _) => Post(w, r, "/stats", Form(("x", "矩阵"))), Page(_ => Expect.Ok(400))),
        // The 大屏 and the monthly report render for every staff member; whoever has no territory to rank gets a sentence
        // saying so, and the figures are the caller's own territory (StatsChartsQueryTests).
        new("GET /stats/screen", Subject.Own, (_, _, _) => Get("/stats/screen"), Page(_ => Expect.Ok())),
        new("POST /stats/screen", Subject.Own, (w, r, _) => Post(w, r, "/stats/screen", Form(("x", "矩阵"))), Page(_ => Expect.Ok(400))),
        new("GET /stats/report/{MonthKey}", Subject.Own, (_, _, _) => Get("/stats/report/2026-11"), Page(_ => Expect.Ok())),
        new("POST /stats/report/{MonthKey}", Subject.Own, (w, r, _) => Post(w, r, "/stats/report/2026-11", Form(("x", "矩阵"))),
            Page(_ => Expect.Ok(400))),
        new("GET /map/area", Subject.Own, (_, _, _) => Get("/map/area"), Page(TerritorialOnly(Expect.Ok(), Expect.Redirected))),
        new("POST /map/area", Subject.Own, (w, r, _) => Post(w, r, "/map/area", Form(("x", "矩阵"))),
            Page(TerritorialOnly(Expect.Ok(400), Expect.Redirected))),

        new("GET /inbox", Subject.OrderList, (_, _, _) => Get("/inbox?tab=all"),
            Page(role => role == "department_staff" ? Expect.Ok(200, 200) : Expect.Redirected)),
        new("GET /inbox/orders/{orderId:long}", Subject.Order, (_, _, o) => Get($"/inbox/orders/{o.Id}"),
            Page(role => role == "department_staff" ? Expect.Ok() : Expect.Redirected)),
        new("POST /inbox/orders/{orderId:long}/act", Subject.Order,
            (w, r, o) => Post(w, r, $"/inbox/orders/{o.Id}/act", Form(("action", "start"), ("requestKey", Key()))),
            Page(role => role == "department_staff" ? Expect.Ok(409) : Expect.Redirected)),
        new("POST /inbox/orders/{orderId:long}/whistle", Subject.Order,
            (w, r, o) => Post(w, r, $"/inbox/orders/{o.Id}/whistle", Form(("whistleKind", "矩阵"), ("requestKey", Key()))),
            Page(role => role == "department_staff" ? Expect.Ok(400) : Expect.Redirected)),
        // 派单到人 (a named colleague by a non-head: 403, on the order's page) and 转派 (an unknown unit: 400); 全部已读.
        new("POST /inbox/orders/{orderId:long}/assign", Subject.Order,
            (w, r, o) => Post(w, r, $"/inbox/orders/{o.Id}/assign", Form(("assignee", "-1"), ("requestKey", Key()))),
            Page(role => role == "department_staff" ? Expect.Ok(403) : Expect.Redirected)),
        new("POST /inbox/orders/{orderId:long}/reassign", Subject.Order,
            (w, r, o) => Post(w, r, $"/inbox/orders/{o.Id}/reassign", Form(("unit", "矩阵"), ("reason", "矩阵"), ("requestKey", Key()))),
            Page(role => role == "department_staff" ? Expect.Ok(400) : Expect.Redirected)),
        new("POST /inbox/notices/read", Subject.Own, (w, r, _) => Post(w, r, "/inbox/notices/read", Form(("x", "矩阵"))),
            Page(role => role == "department_staff" ? Expect.Ok(303, 303) : Expect.Redirected)),
        new("GET /inbox/orders/{orderId:long}/photos/{sha}", Subject.Order, (_, _, o) => Get($"/inbox/orders/{o.Id}/photos/{o.PhotoSha}"),
            Page(role => role == "department_staff" ? Expect.Ok() : Expect.Redirected)),

        // The county administration (/admin): interactive pages whose changes go through the circuit, not through posts; a post
        // without a form of theirs changes nothing. Accounts: the county admin and (their township's field staff) the township
        // dispatcher; the other sections: the county admin only.
        new("GET /admin", Subject.Own, (_, _, _) => Get("/admin"), Page(AccountAdmins(Expect.Ok()))),
        new("POST /admin", Subject.Own, (w, r, _) => Post(w, r, "/admin", Form(("x", "矩阵"))), Page(AccountAdmins(Expect.Ok(400)))),
        new("GET /admin/accounts", Subject.Own, (_, _, _) => Get("/admin/accounts"), Page(AccountAdmins(Expect.Ok()))),
        new("POST /admin/accounts", Subject.Own, (w, r, _) => Post(w, r, "/admin/accounts", Form(("x", "矩阵"))), Page(AccountAdmins(Expect.Ok(400)))),

        // 网格编辑 (/admin/grids): the county admin and the township dispatcher (their township's villages). The API asks about the
        // demo village (the dispatcher's own): its grids for both; an edit with no shape is refused as bad input (400) after the
        // role check, so the probe writes nothing.
        new("GET /admin/grids", Subject.Own, (_, _, _) => Get("/admin/grids"), Page(AccountAdmins(Expect.Ok()))),
        new("POST /admin/grids", Subject.Own, (w, r, _) => Post(w, r, "/admin/grids", Form(("x", "矩阵"))), Page(AccountAdmins(Expect.Ok(400)))),
        new("GET /api/admin/grids", Subject.Own, (_, _, _) => Get("/api/admin/grids?village=451027100001"),
            Api(role => role is "county_admin" or "township_dispatcher" ? Expect.Ok() : Expect.Forbidden)),
        new("POST /api/admin/grids/edits", Subject.Own,
            (w, r, _) => Post(w, r, "/api/admin/grids/edits", JsonContent.Create(new { action = "split", grid = "451027100001001", name = "矩阵" })),
            Api(role => role is "county_admin" or "township_dispatcher" ? Expect.Ok(400, 400) : Expect.Forbidden)),
        new("GET /admin/households", Subject.Own, (_, _, _) => Get("/admin/households"), Page(AccountAdmins(Expect.Ok()))),
        new("POST /admin/households", Subject.Own, (w, r, _) => Post(w, r, "/admin/households", Form(("x", "矩阵"))), Page(AccountAdmins(Expect.Ok(400)))),
        new("GET /admin/territory", Subject.Own, (_, _, _) => Get("/admin/territory"), Page(CountyAdmin(Expect.Ok()))),
        new("POST /admin/territory", Subject.Own, (w, r, _) => Post(w, r, "/admin/territory", Form(("x", "矩阵"))), Page(CountyAdmin(Expect.Ok(400)))),

        new("GET /admin/departments", Subject.Own, (_, _, _) => Get("/admin/departments"), Page(CountyAdmin(Expect.Ok()))),
        new("POST /admin/departments", Subject.Own, (w, r, _) => Post(w, r, "/admin/departments", Form(("x", "矩阵"))), Page(CountyAdmin(Expect.Ok(400)))),

        new("GET /admin/categories", Subject.Own, (_, _, _) => Get("/admin/categories"), Page(CountyAdmin(Expect.Ok()))),
        new("POST /admin/categories", Subject.Own, (w, r, _) => Post(w, r, "/admin/categories", Form(("x", "矩阵"))), Page(CountyAdmin(Expect.Ok(400)))),

        new("GET /admin/calendar", Subject.Own, (_, _, _) => Get("/admin/calendar"), Page(CountyAdmin(Expect.Ok()))),
        new("POST /admin/calendar", Subject.Own, (w, r, _) => Post(w, r, "/admin/calendar", Form(("x", "矩阵"))), Page(CountyAdmin(Expect.Ok(400)))),
        new("GET /admin/audit", Subject.Own, (_, _, _) => Get("/admin/audit"), Page(CountyAdmin(Expect.Ok()))),
        new("POST /admin/audit", Subject.Own, (w, r, _) => Post(w, r, "/admin/audit", Form(("x", "矩阵"))), Page(CountyAdmin(Expect.Ok(400)))),

        new("GET /account", Subject.Own, (_, _, _) => Get("/account"), Page(_ => Expect.Ok())),
        new("GET /account/password", Subject.Own, (_, _, _) => Get("/account/password"), Page(_ => Expect.Ok())),
        // The pages' own forms post back to them; a post without the form's fields changes nothing.
        new("POST /account", Subject.Own, (w, r, _) => Post(w, r, "/account", Form(("x", "矩阵"))), Page(_ => Expect.Ok(400))),
        new("POST /account/password", Subject.Own, (w, r, _) => Post(w, r, "/account/password", Form(("x", "矩阵"))), Page(_ => Expect.Ok(400))),
    ];

    /// <summary>
    /// Endpoints under a staff path that are public on purpose, each with why: they show nobody's data. Listed so that a new
    /// public endpoint under a staff path is a decision, not an accident.
    /// </summary>
    public static IReadOnlyDictionary<string, string> PublicOnPurpose { get; } = new Dictionary<string, string>
    {
        ["GET /account/denied"] = "the access-denied page: says only that the role may not open the page",
        ["POST /account/denied"] = "the same page's form post (it has no form of its own): shows no data",
    };

    /// <summary>
    /// Endpoints outside every staff path that are anonymous by design and answer only until the installation has its first
    /// county administrator: in the matrix's world (which has them) each must answer 404 to every caller, signed in or not.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AnonymousUntilSetUp { get; } = new Dictionary<string, string>
    {
        ["GET /setup"] = "first-run setup: creates the first county administrator with the start-up token, then closed for good",
        ["POST /setup"] = "the setup form's post: the same page, closed once a county administrator exists",
    };

    /// <summary>The resource of <paramref name="role"/> a probe asks about, inside (true) or outside its scope.</summary>
    public static Resource ResourceOf(Subject subject, RoleWorld role, bool inside) => subject switch
    {
        Subject.Case or Subject.CaseList or Subject.CaseFilter => inside ? role.CaseIn : role.CaseOut,
        Subject.Order or Subject.OrderList => inside ? role.OrderIn : role.OrderOut,
        Subject.Household or Subject.HouseholdList or Subject.HouseholdTile => inside ? role.HouseholdIn : role.HouseholdOut,
        Subject.ScopeCode => new Resource("scope", inside ? role.ScopeCode : role.OutsideScopeCode, []),
        _ => new Resource("own", "", []),
    };

    public static bool IsRedirectTo(HttpResponseMessage response, string path) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains(path, StringComparison.Ordinal) == true;
}
