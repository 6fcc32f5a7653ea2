using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Field;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Dispatch;

/// <summary>Whistles with several units: returns, extensions, late arrivals, a department joining others, and a direct dispatch to closure.</summary>
public sealed class WhistleLifecycleTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private const string Chengguan = "451027-chengguan";
    private const string Police = "451027100-police";
    private const string Water = "451027-water";

    private async Task<long> AcceptedCaseAsync(StaffSession dispatcher, string category = "E0401")
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var caseId = FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), fixture.Inside, category: category, description: "路口供水管道破裂，水漫路面")));
        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "accept"))).ShouldBe("accepted");
        return caseId;
    }

    private Task<long> OrderOfAsync(long caseId, string unit) =>
        fixture.Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1 AND unit_code = $2 ORDER BY id DESC LIMIT 1", caseId, unit);

    [Fact]
    public async Task An_emergency_whistle_to_three_units_survives_a_return_an_extension_and_a_late_arrival_and_closes()
    {
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM department_unit WHERE code = $1", Water)).ShouldBe(1, "演示县应有供水公司单位");
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var caseId = await AcceptedCaseAsync(dispatcher);
        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "whistle",
            new { units = new[] { Water, Chengguan, Police }, whistleKind = "emergency" }))).ShouldBe("dispatched");

        // 公安 returns it: not theirs.
        using var police = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        (await DispatchApi.StateOf(await DispatchApi.OrderAsync(police, await OrderOfAsync(caseId, Police), "return", reason: "管道抢修非公安职责"))).ShouldBe("returned");
        (await fixture.Database.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", caseId)).ShouldBe("dispatched");

        // 城管 signs, arrives in time, asks for more time, and the dispatcher refuses it.
        using var chengguan = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-chengguan");
        var cgOrder = await OrderOfAsync(caseId, Chengguan);
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(chengguan, cgOrder, "sign"));
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(chengguan, cgOrder, "arrive", position: fixture.Inside));
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(chengguan, cgOrder, "start"));
        var deadline = new DateTimeOffset(await fixture.Database.ScalarAsync<DateTime>("SELECT deadline_at FROM work_order WHERE id = $1", cgOrder), TimeSpan.Zero);
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(chengguan, cgOrder, "request_extension", reason: "需等待供水公司关阀", until: deadline.AddHours(4)));
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(dispatcher, cgOrder, "refuse_extension", reason: "应急处置不予延期"));
        (await fixture.Database.ScalarAsync<string>("SELECT extension_status || '|' || (deadline_at = $2) FROM work_order WHERE id = $1", cgOrder, deadline.UtcDateTime))
            .ShouldBe("refused|true");

        // 供水 arrives 12 minutes and a moment after the whistle's 30-minute limit: recorded as late, once (a started minute
        // counts: 13).
        using var waterStaff = await WaterStaffAsync();
        var waterOrder = await OrderOfAsync(caseId, Water);
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(waterStaff, waterOrder, "sign"));
        await fixture.Database.ScalarAsync<int>(
            "UPDATE work_order SET arrival_deadline_at = now() - interval '12 minutes' WHERE id = $1 RETURNING 1", waterOrder);
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(waterStaff, waterOrder, "arrive", position: fixture.Inside));
        (await fixture.Database.ScalarAsync<string>(
            "SELECT note FROM case_timeline WHERE work_order_id = $1 AND action = 'arrive'", waterOrder)).ShouldContain("迟到 13 分钟");
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM supervision WHERE work_order_id = $1 AND level = 'late_arrival'", waterOrder)).ShouldBe(1);

        foreach (var (session, order) in new[] { (waterStaff, waterOrder), (chengguan, cgOrder) })
        {
            if (order == waterOrder) await DispatchApi.StateOf(await DispatchApi.OrderAsync(session, order, "start"));
            await DispatchApi.StateOf(await DispatchApi.OrderAsync(session, order, "feedback", reason: "管道已修复，路面积水排净", photos: 1));
        }
        (await fixture.Database.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", caseId)).ShouldBe("pending_check");
        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "check_pass", new { closureType = "normal" }))).ShouldBe("closed");
    }

    [Fact]
    public async Task A_direct_dispatch_closes_and_a_department_on_the_job_may_whistle_another()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var caseId = await AcceptedCaseAsync(dispatcher, "E0502");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "dispatch", new { units = new[] { Police } }));
        using var police = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        var order = await OrderOfAsync(caseId, Police);
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(police, order, "sign"));

        // 部门也可吹哨: the police call 城管 in for joint work on their case.
        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(police, caseId, "whistle", new { units = new[] { Chengguan }, whistleKind = "routine" })))
            .ShouldBe("dispatched");
        var joint = await OrderOfAsync(caseId, Chengguan);
        (await fixture.Database.ScalarAsync<bool>("SELECT arrival_deadline_at > dispatched_at FROM work_order WHERE id = $1", joint)).ShouldBeTrue();
        using var chengguan = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-chengguan");
        (await DispatchApi.StateOf(await DispatchApi.OrderAsync(chengguan, joint, "return", reason: "车辆已由交警拖离，无需城管"))).ShouldBe("returned");

        await DispatchApi.StateOf(await DispatchApi.OrderAsync(police, order, "start"));
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(police, order, "feedback", reason: "违停车辆已拖离", photos: 1));
        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "check_pass"))).ShouldBe("closed");
        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "revisit", new { rating = "satisfied", resolved = true }))).ShouldBe("revisited");
        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "archive"))).ShouldBe("archived");
        (await fixture.Database.ScalarAsync<string>("SELECT satisfaction FROM case_file WHERE id = $1", caseId)).ShouldBe("satisfied");
    }

    [Fact]
    public async Task Each_role_is_refused_outside_its_scope()
    {
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var caseId = await AcceptedCaseAsync(dispatcher, "E0102");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "dispatch", new { units = new[] { Chengguan } }));
        var order = await OrderOfAsync(caseId, Chengguan);

        // A case in another township, reported on that township's placard.
        var foreignGrid = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid WHERE NOT starts_with(code, '451027100') ORDER BY code LIMIT 1");
        using var resident = fixture.NewClient();
        var form = await ResidentForm.OpenAsync(resident, foreignGrid);
        (await resident.PostAsync($"/g/{foreignGrid}", ResidentForm.Content(form))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var foreignCase = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", form.IdempotencyKey);

        (await DispatchApi.CaseAsync(dispatcher, foreignCase, "verify")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var cadre = await StaffSession.Start(fixture.Factory).LoggedInAsync("cadre");
        (await DispatchApi.CaseAsync(cadre, foreignCase, "verify")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var otherWorker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker2");
        (await DispatchApi.OrderAsync(otherWorker, order, "rework", reason: "x")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var police = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        (await DispatchApi.OrderAsync(police, order, "sign")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await fixture.Database.ScalarAsync<string>("SELECT state FROM work_order WHERE id = $1", order)).ShouldBe("pending");

        // The county admin's scope holds every township; the admin may verify (or not) by the role table, and the case is found.
        using var admin = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        (await DispatchApi.CaseAsync(admin, foreignCase, "verify")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await DispatchApi.CaseAsync(admin, foreignCase, "terminate", new { reason = "经县级审核，已转司法途径" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    /// <summary>A staff account for the water company's unit (the demo seeds 城管 and 派出所 only).</summary>
    private async Task<StaffSession> WaterStaffAsync()
    {
        await fixture.Database.AddStaffAsync("dept-water", "供水公司值班员", "department_staff", Water, passwordOf: "dept-police");
        return await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-water");
    }
}
