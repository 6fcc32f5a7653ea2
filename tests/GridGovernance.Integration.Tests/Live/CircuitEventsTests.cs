using GridGovernance.Domain.Accounts;
using GridGovernance.Integration.Tests.Console;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Integration.Tests.Intake;
using GridGovernance.Web.Features.Live;
using GridGovernance.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>
/// The interactive console's live source (issue 14): the forwarder signals the circuits, and a circuit reads the events after its
/// own last id in its own scope — the hub's rule — so that a read after a reconnect picks up exactly what was missed.
/// </summary>
public sealed class CircuitEventsTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private Task<CurrentStaff> StaffAsync(string username) => TestStaff.OfAsync(fixture.Database, username);

    [Fact]
    public async Task A_circuit_reads_the_events_of_its_scope_after_its_last_id_once_and_is_signalled_when_the_forwarder_sends()
    {
        var dispatcher = await StaffAsync("dispatcher");
        var dataSource = fixture.Database.DataSource;
        var signal = fixture.Factory.Services.GetRequiredService<LiveSignal>();
        var signals = 0;
        signal.Forwarded += () => Interlocked.Increment(ref signals);

        var start = await CircuitEvents.NewestIdAsync(dataSource, CancellationToken.None);
        var mine = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "线路测试：本镇");
        var elsewhere = await ConsoleSession.ReportAsync(fixture, await ConsoleSession.OtherTownshipGridAsync(fixture), "E0102", "线路测试：外镇");

        var page = await CircuitEvents.AfterAsync(dataSource, dispatcher, start, CancellationToken.None);
        page.Events.ShouldContain(e => e.CaseId == mine.Id);
        page.Events.ShouldNotContain(e => e.CaseId == elsewhere.Id);
        page.Events.Select(e => e.Id).ShouldBeInOrder();
        page.LastId.ShouldBe(page.Events[^1].Id);

        // Read again from where it stopped (a resumed circuit): nothing twice, nothing missed.
        var again = await CircuitEvents.AfterAsync(dataSource, dispatcher, page.LastId, CancellationToken.None);
        again.Events.ShouldBeEmpty();
        again.LastId.ShouldBe(page.LastId);

        // A reconnect that missed an event reads exactly it.
        var later = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "线路测试：断线期间");
        var missed = await CircuitEvents.AfterAsync(dataSource, dispatcher, page.LastId, CancellationToken.None);
        missed.Events.Select(e => e.CaseId).Distinct().ShouldBe([later.Id]);

        await Eventually.TrueAsync(() => Volatile.Read(ref signals) > 0, "the forwarder signals the circuits after sending");
    }

    [Fact]
    public async Task A_department_circuit_follows_its_unit_only()
    {
        var police = await StaffAsync("dept-police");
        var start = await CircuitEvents.NewestIdAsync(fixture.Database.DataSource, CancellationToken.None);
        var report = await ConsoleSession.ReportAsync(fixture, ConsoleSession.OwnGrid, "E0102", "线路测试：部门不应看到");
        var page = await CircuitEvents.AfterAsync(fixture.Database.DataSource, police, start, CancellationToken.None);
        page.Events.ShouldNotContain(e => e.CaseId == report.Id);
    }
}
