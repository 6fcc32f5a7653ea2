using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Field;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Integration.Tests.Intake;
using GridGovernance.Web.Features.Live;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridGovernance.Integration.Tests.Live;

public sealed class OutboxTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private async Task<long> PatrolReportAsync()
    {
        using var worker = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        return FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report",
            FieldForms.Report(await FieldForms.OpenAsync(worker, "/field/report"), fixture.Inside, category: "E0102", description: "河边暴露垃圾")));
    }

    private Task<long> EventsOfAsync(long caseId) => fixture.Database.ScalarAsync<long>("SELECT count(*) FROM outbox_event WHERE case_id = $1", caseId);

    [Fact]
    public async Task Every_state_change_writes_its_event_in_the_same_transaction_and_a_refused_one_writes_none()
    {
        var caseId = await PatrolReportAsync();
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "accept"));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "whistle",
            new { units = new[] { "451027-chengguan", "451027100-police" }, whistleKind = "emergency" }));
        var before = await EventsOfAsync(caseId);
        (await DispatchApi.CaseAsync(dispatcher, caseId, "accept")).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await EventsOfAsync(caseId)).ShouldBe(before);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = $1", caseId)).ShouldBe(before);
        (await fixture.Database.ScalarAsync<string>("SELECT string_agg(type, ',' ORDER BY id) FROM outbox_event WHERE case_id = $1", caseId))
            .ShouldBe("case.report,case.accept,case.whistle");
        var whistle = await fixture.Database.ScalarAsync<string>(
            "SELECT array_to_string(scope_codes, ',') || '|' || (payload->>'state') FROM outbox_event WHERE case_id = $1 AND type = 'case.whistle'", caseId);
        whistle.ShouldBe($"451027,451027100,451027100001,{fixture.GridCode},451027-chengguan,451027100-police|dispatched");
        // No personal data travels: no description, no phone, no names.
        (await fixture.Database.ScalarAsync<string>("SELECT string_agg(DISTINCT k, ',' ORDER BY k) FROM outbox_event, jsonb_object_keys(payload) k WHERE case_id = $1", caseId))
            .ShouldBe("action,at,caseId,category,gridCode,lat,lng,number,state,stateBefore,workOrderId");
    }

    [Fact]
    public async Task A_commit_is_announced_to_listeners_with_the_event_id()
    {
        var caseId = await PatrolReportAsync();
        await using var listener = new NpgsqlConnection(fixture.Database.ConnectionString);
        await listener.OpenAsync();
        var heard = new List<long>();
        listener.Notification += (_, e) => { lock (heard) heard.Add(long.Parse(e.Payload, System.Globalization.CultureInfo.InvariantCulture)); };
        await using (var listen = new NpgsqlCommand("LISTEN gridgov_events", listener)) await listen.ExecuteNonQueryAsync();

        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "accept"));
        var eventId = await fixture.Database.ScalarAsync<long>("SELECT id FROM outbox_event WHERE case_id = $1 AND type = 'case.accept'", caseId);
        // Notifications are read while the connection waits: each poll waits a little for the next one.
        await Eventually.WithinAsync(async () =>
        {
            await listener.WaitAsync(TimeSpan.FromMilliseconds(200));
            lock (heard) return heard.Contains(eventId);
        }, TimeSpan.FromSeconds(10));
        lock (heard) heard.ShouldContain(eventId);
    }

    [Fact]
    public async Task The_catch_up_api_gives_each_role_only_its_scope_in_id_order()
    {
        var caseId = await PatrolReportAsync();
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "accept"));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "dispatch", new { units = new[] { "451027100-police" } }));

        async Task<List<(long Id, long CaseId, string Type)>> EventsAsync(StaffSession session, long after = 0)
        {
            var page = await session.Client.GetFromJsonAsync<JsonElement>($"/api/events?after={after}");
            return page.GetProperty("events").EnumerateArray()
                .Select(e => (e.GetProperty("id").GetInt64(), e.GetProperty("caseId").GetInt64(), e.GetProperty("type").GetString()!)).ToList();
        }
        var township = await EventsAsync(dispatcher);
        township.Where(e => e.CaseId == caseId).Select(e => e.Type).ShouldBe(["case.report", "case.accept", "case.dispatch"]);
        township.Select(e => e.Id).ShouldBeInOrder();

        using var police = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        (await EventsAsync(police)).Where(e => e.CaseId == caseId).Select(e => e.Type).ShouldBe(["case.dispatch"]);
        using var otherGrid = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker2");
        (await EventsAsync(otherGrid)).ShouldNotContain(e => e.CaseId == caseId);

        var last = township[^1].Id;
        (await EventsAsync(dispatcher, last)).ShouldNotContain(e => e.Id <= last);
        (await dispatcher.Client.GetAsync("/api/events?after=-1")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await dispatcher.Client.GetAsync("/api/events?limit=0")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var anonymous = StaffSession.Start(fixture.Factory);
        (await anonymous.Client.GetAsync("/api/events")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Events_older_than_the_retention_are_pruned_and_a_client_that_far_behind_is_told_to_reload()
    {
        var caseId = await PatrolReportAsync();
        var oldest = await fixture.Database.ScalarAsync<long>("SELECT min(id) FROM outbox_event WHERE case_id = $1", caseId);
        var pruner = fixture.Factory.Services.GetRequiredService<OutboxPruner>();
        (await pruner.RunOnceAsync(DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None)).ShouldBe(0, "kept for 7 days by default");
        (await pruner.RunOnceAsync(DateTimeOffset.UtcNow.AddDays(8), CancellationToken.None)).ShouldBeGreaterThan(0);
        (await EventsOfAsync(caseId)).ShouldBe(0);

        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var behind = await dispatcher.Client.GetFromJsonAsync<JsonElement>($"/api/events?after={oldest - 1}");
        behind.GetProperty("tooFarBehind").GetBoolean().ShouldBeTrue("its missed events are gone: reload");

        var upToDate = await fixture.Database.ScalarAsync<long>("SELECT last_value FROM outbox_event_id_seq");
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, caseId, "accept"));
        var fresh = await dispatcher.Client.GetFromJsonAsync<JsonElement>($"/api/events?after={upToDate}");
        fresh.GetProperty("tooFarBehind").GetBoolean().ShouldBeFalse();
        fresh.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ShouldBe(["case.accept"]);
    }
}
