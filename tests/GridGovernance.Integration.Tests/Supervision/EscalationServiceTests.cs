using static GridGovernance.Integration.Tests.Supervision.SupervisionFixture;

namespace GridGovernance.Integration.Tests.Supervision;

/// <summary>
/// Escalation on the demo county, which has no dispatch_setting row: the column defaults apply (grid 240 minutes, village
/// 1,440 minutes, both on the wall clock). Each test writes its own cases and asserts only on them.
/// </summary>
public sealed class EscalationServiceTests(SupervisionFixture fixture) : IClassFixture<SupervisionFixture>
{
    // A Saturday: escalation runs on the wall clock, weekends included.
    private static readonly DateTimeOffset Reported = At(11, 21, 9, 0);

    [Fact]
    public async Task An_unhandled_grid_case_climbs_to_the_village_after_four_hours_and_to_the_township_a_day_later_once_each()
    {
        var caseId = await fixture.CaseAsync("reported", levelSince: Reported);

        await fixture.Escalation.RunOnceAsync(Reported.AddMinutes(240), CancellationToken.None); // exactly the limit is not longer than it
        (await fixture.CaseColumnAsync<string>(caseId, "state")).ShouldBe("reported");

        var toVillage = Reported.AddMinutes(241);
        await fixture.Escalation.RunOnceAsync(toVillage, CancellationToken.None);
        await fixture.Escalation.RunOnceAsync(toVillage.AddMinutes(30), CancellationToken.None);

        (await fixture.CaseColumnAsync<string>(caseId, "state")).ShouldBe("village_handling");
        (await fixture.CaseColumnAsync<DateTimeOffset>(caseId, "level_since")).ShouldBe(toVillage);
        (await fixture.TimelineAsync(caseId)).ShouldHaveSingleItem()
            .ShouldBe(new TimelineRow("system", "escalate", "reported", "village_handling", "超过 4 小时未处置，自动上报至村（社区）", null));
        var villageNotice = (await fixture.NotificationsAsync(caseId)).ShouldHaveSingleItem();
        villageNotice.Recipient.ShouldBe(Village);
        villageNotice.Kind.ShouldBe("escalate");
        villageNotice.Message.ShouldContain("在网格超过 4 小时未处置，已自动上报村（社区）");

        // The village's day counts from when the case reached it, not from the report.
        await fixture.Escalation.RunOnceAsync(toVillage.AddMinutes(1440), CancellationToken.None);
        (await fixture.CaseColumnAsync<string>(caseId, "state")).ShouldBe("village_handling");
        var toTownship = toVillage.AddMinutes(1441);
        await fixture.Escalation.RunOnceAsync(toTownship, CancellationToken.None);
        await fixture.Escalation.RunOnceAsync(toTownship.AddDays(3), CancellationToken.None);

        (await fixture.CaseColumnAsync<string>(caseId, "state")).ShouldBe("accepted");
        (await fixture.CaseColumnAsync<DateTimeOffset>(caseId, "accepted_at")).ShouldBe(toTownship);
        // Filed on Sunday: 暴露垃圾 (E0102) allows 4 working hours from Monday 08:30 — 3.5 h before lunch, 0.5 h after 14:30.
        (await fixture.CaseColumnAsync<DateTimeOffset>(caseId, "deadline_at")).ShouldBe(At(11, 23, 15, 0));
        var timeline = await fixture.TimelineAsync(caseId);
        timeline.Count.ShouldBe(2);
        timeline[1].ShouldBe(new TimelineRow("system", "escalate", "village_handling", "accepted", "超过 24 小时未处置，自动上报至乡镇", null));
        var notices = await fixture.NotificationsAsync(caseId);
        notices.Count.ShouldBe(2);
        notices[1].Recipient.ShouldBe(Township);
        notices[1].Message.ShouldContain("在村（社区）超过 24 小时未处置，已自动上报乡镇");
    }

