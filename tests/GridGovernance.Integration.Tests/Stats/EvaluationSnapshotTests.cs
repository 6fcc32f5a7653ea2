using System.Net;
using System.Text.Json;
using GridGovernance.Domain.Evaluation;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Intake;
using GridGovernance.Web.Features.Stats;
using GridGovernance.Web.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static GridGovernance.Integration.Tests.Stats.EvaluationMonthScript;

namespace GridGovernance.Integration.Tests.Stats;

/// <summary>The monthly close: a frozen month never changes, whatever arrives late; the county admin publishes it to the whole county.</summary>
public sealed class EvaluationSnapshotTests(EvaluationFactsTests.Fixture fixture) : IClassFixture<EvaluationFactsTests.Fixture>
{
    /// <summary>A clock in the next month: the scripted month (this one) is over and can be frozen.</summary>
    private sealed class NextMonthClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => EvaluationMonth.Of(DateTimeOffset.UtcNow).End.AddDays(1);
    }

    private static readonly EvaluationMonth ThisMonth = EvaluationMonth.Of(DateTimeOffset.UtcNow);

    private StatsService Service(TimeProvider clock) => new(fixture.Database.DataSource, clock, NullLogger<StatsService>.Instance);

    private static CurrentStaff Admin(long id) => new(id, "admin", "县级管理员", Domain.Accounts.StaffRole.CountyAdmin, County, "");

    private static string Json(StatsTable table) => JsonSerializer.Serialize(StatsEndpoints.ToJson(table));

    [Fact]
    public async Task A_frozen_month_does_not_change_when_a_late_event_arrives()
    {
        var stats = Service(new NextMonthClock());
        (await Service(TimeProvider.System).FreezeAsync(County, ThisMonth, default)).ShouldBeNull(); // not over yet
        var id = await stats.FreezeAsync(County, ThisMonth, default);
        id.ShouldNotBeNull();
        (await stats.FreezeAsync(County, ThisMonth, default)).ShouldBe(id); // once

        var before = (await stats.SnapshotAsync(County, StatsLevel.Township, County, ThisMonth, publishedOnly: false, default))!;
        var township = before.Rows.Single(r => r.Code == Township);
        Indicators.Closure.Compute(township.Counts).Text.ShouldBe("83.3%");
        township.Ranked.Board.ShouldBe(Board.Black);
        (await stats.SnapshotAsync(County, StatsLevel.Village, Township, ThisMonth, false, default))!.Rows
            .Single(r => r.Code == Village).Counts.DueToClose.ShouldBe(6);
        (await stats.SnapshotAsync(County, StatsLevel.Unit, County, ThisMonth, false, default))!.Rows
            .Single(r => r.Code == Police).Ranked.Board.ShouldBe(Board.Red);

        // Late: E is finally signed for, handled and closed, and G gets filed — after the month was frozen.
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        using var chengguan = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-chengguan");
        var order = await fixture.Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1", fixture.Script.Cases['E']);
        foreach (var action in new[] { "sign", "start", "feedback" })
            await DispatchApi.StateOf(await DispatchApi.OrderAsync(chengguan, order, action, reason: "已处理", photos: action == "feedback" ? 1 : 0));
        await DispatchApi.StateOf(await DispatchApi.CaseAsync(dispatcher, fixture.Script.Cases['E'], "check_pass"));

        var live = await stats.LiveAsync(Admin(1), County, StatsLevel.Township, County, ThisMonth, default);
        Indicators.Closure.Compute(live!.Rows.Single(r => r.Code == Township).Counts).Text.ShouldBe("100.0%"); // the facts moved on

        var after = (await stats.SnapshotAsync(County, StatsLevel.Township, County, ThisMonth, publishedOnly: false, default))!;
        Json(after).ShouldBe(Json(before));

        // And the database refuses to touch a frozen row.
        var refused = await Should.ThrowAsync<PostgresException>(() => fixture.Database.ScalarAsync<long>(
            "UPDATE eval_snapshot_row SET score = 99 WHERE snapshot_id = $1 RETURNING snapshot_id", id!.Value));
        refused.MessageText.ShouldStartWith("已封存的月度考核不能修改或删除");
        await Should.ThrowAsync<PostgresException>(() => fixture.Database.ScalarAsync<long>(
            "UPDATE eval_snapshot SET weights = '{}' WHERE id = $1 RETURNING id", id.Value));
    }

    [Fact]
    public async Task The_published_month_is_read_by_every_staff_member_of_the_county()
    {
        var stats = Service(new NextMonthClock());
        using var dispatcher = await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher");
        var unpublished = await GetJsonAsync(dispatcher, $"/api/staff/stats/published?month={ThisMonth.Key}");
        unpublished.GetProperty("published").GetBoolean().ShouldBeFalse();

        var adminId = await fixture.Database.ScalarAsync<long>("SELECT id FROM staff_account WHERE username = 'admin'");
        (await stats.PublishAsync(Admin(adminId), County, ThisMonth, default)).ShouldBe(StatsService.PublishOutcome.Published);
        (await stats.PublishAsync(Admin(adminId), County, ThisMonth, default)).ShouldBe(StatsService.PublishOutcome.AlreadyPublished);
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'evaluation.publish' AND actor_id = $1", adminId)).ShouldBe(1);

        var published = await GetJsonAsync(dispatcher, "/api/staff/stats/published");
        published.GetProperty("months").EnumerateArray().Select(m => m.GetString()).ShouldContain(ThisMonth.Key);
        var table = published.GetProperty("table");
        // The whole county's ranking, not only the dispatcher's own township.
        table.GetProperty("rows").GetArrayLength().ShouldBe(
            (int)await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM township WHERE county_code = $1", County));
        Row(table, Township).GetProperty("board").GetString().ShouldBe("black");
        table.GetProperty("frozen").GetBoolean().ShouldBeTrue();

        using var police = await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police");
        var units = await GetJsonAsync(police, $"/api/staff/stats/published?month={ThisMonth.Key}&level=unit");
        Row(units.GetProperty("table"), Police).GetProperty("board").GetString().ShouldBe("red");
        (await police.Client.GetAsync("/api/staff/stats/published?level=grid")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
