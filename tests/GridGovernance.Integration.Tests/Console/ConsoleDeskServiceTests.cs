using GridGovernance.Domain.Cases;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Field;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Integration.Tests.Intake;
using GridGovernance.Web.Features.Dispatch;
using GridGovernance.Web.Features.Dispatch.Console;
using GridGovernance.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GridGovernance.Integration.Tests.Console;

/// <summary>
/// What the interactive console calls directly (no HTTP endpoint of its own): the batch service that POST /dispatch/batch calls
/// too, and the notices read without marking them, marked one by one or all at once (全部已读).
/// </summary>
public sealed class ConsoleDeskServiceTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private Task<CurrentStaff> StaffAsync(string username) => TestStaff.OfAsync(fixture.Database, username);

    [Fact]
    public async Task A_batch_lands_once_per_case_under_its_own_key_and_reports_each_refused_case_without_naming_one_outside_the_scope()
    {
        var batches = fixture.Factory.Services.GetRequiredService<CaseBatchService>();
        var actions = fixture.Factory.Services.GetRequiredService<CaseActionService>();
        var dispatcher = await StaffAsync("dispatcher");
        var fresh = new List<(long Id, string Number)>();
        for (var i = 0; i < 2; i++) fresh.Add(await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", $"批量服务测试第{i + 1}件"));
        var verified = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "批量服务测试：已核实");
        (await actions.ApplyAsync(dispatcher, verified.Id, new CaseCommand(CaseAction.Verify, DispatchApi.NewKey()), CancellationToken.None))
            .ShouldBeOfType<ActionOutcome.Done>();
        var foreign = await ConsoleSession.ReportAsync(fixture, await ConsoleSession.OtherTownshipGridAsync(fixture), "E0102", "批量服务测试：外镇");

        var key = DispatchApi.NewKey();
        long[] ids = [fresh[0].Id, verified.Id, fresh[1].Id, foreign.Id, fresh[0].Id];
        var result = await batches.ApplyAsync(dispatcher, CaseAction.Verify, ids, key, null, [], CancellationToken.None);
        result.Refusal.ShouldBeNull();
        result.Lines.Select(l => l.CaseId).ShouldBe([fresh[0].Id, verified.Id, fresh[1].Id, foreign.Id], "each case once, in the order ticked");
        result.Done.Select(l => l.CaseId).ShouldBe([fresh[0].Id, fresh[1].Id]);
        result.Lines[0].Result.ShouldBe("成功");
        result.Lines[1].Outcome.ShouldBeOfType<ActionOutcome.Refused>();
        result.Lines[1].Name.ShouldBe(verified.Number);
        result.Lines[1].Result.ShouldContain("案件处于“已核实”状态");
        result.Lines[3].Outcome.ShouldBeOfType<ActionOutcome.NotFound>();
        result.Lines[3].Name.ShouldBe($"编号 {foreign.Id}", "a case outside the scope is never named");
        result.Summary.ShouldBe($"批量核实：2 件已办理，2 件未办理——{verified.Number}：{result.Lines[1].Result}；编号 {foreign.Id}：不存在或不在您的管辖范围内。");
        result.Status.ShouldBe(200);
        // Each case under its own key, derived from the batch's.
        (await fixture.Database.ScalarAsync<string>("SELECT request_key FROM case_timeline WHERE case_id = $1 AND action = 'verify'", fresh[1].Id))
            .ShouldBe($"{key}-{fresh[1].Id}");

        // The same batch again (a double click, a retry): replayed, nothing lands twice.
        var again = await batches.ApplyAsync(dispatcher, CaseAction.Verify, ids, key, null, [], CancellationToken.None);
        again.Done.Select(l => l.CaseId).ShouldBe([fresh[0].Id, fresh[1].Id]);
        again.Done.ShouldAllBe(l => ((ActionOutcome.Done)l.Outcome).Replayed);
        foreach (var c in fresh)
            (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1 AND action = 'verify'", c.Id)).ShouldBe(1);

        // Refused as a whole, nothing run: another action, a role that may not, a key too long, an empty or too large selection.
        (await batches.ApplyAsync(dispatcher, CaseAction.Void, [fresh[0].Id], DispatchApi.NewKey(), "x", [], CancellationToken.None))
            .Refusal.ShouldBeOfType<ActionOutcome.Invalid>().Message.ShouldBe("批量操作只能是核实、受理立案或派遣。");
        (await batches.ApplyAsync(await StaffAsync("cadre"), CaseAction.Dispatch, [fresh[0].Id], DispatchApi.NewKey(), null, ["451027-chengguan"],
            CancellationToken.None)).Refusal.ShouldBeOfType<ActionOutcome.Forbidden>();
        (await batches.ApplyAsync(dispatcher, CaseAction.Accept, [fresh[0].Id], new string('k', CaseBatchService.MaxKeyLength + 1), null, [],
            CancellationToken.None)).Refusal.ShouldBeOfType<ActionOutcome.Invalid>().Message.ShouldBe(CaseActionService.BadKey);
        (await batches.ApplyAsync(dispatcher, CaseAction.Accept, [], DispatchApi.NewKey(), null, [], CancellationToken.None))
            .Refusal!.Problem.ShouldBe("请先勾选要批量处理的案件。");
        (await batches.ApplyAsync(dispatcher, CaseAction.Accept, Enumerable.Range(1, CaseBatchService.MaxCases + 1).Select(i => (long)i).ToList(),
            DispatchApi.NewKey(), null, [], CancellationToken.None)).Refusal!.Problem!.ShouldStartWith($"一次最多批量处理 {CaseBatchService.MaxCases} 件");
        (await fixture.Database.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", fresh[0].Id)).ShouldBe("verified");
    }

    [Fact]
    public async Task The_interactive_console_reads_notices_without_marking_them_and_marks_one_with_its_twins_or_all_read()
    {
        var dataSource = fixture.Database.DataSource;
        var dispatcher = await StaffAsync("dispatcher");
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        using var dispatcherSession = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        using var police = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        var returned = new List<long>();
        foreach (var reason in new[] { "不属公安职责（甲）", "不属公安职责（乙）" })
        {
            var caseId = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
                FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), fixture.Inside, category: "E0102", description: "通知测试：" + reason)));
            await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcherSession, caseId, "accept"));
            await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcherSession, caseId, "dispatch", new { units = new[] { "451027100-police" } }));
            var order = await fixture.Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1", caseId);
            await DispatchApi.StateOf(await DispatchApi.OrderAsync(police, order, "return", reason: reason));
            returned.Add(caseId);
        }

        // Read live, twice: both unread both times, each once.
        for (var read = 0; read < 2; read++)
        {
            var notices = await ConsoleNotices.LatestAsync(dataSource, dispatcher, markShown: false, CancellationToken.None);
            foreach (var caseId in returned)
                notices.Where(n => n.CaseId == caseId && n.Message.Contains("退单：")).ShouldHaveSingleItem().Unread.ShouldBeTrue();
        }

        // Opening one marks it (and its twin to another level of the territory, if any) read; the other stays unread.
        var first = (await ConsoleNotices.LatestAsync(dataSource, dispatcher, markShown: false, CancellationToken.None))
            .First(n => n.CaseId == returned[0] && n.Message.Contains("退单："));
        await ConsoleNotices.MarkReadAsync(dataSource, dispatcher, first.Id, CancellationToken.None);
        var after = await ConsoleNotices.LatestAsync(dataSource, dispatcher, markShown: false, CancellationToken.None);
        after.Single(n => n.Id == first.Id).Unread.ShouldBeFalse();
        after.Single(n => n.CaseId == returned[1] && n.Message.Contains("退单：")).Unread.ShouldBeTrue();
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notification WHERE case_id = $1 AND kind = (SELECT kind FROM notification WHERE id = $2) AND read_at IS NULL " +
            "AND recipient_scope ~ '^[0-9]+$'", returned[0], first.Id)).ShouldBe(0);

        // 全部已读: every notice of the dispatcher's territory, also those beyond the 20 shown; a unit's own notices are not theirs.
        var unitUnread = await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notification WHERE recipient_scope = '451027100-police' AND read_at IS NULL");
        await ConsoleNotices.MarkReadAsync(dataSource, dispatcher, null, CancellationToken.None);
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notification WHERE recipient_scope ~ '^[0-9]+$' AND starts_with(recipient_scope, '451027100') AND read_at IS NULL"))
            .ShouldBe(0);
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notification WHERE recipient_scope = '451027100-police' AND read_at IS NULL")).ShouldBe(unitUnread);
        (await ConsoleNotices.LatestAsync(dataSource, dispatcher, markShown: false, CancellationToken.None)).ShouldAllBe(n => !n.Unread);
    }
}