    [Fact]
    public async Task A_county_s_own_limits_replace_the_defaults()
    {
        var caseId = await fixture.CaseAsync("verified", levelSince: Reported);
        await fixture.ExecuteAsync("INSERT INTO dispatch_setting (county_code, escalate_grid_minutes, escalate_village_minutes) VALUES ('451027', 30, 90)");
        try
        {
            await fixture.Escalation.RunOnceAsync(Reported.AddMinutes(31), CancellationToken.None);
            (await fixture.CaseColumnAsync<string>(caseId, "state")).ShouldBe("village_handling");
            await fixture.Escalation.RunOnceAsync(Reported.AddMinutes(31 + 91), CancellationToken.None);
            (await fixture.CaseColumnAsync<string>(caseId, "state")).ShouldBe("accepted");
            (await fixture.TimelineAsync(caseId)).Select(t => t.Note).ShouldBe([
                "超过 30 分钟未处置，自动上报至村（社区）", "超过 90 分钟未处置，自动上报至乡镇"]);
        }
        finally
        {
            // The other tests of this class rely on the defaults.
            await fixture.ExecuteAsync("DELETE FROM dispatch_setting WHERE county_code = '451027'");
        }
    }

    [Fact]
    public async Task Two_instances_racing_escalate_each_due_case_exactly_once()
    {
        var cases = new List<long>();
        for (var i = 0; i < 20; i++) cases.Add(await fixture.CaseAsync(i % 2 == 0 ? "reported" : "verified", levelSince: Reported));
        var (_, other, dataSource) = fixture.SecondInstance();
        await using var _ = dataSource;
        var now = Reported.AddHours(5);

        var runs = await Task.WhenAll(
            Task.Run(() => fixture.Escalation.RunOnceAsync(now, CancellationToken.None)),
            Task.Run(() => other.RunOnceAsync(now, CancellationToken.None)),
            Task.Run(() => fixture.Escalation.RunOnceAsync(now, CancellationToken.None)));

        runs.Sum(r => r.Failed).ShouldBe(0);
        foreach (var caseId in cases)
        {
            (await fixture.CaseColumnAsync<string>(caseId, "state")).ShouldBe("village_handling");
            (await fixture.TimelineAsync(caseId)).ShouldHaveSingleItem().Action.ShouldBe("escalate");
            (await fixture.NotificationsAsync(caseId)).ShouldHaveSingleItem().Recipient.ShouldBe(Village);
        }
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM case_timeline WHERE action = 'escalate' AND case_id = ANY($1)", cases.ToArray())).ShouldBe(20);
    }

    [Fact]
    public async Task Closed_voided_accepted_and_shelved_cases_are_never_escalated()
    {
        var untouched = new[]
        {
            await fixture.CaseAsync("closed", deadline: At(11, 1, 17, 30), levelSince: At(11, 1, 9, 0), closureType: "normal"),
            await fixture.CaseAsync("voided", levelSince: At(11, 1, 9, 0)),
            await fixture.CaseAsync("closed_on_spot", levelSince: At(11, 1, 9, 0)),
            await fixture.CaseAsync("accepted", deadline: At(11, 3, 17, 30), levelSince: At(11, 1, 9, 0)),
            await fixture.CaseAsync("shelved", deadline: At(11, 3, 17, 30), levelSince: At(11, 1, 9, 0)),
        };
        var due = await fixture.CaseAsync("verified", levelSince: At(11, 1, 9, 0));

        await fixture.Escalation.RunOnceAsync(At(12, 1, 9, 0), CancellationToken.None);

        (await fixture.CaseColumnAsync<string>(due, "state")).ShouldBe("village_handling"); // the run did run
        foreach (var caseId in untouched)
        {
            (await fixture.TimelineAsync(caseId)).ShouldBeEmpty();
            (await fixture.NotificationsAsync(caseId)).ShouldBeEmpty();
            (await fixture.CaseColumnAsync<DateTimeOffset>(caseId, "level_since")).ShouldBe(At(11, 1, 9, 0));
        }
    }
}
