using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Console;

/// <summary>
/// The dispatcher's desk (issue 14): a phone call and a 12345 ticket become cases, duplicates are merged into one case whose
/// progress their reporters then follow, a case is passed to another township of the county (转办), and 核实/立案/派遣 run over
/// several selected cases at once — each landing once, a refused one reported by its number.
/// </summary>
public sealed partial class DeskTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)""")]
    private static partial Regex TokenPattern();

    private static async Task<string> TokenOnAsync(StaffSession session, string path)
    {
        var page = await session.Client.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html).Groups[1].Value;
        token.ShouldNotBeEmpty($"{path} 应带防伪令牌");
        return WebUtility.HtmlDecode(token);
    }

    private static async Task<HttpResponseMessage> PostAsync(StaffSession session, string tokenFrom, string path, params (string Name, string Value)[] fields)
    {
        var form = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", await TokenOnAsync(session, tokenFrom)) };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await session.Client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private Task<HttpResponseMessage> IntakeAsync(StaffSession dispatcher, string source, string? ticket = null, string? key = null,
        string description = "来电反映：解放路口下水道井盖缺失，夜间有人踩空", string category = "C0101") =>
        PostAsync(dispatcher, "/dispatch/intake", "/dispatch/intake",
            ("idempotencyKey", key ?? DispatchApi.NewKey()), ("source", source), ("ticket", ticket ?? ""), ("phone", "13812345678"),
            ("requestType", "report"), ("category", category), ("lng", Invariant(fixture.Inside.Lng)), ("lat", Invariant(fixture.Inside.Lat)),
            ("description", description));

    private static long CaseIdOf(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var location = response.Headers.Location!.OriginalString;
        location.ShouldContain("done=intake");
        return long.Parse(Regex.Match(location, "case=([0-9]+)").Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_phone_call_and_a_12345_ticket_become_cases_with_their_source_ticket_and_caller_and_a_ticket_is_filed_once()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        (await (await dispatcher.Client.GetAsync("/dispatch")).Content.ReadAsStringAsync()).ShouldContain("data-intake-link");
        var form = await dispatcher.Client.GetAsync("/dispatch/intake");
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await form.Content.ReadAsStringAsync()).ShouldContain("12345 工单号");

        var call = CaseIdOf(await IntakeAsync(dispatcher, "phone"));
        (await fixture.Database.ScalarAsync<string>("SELECT source || '|' || state || '|' || grid_code FROM case_file WHERE id = $1", call))
            .ShouldBe($"phone|reported|{fixture.GridCode}");
        (await fixture.Database.ScalarAsync<bool>("SELECT reporter_phone_encrypted IS NOT NULL FROM case_file WHERE id = $1", call)).ShouldBeTrue();
        (await fixture.Database.ScalarAsync<string>("SELECT note FROM case_timeline WHERE case_id = $1 AND action = 'report'", call)).ShouldBe("电话");
        var drawer = await (await dispatcher.Client.GetAsync($"/dispatch?case={call}&done=intake")).Content.ReadAsStringAsync();
        drawer.ShouldContain("已受理登记。");
        drawer.ShouldContain("138****5678"); // the caller's number, masked like every reporter's

        // 12345 without its ticket number: refused in Chinese, nothing filed.
        var before = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file");
        var missing = await IntakeAsync(dispatcher, "hotline");
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await missing.Content.ReadAsStringAsync()).ShouldContain("12345 转办须填写工单号。");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file")).ShouldBe(before);

        var ticket = "GX" + DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)[^10..];
        var hotline = CaseIdOf(await IntakeAsync(dispatcher, "hotline", ticket, description: "12345 转来：解放路口下水道井盖缺失"));
        (await fixture.Database.ScalarAsync<string>("SELECT source || '|' || external_ticket FROM case_file WHERE id = $1", hotline))
            .ShouldBe($"hotline|{ticket}");
        (await fixture.Database.ScalarAsync<string>("SELECT note FROM case_timeline WHERE case_id = $1 AND action = 'report'", hotline))
            .ShouldBe($"12345 热线（工单号 {ticket}）");
        var number = await fixture.Database.ScalarAsync<string>("SELECT number FROM case_file WHERE id = $1", hotline);
        var again = await IntakeAsync(dispatcher, "hotline", ticket, description: "同一工单再次登记");
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()).ShouldContain($"该 12345 工单已受理为案件 {number}");

        // While typing, the same 小类 at the same place shows both as possible duplicates.
        var hints = await (await dispatcher.Client.GetAsync(
            $"/dispatch/intake/duplicates?category=C0101&lng={Invariant(fixture.Inside.Lng)}&lat={Invariant(fixture.Inside.Lat)}")).Content.ReadAsStringAsync();
        hints.ShouldContain($"data-duplicate-number=\"{number}\"");
        (await dispatcher.Client.GetAsync("/dispatch/intake/duplicates?category=x&lng=1&lat=2")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // The same form posted twice (a double click) files one case.
        var key = DispatchApi.NewKey();
        var first = CaseIdOf(await IntakeAsync(dispatcher, "phone", key: key, description: "来电：路灯不亮已三天"));
        CaseIdOf(await IntakeAsync(dispatcher, "phone", key: key, description: "来电：路灯不亮已三天")).ShouldBe(first);

        // A village cadre takes no calls at the desk.
        using var cadre = await StaffSession.Start(fixture.Factory).LoggedInAsync("cadre");
        (await cadre.Client.GetAsync("/dispatch/intake")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Merged_duplicates_close_as_merged_and_their_reporters_follow_the_surviving_case()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var reports = new List<(long Id, string Number, string Tracking)>();
        for (var i = 0; i < 3; i++)
        {
            using var resident = fixture.NewClient();
            var page = await ResidentForm.OpenAsync(resident, ConsoleSession.OwnGrid);
            var answer = await resident.PostAsync($"/g/{ConsoleSession.OwnGrid}", ResidentForm.Content(page, $"第{i + 1}位邻居：河边路灯整晚不亮", "C0102"));
            var html = await answer.Content.ReadAsStringAsync();
            var id = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", page.IdempotencyKey);
            reports.Add((id, ResidentForm.NumberIn(html)!, ResidentForm.TrackingPathIn(html)!));
        }
        var survivor = reports[0];
        var openBefore = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE state IN ('reported', 'verified', 'accepted')");
        var key = DispatchApi.NewKey();
        var merged = await PostAsync(dispatcher, $"/dispatch?case={survivor.Id}", $"/dispatch/cases/{survivor.Id}/merge",
            ("requestKey", key), ("duplicates", reports[1].Id.ToString(CultureInfo.InvariantCulture)), ("duplicates", reports[2].Id.ToString(CultureInfo.InvariantCulture)));
        merged.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        merged.Headers.Location!.OriginalString.ShouldContain("done=merge");
        foreach (var dup in reports.Skip(1))
            (await fixture.Database.ScalarAsync<string>("SELECT state || '|' || closure_type || '|' || merged_into_case_id FROM case_file WHERE id = $1", dup.Id))
                .ShouldBe($"closed|merged|{survivor.Id}");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE state IN ('reported', 'verified', 'accepted')"))
            .ShouldBe(openBefore - 2, "两件被合并的案件不再计入未结");
        (await fixture.Database.ScalarAsync<string>("SELECT note FROM case_timeline WHERE case_id = $1 AND action = 'merge'", survivor.Id))
            .ShouldContain($"合并重复案件 {reports[1].Number}、{reports[2].Number}（共 2 件");

        // The same form again lands once.
        (await PostAsync(dispatcher, $"/dispatch?case={survivor.Id}", $"/dispatch/cases/{survivor.Id}/merge",
            ("requestKey", key), ("duplicates", reports[1].Id.ToString(CultureInfo.InvariantCulture)))).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1 AND action = 'merge'", survivor.Id)).ShouldBe(1);

        // The merged reporters' links show the surviving case and follow it as it moves on.
        using var neighbour = fixture.NewClient();
        var tracked = await (await neighbour.GetAsync(reports[2].Tracking)).Content.ReadAsStringAsync();
        ResidentForm.NumberIn(tracked).ShouldBe(survivor.Number);
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, survivor.Id, "verify"));
        (await (await neighbour.GetAsync(reports[2].Tracking)).Content.ReadAsStringAsync()).ShouldContain("已核实");

        // A case already with a unit is not merged away.
        var busy = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "C0102", "另一处路灯不亮");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, busy.Id, "verify"));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, busy.Id, "accept"));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, busy.Id, "dispatch", new { units = new[] { "451027-chengguan" } }));
        var refused = await PostAsync(dispatcher, $"/dispatch?case={survivor.Id}", $"/dispatch/cases/{survivor.Id}/merge",
            ("requestKey", DispatchApi.NewKey()), ("duplicates", busy.Id.ToString(CultureInfo.InvariantCulture)));
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var refusal = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        refusal.ShouldContain($"案件 {busy.Number} 处于“");
        refusal.ShouldContain("状态，不能合并或转办。");
    }

    [Fact]
    public async Task A_case_is_passed_to_another_township_of_the_county_and_never_outside_it()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var report = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "镇界处垃圾堆放，实属邻镇辖区");
        var target = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM township WHERE county_code = '451027' AND code <> '451027100' ORDER BY code LIMIT 1");
        var drawer = await (await dispatcher.Client.GetAsync($"/dispatch?case={report.Id}")).Content.ReadAsStringAsync();
        drawer.ShouldContain($"<option value=\"{target}\"");

        // Outside the county: refused, nothing moves.
        var foreign = await PostAsync(dispatcher, $"/dispatch?case={report.Id}", $"/dispatch/cases/{report.Id}/transfer",
            ("requestKey", DispatchApi.NewKey()), ("township", "451099100"), ("reason", "属外县"));
        foreign.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await foreign.Content.ReadAsStringAsync()).ShouldContain("只能转办至本县（区）的其他乡镇（街道）。");
        (await fixture.Database.ScalarAsync<string>("SELECT township_code FROM case_file WHERE id = $1", report.Id)).ShouldBe("451027100");

        var moved = await PostAsync(dispatcher, $"/dispatch?case={report.Id}", $"/dispatch/cases/{report.Id}/transfer",
            ("requestKey", DispatchApi.NewKey()), ("township", target), ("reason", "经核实位于邻镇辖区"));
        moved.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        moved.Headers.Location!.OriginalString.ShouldContain("done=transfer");
        (await fixture.Database.ScalarAsync<bool>(
            "SELECT township_code = $2 AND starts_with(village_code, $2) AND starts_with(grid_code, village_code) FROM case_file WHERE id = $1",
            report.Id, target)).ShouldBeTrue();
        (await fixture.Database.ScalarAsync<string>("SELECT message FROM notification WHERE case_id = $1 AND kind = 'transfer'", report.Id))
            .ShouldContain("转办至本乡镇：经核实位于邻镇辖区");
        // Theirs now: the other township's dispatcher opens it, ours no longer does.
        using var theirs = await StaffSession.Start(fixture.Factory).LoggedInAsync(await ConsoleSession.AddTownshipDispatcherAsync(fixture, target));
        (await theirs.Client.GetAsync($"/dispatch?case={report.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await dispatcher.Client.GetAsync($"/dispatch?case={report.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // …and cannot pass it back from outside its scope.
        (await PostAsync(dispatcher, "/dispatch", $"/dispatch/cases/{report.Id}/transfer",
            ("requestKey", DispatchApi.NewKey()), ("township", "451027100"), ("reason", "退回"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_batch_verifies_several_cases_once_each_and_reports_the_refused_one_by_number()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var fresh = new List<(long Id, string Number)>();
        for (var i = 0; i < 3; i++) fresh.Add(await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", $"批量核实测试第{i + 1}件"));
        var done = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "已核实过的一件");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, done.Id, "verify"));
        var list = await (await dispatcher.Client.GetAsync("/dispatch")).Content.ReadAsStringAsync();
        list.ShouldContain("data-batch-form");
        list.ShouldContain($"name=\"caseIds\" value=\"{fresh[0].Id}\"");

        var key = DispatchApi.NewKey();
        var fields = new List<(string, string)> { ("requestKey", key), ("action", "verify") };
        fields.AddRange(fresh.Append(done).Select(c => ("caseIds", c.Id.ToString(CultureInfo.InvariantCulture))));
        var batch = await PostAsync(dispatcher, "/dispatch", "/dispatch/batch", [.. fields]);
        batch.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await batch.Content.ReadAsStringAsync());
        html.ShouldContain("批量核实：3 件已办理，1 件未办理");
        html.ShouldContain($"{done.Number}：案件处于“已核实”状态");
        foreach (var c in fresh)
            (await fixture.Database.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", c.Id)).ShouldBe("verified");

        // Sent again (a reload of the POST): each case lands once.
        (await PostAsync(dispatcher, "/dispatch", "/dispatch/batch", [.. fields])).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var c in fresh)
            (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1 AND action = 'verify'", c.Id)).ShouldBe(1);

        // 立案 then 派遣 for the same three, through the batch as well.
        var accept = new List<(string, string)> { ("requestKey", DispatchApi.NewKey()), ("action", "accept") };
        accept.AddRange(fresh.Select(c => ("caseIds", c.Id.ToString(CultureInfo.InvariantCulture))));
        (await PostAsync(dispatcher, "/dispatch", "/dispatch/batch", [.. accept])).StatusCode.ShouldBe(HttpStatusCode.OK);
        var dispatch = new List<(string, string)> { ("requestKey", DispatchApi.NewKey()), ("action", "dispatch"), ("units", "451027-chengguan") };
        dispatch.AddRange(fresh.Select(c => ("caseIds", c.Id.ToString(CultureInfo.InvariantCulture))));
        (await PostAsync(dispatcher, "/dispatch", "/dispatch/batch", [.. dispatch])).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var c in fresh)
            (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM work_order WHERE case_id = $1 AND unit_code = '451027-chengguan'", c.Id)).ShouldBe(1);

        // Only the three batch actions; a case outside the scope is reported as not found, never named.
        (await PostAsync(dispatcher, "/dispatch", "/dispatch/batch", ("requestKey", DispatchApi.NewKey()), ("action", "void"), ("caseIds", "1")))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
