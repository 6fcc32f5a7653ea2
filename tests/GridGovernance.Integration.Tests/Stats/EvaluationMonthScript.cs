using System.Net;
using System.Text.Json;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Field;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Stats;

/// <summary>
/// A month of the demo township built through the real actions (field report, console actions, inbox actions), every case in
/// 解放社区第1网格. What happens to each case:
/// A 微事 closed on the spot · B dispatched, closed, rated 满意/解决 · C dispatched to the police, returned, re-dispatched to
/// 城管, failed its check (返工), closed, rated 不满意/未解决 · D overdue, closed late, its order publicly criticised ·
/// E overdue, dispatched, never signed · F voided · G only reported · H handed to the village and resolved there.
/// </summary>
public sealed class EvaluationMonthScript(Func<StaffSession> newSession, TestDatabase database)
{
    public const string County = "451027";
    public const string Township = "451027100";
    public const string Village = "451027100001";
    public const string Grid = "451027100001001";
    public const string Chengguan = "451027-chengguan";
    public const string Police = "451027100-police";

    public Dictionary<char, long> Cases { get; } = [];

    public async Task RunAsync()
    {
        var lng = await database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        var lat = await database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", Grid);
        using var worker = await newSession().LoggedInAsync("gridworker");
        using var dispatcher = await newSession().LoggedInAsync("dispatcher");
        using var cadre = await newSession().LoggedInAsync("cadre");
        using var chengguan = await newSession().LoggedInAsync("dept-chengguan");
        using var police = await newSession().LoggedInAsync("dept-police");

        foreach (var letter in "ABCDEFGH")
            Cases[letter] = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
                FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), (lng, lat), category: "E0102", description: $"考核脚本 {letter}")));

        // A: 微事
        var page = await FieldForms.OpenAsync(worker, $"/field/cases/{Cases['A']}");
        (await worker.Client.PostAsync($"/field/cases/{Cases['A']}/resolve", FieldForms.Resolve(page))).StatusCode.ShouldBe(HttpStatusCode.SeeOther);

        async Task Case(char c, string action, object? extra = null) =>
            await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, Cases[c], action, extra));
        async Task Order(StaffSession unit, long order, params string[] actions)
        {
            foreach (var action in actions)
                await DispatchApi.StateOf(await DispatchApi.OrderAsync(unit, order, action, reason: action == "feedback" ? "已处理" : null,
                    photos: action == "feedback" ? 1 : 0));
        }
        Task<long> OrderOf(char c, string unit) => database.ScalarAsync<long>(
            "SELECT max(id) FROM work_order WHERE case_id = $1 AND unit_code = $2", Cases[c], unit);
        Task Overdue(char c) => database.ScalarAsync<long>(
            "UPDATE case_file SET deadline_at = now() - interval '1 minute' WHERE id = $1 RETURNING id", Cases[c]);

        // B: dispatched, closed on time, rated satisfied and solved
        await Case('B', "accept");
        await Case('B', "dispatch", new { units = new[] { Chengguan } });
        await Order(chengguan, await OrderOf('B', Chengguan), "sign", "start", "feedback");
        await Case('B', "check_pass");
        await Case('B', "revisit", new { rating = "satisfied", resolved = true });

        // C: returned by the police, re-dispatched, reworked once, closed, rated dissatisfied and unsolved
        await Case('C', "accept");
        await Case('C', "dispatch", new { units = new[] { Police } });
        (await DispatchApi.StateOf(await DispatchApi.OrderAsync(police, await OrderOf('C', Police), "return", reason: "不属于本单位职责"))).ShouldBe("returned");
        await Case('C', "dispatch", new { units = new[] { Chengguan } });
        await Order(chengguan, await OrderOf('C', Chengguan), "sign", "start", "feedback");
        await Case('C', "check_fail", new { reason = "垃圾未清运干净" });
        await Order(chengguan, await OrderOf('C', Chengguan), "feedback");
        await Case('C', "check_pass");
        await Case('C', "revisit", new { rating = "dissatisfied", resolved = false });

        // D: overdue before dispatch, closed late; its order publicly criticised (通报批评)
        await Case('D', "accept");
        await Overdue('D');
        await Case('D', "dispatch", new { units = new[] { Chengguan } });
        await Order(chengguan, await OrderOf('D', Chengguan), "sign", "start", "feedback");
        await Case('D', "check_pass");
        await database.ScalarAsync<long>(
            "INSERT INTO supervision (case_id, work_order_id, level, due_at) VALUES ($1, $2, 'public_criticism', now()) RETURNING id",
            Cases['D'], await OrderOf('D', Chengguan));

        // E: overdue, dispatched, never signed for
        await Case('E', "accept");
        await Overdue('E');
        await Case('E', "dispatch", new { units = new[] { Chengguan } });

        // F: voided; G: only reported
        await Case('F', "void", new { reason = "重复上报" });

        // H: 小事不出村
        await Case('H', "accept");
        await Case('H', "hand_to_village");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(cadre, Cases['H'], "village_resolve", new { reason = "村里已清理" }));
        await Case('H', "check_pass");
    }

    public static async Task<JsonElement> GetJsonAsync(StaffSession session, string path)
    {
        var response = await session.Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    public static JsonElement Row(JsonElement table, string code) =>
        table.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == code);

    public static string Text(JsonElement row, string indicator) =>
        row.GetProperty("values").GetProperty(indicator).GetProperty("text").GetString()!;
}
