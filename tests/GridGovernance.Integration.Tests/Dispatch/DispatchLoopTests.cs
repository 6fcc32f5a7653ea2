using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Field;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Dispatch;

/// <summary>The closed loop through the staff action API, as each role sees it, on the real database.</summary>
public sealed class DispatchLoopTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private const string Chengguan = "451027-chengguan";
    private const string Police = "451027100-police";

    private async Task<long> PatrolReportAsync()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        return FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), fixture.Inside, category: "E0102", description: "桥头暴露垃圾")));
    }

    private Task<long> OrderOfAsync(long caseId, string unit) =>
        fixture.Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1 AND unit_code = $2", caseId, unit);

    private Task<string> CaseStateAsync(long caseId) => fixture.Database.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", caseId);

    [Fact]
    public async Task A_case_is_accepted_whistled_to_two_units_reported_in_fed_back_checked_and_closed()
    {
        var caseId = await PatrolReportAsync();
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "accept"))).ShouldBe("accepted");
        (await fixture.Database.ScalarAsync<bool>("SELECT deadline_at > accepted_at FROM case_file WHERE id = $1", caseId)).ShouldBeTrue();

        var whistle = await DispatchApi.CaseAsync(dispatcher, caseId, "whistle",
            new { units = new[] { Chengguan, Police }, whistleKind = "emergency", reason = "垃圾堆占道，需联合清运" });
        (await DispatchApi.StateOf(whistle)).ShouldBe("dispatched");
        (await fixture.Database.ScalarAsync<long>("""
            SELECT count(*) FROM work_order o JOIN whistle w ON w.id = o.whistle_id
            WHERE o.case_id = $1 AND o.state = 'pending' AND o.arrival_deadline_at = w.blown_at + interval '30 minutes'
            """, caseId)).ShouldBe(2);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM notification WHERE case_id = $1 AND recipient_scope IN ($2, $3)",
            caseId, Chengguan, Police)).ShouldBe(2);

        foreach (var (account, unit) in new[] { ("dept-police", Police), ("dept-chengguan", Chengguan) })
        {
            using var department = await StaffSession.Start(fixture.Factory).LoggedInAsync(account);
            var order = await OrderOfAsync(caseId, unit);
            (await DispatchApi.StateOf(await DispatchApi.OrderAsync(department, order, "sign"))).ShouldBe("signed");
            // A whistled unit must be on site before it starts.
            var tooEarly = await DispatchApi.OrderAsync(department, order, "start");
            tooEarly.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await DispatchApi.ProblemOf(tooEarly)).ShouldContain("须先到场报到");
            (await DispatchApi.StateOf(await DispatchApi.OrderAsync(department, order, "arrive", position: fixture.Inside))).ShouldBe("arrived");
            (await DispatchApi.StateOf(await DispatchApi.OrderAsync(department, order, "start"))).ShouldBe("in_progress");
            (await DispatchApi.StateOf(await DispatchApi.OrderAsync(department, order, "feedback", reason: "已清运完毕", photos: 1))).ShouldBe("fed_back");
        }
        (await CaseStateAsync(caseId)).ShouldBe("pending_check");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_photo WHERE case_id = $1 AND kind = 'after'", caseId)).ShouldBe(2); // one per unit

        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "check_pass"))).ShouldBe("closed");
        (await fixture.Database.ScalarAsync<string>("SELECT closure_type FROM case_file WHERE id = $1", caseId)).ShouldBe("normal");
        var steps = await fixture.Database.ScalarAsync<string>(
            "SELECT string_agg(action, ',' ORDER BY id) FROM case_timeline WHERE case_id = $1", caseId);
        steps.ShouldBe("report,accept,whistle,sign,arrive,start,feedback,sign,arrive,start,feedback,all_orders_done,check_pass");
    }

    [Fact]
    public async Task A_failed_check_sends_the_units_back_to_work_counts_the_rework_and_the_second_check_closes()
    {
        var caseId = await PatrolReportAsync();
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "accept"));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "dispatch", new { units = new[] { Chengguan } }));
        using var department = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-chengguan");
        var order = await OrderOfAsync(caseId, Chengguan);
        foreach (var action in new[] { "sign", "start" }) await DispatchApi.StateOf(await DispatchApi.OrderAsync(department, order, action));
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(department, order, "feedback", reason: "已清运", photos: 1));

        var noReason = await DispatchApi.CaseAsync(dispatcher, caseId, "check_fail");
        noReason.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "check_fail", new { reason = "现场仍有垃圾残留" }))).ShouldBe("rework");
        (await fixture.Database.ScalarAsync<string>("SELECT state || '|' || rework_count FROM work_order WHERE id = $1", order)).ShouldBe("in_progress|1");
        (await fixture.Database.ScalarAsync<int>("SELECT rework_count FROM case_file WHERE id = $1", caseId)).ShouldBe(1);

        await DispatchApi.StateOf(await DispatchApi.OrderAsync(department, order, "feedback", reason: "残留已清理", photos: 1));
        (await CaseStateAsync(caseId)).ShouldBe("pending_check");
        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "check_pass"))).ShouldBe("closed");
    }

    [Fact]
    public async Task A_returned_order_goes_back_to_the_dispatcher_and_extensions_are_approved_or_refused()
    {
        var caseId = await PatrolReportAsync();
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "accept"));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "dispatch", new { units = new[] { Police } }));
        using var police = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        var order = await OrderOfAsync(caseId, Police);

        var bare = await DispatchApi.OrderAsync(police, order, "return");
        bare.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await DispatchApi.ProblemOf(bare)).ShouldBe("退单须说明理由。");
        (await DispatchApi.StateOf(await DispatchApi.OrderAsync(police, order, "return", reason: "垃圾清运不属公安职责"))).ShouldBe("returned");
        (await CaseStateAsync(caseId)).ShouldBe("accepted");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM notification WHERE case_id = $1 AND recipient_scope = '451027100'", caseId))
            .ShouldBeGreaterThanOrEqualTo(2); // the return itself, and "all units returned"

        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "dispatch", new { units = new[] { Chengguan } }));
        using var chengguan = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-chengguan");
        var second = await OrderOfAsync(caseId, Chengguan);
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(chengguan, second, "sign"));
        var deadline = await fixture.Database.ScalarAsync<DateTime>("SELECT deadline_at FROM work_order WHERE id = $1", second);
        var until = new DateTimeOffset(deadline, TimeSpan.Zero).AddDays(2);
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(chengguan, second, "request_extension", reason: "需调用大型车辆", until: until));
        (await fixture.Database.ScalarAsync<string>("SELECT extension_status FROM work_order WHERE id = $1", second)).ShouldBe("requested");
        await DispatchApi.StateOf(await DispatchApi.OrderAsync(dispatcher, second, "approve_extension"));
        (await fixture.Database.ScalarAsync<string>("SELECT extension_status || '|' || (deadline_at = extension_until) FROM work_order WHERE id = $1", second))
            .ShouldBe("approved|true");
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notification WHERE work_order_id = $1 AND recipient_scope = $2 AND kind = 'approve_extension'", second, Chengguan)).ShouldBe(1);
    }

    [Fact]
    public async Task Wrong_roles_wrong_states_foreign_scopes_and_retries_are_answered_without_changing_anything_twice()
    {
        // A resident's QR report must be verified before the township accepts it.
        using var resident = fixture.NewClient();
        var form = await ResidentForm.OpenAsync(resident, fixture.GridCode);
        (await resident.PostAsync($"/g/{fixture.GridCode}", ResidentForm.Content(form))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var caseId = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", form.IdempotencyKey);

        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var unverified = await DispatchApi.CaseAsync(dispatcher, caseId, "accept");
        unverified.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await DispatchApi.ProblemOf(unverified)).ShouldContain("核实");

        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var forbidden = await DispatchApi.CaseAsync(worker, caseId, "accept");
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await DispatchApi.ProblemOf(forbidden)).ShouldBe("网格员无权对案件执行“受理立案”。");
        var key = DispatchApi.NewKey();
        (await DispatchApi.StateOf(await DispatchApi.CaseAsync(worker, caseId, "verify", key: key))).ShouldBe("verified");
        var replay = await DispatchApi.CaseAsync(worker, caseId, "verify", key: key);
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.Content.ReadAsStringAsync()).ShouldContain("\"replayed\":true");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1 AND action = 'verify'", caseId)).ShouldBe(1);

        // Another grid's worker and a department without an order see nothing.
        using var other = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker2");
        (await DispatchApi.CaseAsync(other, caseId, "escalate")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var police = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        (await DispatchApi.CaseAsync(police, caseId, "whistle", new { units = new[] { Chengguan }, whistleKind = "routine" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Two dispatchers' consoles accept at once: one wins, the other is told the state moved on.
        var both = await Task.WhenAll(DispatchApi.CaseAsync(dispatcher, caseId, "accept"), DispatchApi.CaseAsync(dispatcher, caseId, "accept"));
        both.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        both.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(1);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1 AND action = 'accept'", caseId)).ShouldBe(1);

        var unknownUnit = await DispatchApi.CaseAsync(dispatcher, caseId, "dispatch", new { units = new[] { "451027-nonexistent" } });
        unknownUnit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CaseStateAsync(caseId)).ShouldBe("accepted");
        (await DispatchApi.CaseAsync(dispatcher, caseId, "fly")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using var noToken = StaffSession.Start(fixture.Factory);
        await noToken.LoggedInAsync("dispatcher");
        var unsigned = await noToken.Client.PostAsync($"/api/staff/cases/{caseId}/actions",
            System.Net.Http.Json.JsonContent.Create(new { action = "void", requestKey = DispatchApi.NewKey(), reason = "x" }));
        unsigned.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CaseStateAsync(caseId)).ShouldBe("accepted");
    }

    [Fact]
    public async Task The_database_refuses_a_state_the_lifecycle_does_not_know_and_a_second_live_order_for_one_unit()
    {
        var caseId = await PatrolReportAsync();
        var bogus = await Should.ThrowAsync<Npgsql.PostgresException>(() =>
            fixture.Database.ScalarAsync<int>("UPDATE case_file SET state = 'finished' WHERE id = $1 RETURNING 1", caseId));
        bogus.ConstraintName.ShouldBe("case_file_state_known");

        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "accept"));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "dispatch", new { units = new[] { Chengguan } }));
        // Whistling the same unit again keeps its one live order.
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "whistle", new { units = new[] { Chengguan, Police }, whistleKind = "routine" }));
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM work_order WHERE case_id = $1 AND unit_code = $2", caseId, Chengguan)).ShouldBe(1);
        var duplicate = await Should.ThrowAsync<Npgsql.PostgresException>(() => fixture.Database.ScalarAsync<int>("""
            INSERT INTO work_order (case_id, unit_code, dispatched_by, deadline_at)
            SELECT case_id, unit_code, dispatched_by, deadline_at FROM work_order WHERE case_id = $1 AND unit_code = $2 RETURNING 1
            """, caseId, Chengguan));
        duplicate.ConstraintName.ShouldBe("work_order_one_live_per_unit");
    }
}
