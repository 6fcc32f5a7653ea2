using System.Net;
using System.Text.Json;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Console;

/// <summary>
/// The live console map's reads: GET /api/staff/dispatch/grids (each grid's open and overdue cases, for the choropleth) and the
/// markers API's caseId filter (one case's marker after its event). Both keep the console's scope.
/// </summary>
public sealed class ConsoleLiveEndpointsTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private static async Task<JsonElement> JsonAsync(StaffSession session, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await session.Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, $"{path}: {text[..Math.Min(text.Length, 400)]}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    private static Dictionary<string, (int Open, int Overdue)> Counts(JsonElement collection) =>
        collection.GetProperty("features").EnumerateArray().ToDictionary(
            f => f.GetProperty("properties").GetProperty("code").GetString()!,
            f => (f.GetProperty("properties").GetProperty("open").GetInt32(), f.GetProperty("properties").GetProperty("overdue").GetInt32()));

    /// <summary>A second township dispatcher, of the first township in the county that is not 泗城镇.</summary>
    private async Task<(string Username, string Township)> OtherTownshipDispatcherAsync()
    {
        var township = await fixture.Database.ScalarAsync<string>("SELECT code FROM township WHERE code <> '451027100' ORDER BY code LIMIT 1");
        var username = await ConsoleSession.AddTownshipDispatcherAsync(fixture, township);
        return (username, township);
    }

    [Fact]
    public async Task The_grids_of_the_township_carry_their_open_and_overdue_counts_and_another_township_gets_none_of_them()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var before = Counts(await JsonAsync(dispatcher, "/api/staff/dispatch/grids"));
        before.Keys.ShouldAllBe(code => code.StartsWith("451027100", StringComparison.Ordinal));
        before.Count.ShouldBe(await fixture.Database.ScalarAsync<int>("SELECT count(*)::int FROM grid WHERE starts_with(code, '451027100')"));

        // Two new cases in one grid; one of them filed and overdue.
        var first = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid);
        var second = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "C0101", "井盖缺失，路口有坑");
        (await ConsoleSession.ActAsync(dispatcher, second.Id, "verify")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await ConsoleSession.ActAsync(dispatcher, second.Id, "accept")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        await fixture.Database.ScalarAsync<int>("WITH u AS (UPDATE case_file SET deadline_at = now() - interval '1 hour' WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", second.Id);

        var after = Counts(await JsonAsync(dispatcher, "/api/staff/dispatch/grids"));
        after[ConsoleSession.OwnGrid].Open.ShouldBe(before[ConsoleSession.OwnGrid].Open + 2);
        after[ConsoleSession.OwnGrid].Overdue.ShouldBe(before[ConsoleSession.OwnGrid].Overdue + 1);
        // Narrowed to a village: only its grids; a closed case (voided) no longer counts.
        (await ConsoleSession.ActAsync(dispatcher, first.Id, "void", null, ("reason", "重复上报"))).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var village = await JsonAsync(dispatcher, $"/api/staff/dispatch/grids?area={ConsoleSession.OwnVillage}");
        Counts(village).Keys.ShouldAllBe(code => code.StartsWith(ConsoleSession.OwnVillage, StringComparison.Ordinal));
        Counts(village)[ConsoleSession.OwnGrid].Open.ShouldBe(before[ConsoleSession.OwnGrid].Open + 1);
        var geometry = village.GetProperty("features")[0].GetProperty("geometry");
        geometry.GetProperty("type").GetString().ShouldBe("MultiPolygon");
        // WGS-84 degrees (from the 3857 low-zoom copy), inside 广西.
        var lng = geometry.GetProperty("coordinates")[0][0][0][0].GetDouble();
        lng.ShouldBeInRange(104.0, 112.0);

        // Another township's dispatcher sees its own grids only and is refused 泗城镇's.
        var (other, otherTownship) = await OtherTownshipDispatcherAsync();
        using var otherSession = await StaffSession.Start(fixture.Factory).LoggedInAsync(other);
        var own = Counts(await JsonAsync(otherSession, "/api/staff/dispatch/grids"));
        own.ShouldNotBeEmpty();
        own.Keys.ShouldAllBe(code => code.StartsWith(otherTownship, StringComparison.Ordinal));
        own.ContainsKey(ConsoleSession.OwnGrid).ShouldBeFalse();
        var refused = await JsonAsync(otherSession, "/api/staff/dispatch/grids?area=451027100", HttpStatusCode.BadRequest);
        refused.GetProperty("detail").GetString()!.ShouldContain("不在您的管辖范围内");

        // The county admin may look at 泗城镇.
        using var admin = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        Counts(await JsonAsync(admin, "/api/staff/dispatch/grids?area=451027100")).Count.ShouldBe(before.Count);
    }

    [Theory]
    [InlineData("?area=abc")]
    [InlineData("?area=4510271000010019999")]
    [InlineData("?area=451028")]
    public async Task A_bad_area_is_a_400_problem_in_chinese(string query)
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var response = await dispatcher.Client.GetAsync("/api/staff/dispatch/grids" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("区域编码");
    }

    [Fact]
    public async Task Grid_workers_and_departments_have_no_console_grids()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        (await worker.Client.GetAsync("/api/staff/dispatch/grids")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var police = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        (await police.Client.GetAsync("/api/staff/dispatch/grids")).StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_markers_caseId_filter_gives_that_one_case_with_its_urgency_within_scope_and_filters_only()
    {
        var burst = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0401", "自来水管爆裂，路面积水");
        var garbage = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "垃圾没人清运");
        var elsewhere = await ConsoleSession.ReportAsync(fixture, await ConsoleSession.OtherTownshipGridAsync(fixture));
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");

        var one = (await JsonAsync(dispatcher, $"/api/staff/dispatch/markers?caseId={burst.Id}")).GetProperty("features");
        one.GetArrayLength().ShouldBe(1);
        one[0].GetProperty("properties").GetProperty("id").GetInt64().ShouldBe(burst.Id);
        one[0].GetProperty("properties").GetProperty("urgent").GetBoolean().ShouldBeTrue();
        (await JsonAsync(dispatcher, $"/api/staff/dispatch/markers?caseId={garbage.Id}")).GetProperty("features")[0]
            .GetProperty("properties").GetProperty("urgent").GetBoolean().ShouldBeFalse();

        // The page's filters still apply (a 井盖 filter drops the burst pipe), and so does the scope.
        (await JsonAsync(dispatcher, $"/api/staff/dispatch/markers?category=C0101&caseId={burst.Id}")).GetProperty("features").GetArrayLength().ShouldBe(0);
        (await JsonAsync(dispatcher, $"/api/staff/dispatch/markers?caseId={elsewhere.Id}")).GetProperty("features").GetArrayLength().ShouldBe(0);

        // An 应急哨 makes an ordinary case urgent.
        (await ConsoleSession.ActAsync(dispatcher, garbage.Id, "verify")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await ConsoleSession.ActAsync(dispatcher, garbage.Id, "accept")).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await ConsoleSession.ActAsync(dispatcher, garbage.Id, "whistle", null, ("whistleKind", "emergency"), ("units", "451027100-police")))
            .StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await JsonAsync(dispatcher, $"/api/staff/dispatch/markers?caseId={garbage.Id}")).GetProperty("features")[0]
            .GetProperty("properties").GetProperty("urgent").GetBoolean().ShouldBeTrue();

        foreach (var bad in new[] { "abc", "0", "-3", "1.5" })
        {
            var response = await dispatcher.Client.GetAsync($"/api/staff/dispatch/markers?caseId={bad}");
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, bad);
            (await response.Content.ReadAsStringAsync()).ShouldContain("案件编号");
        }
    }

    private static long LiveAfter(string html) =>
        long.Parse(System.Text.RegularExpressions.Regex.Match(html, "data-live-after=\"([0-9]+)\"").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Every_live_page_renders_where_its_client_starts_and_what_it_follows()
    {
        // A resident's report through the API: its tracking link, and a newest event the pages must start from.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { gridCode = ConsoleSession.OwnGrid, requestType = "complaint", category = "E0102", description = "路口垃圾没人清运" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var resident = fixture.NewClient();
        var created = await resident.SendAsync(request);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var tracking = new Uri(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("trackingUrl").GetString()!).AbsolutePath;
        var newest = await fixture.Database.ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM outbox_event");
        newest.ShouldBeGreaterThan(0);

        async Task<string> PageAsync(string username, string path)
        {
            using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync(username);
            var response = await session.Client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            return await response.Content.ReadAsStringAsync();
        }
        foreach (var (username, path, scope) in new[]
                 {
                     ("dispatcher", "/dispatch", "451027100"), ("admin", "/dispatch", "451027"), ("dept-police", "/inbox", "451027100-police"),
                     ("gridworker", "/field/cases", ConsoleSession.OwnGrid),
                 })
        {
            var html = await PageAsync(username, path);
            LiveAfter(html).ShouldBeGreaterThanOrEqualTo(newest, path);
            html.ShouldContain($"data-live-scope=\"{scope}\"", customMessage: $"{username} {path}");
            html.ShouldContain("data-live-state");
            html.ShouldContain("data-live-fragment");
        }
        var trackingHtml = await (await resident.GetAsync(tracking)).Content.ReadAsStringAsync();
        LiveAfter(trackingHtml).ShouldBeGreaterThanOrEqualTo(newest);
        trackingHtml.ShouldContain($"data-live-token=\"{tracking["/t/".Length..]}\"");
        trackingHtml.ShouldContain("data-live-fragment=\"case\"");
    }

    [Fact]
    public async Task A_live_events_feed_line_is_rendered_by_the_server_like_the_pages_own_lines_and_outside_the_scope_it_is_404()
    {
        var own = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid);
        var elsewhere = await ConsoleSession.ReportAsync(fixture, await ConsoleSession.OtherTownshipGridAsync(fixture));
        var ownEvent = await fixture.Database.ScalarAsync<long>("SELECT id FROM outbox_event WHERE case_id = $1 AND type = 'case.report'", own.Id);
        var otherEvent = await fixture.Database.ScalarAsync<long>("SELECT id FROM outbox_event WHERE case_id = $1 AND type = 'case.report'", elsewhere.Id);
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");

        // The line keeps the page's filters in its link, as the seeded lines do.
        var response = await dispatcher.Client.GetAsync($"/dispatch/feed/{ownEvent}?state=all");
        var line = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, line);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        line.ShouldMatch($"^<li data-feed-event=\"{ownEvent}\" data-feed-case=\"{own.Id}\"><time datetime=\"[^\"]+\">\\d\\d:\\d\\d:\\d\\d</time> "
            + $"<a href=\"/dispatch\\?state=all&amp;case={own.Id}\" data-feed-number=\"{own.Number}\">{own.Number}</a> <span>上报问题 → 已上报</span></li>$");

        // Another township's event, an unknown one, and a role without the console: nothing to read.
        (await dispatcher.Client.GetAsync($"/dispatch/feed/{otherEvent}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await dispatcher.Client.GetAsync($"/dispatch/feed/{long.MaxValue}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        (await worker.Client.GetAsync($"/dispatch/feed/{ownEvent}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
