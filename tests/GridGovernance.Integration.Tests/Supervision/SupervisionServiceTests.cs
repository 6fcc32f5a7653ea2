using GridGovernance.Web.Features.Supervision;
using Microsoft.Extensions.DependencyInjection;
using static GridGovernance.Integration.Tests.Supervision.SupervisionFixture;

namespace GridGovernance.Integration.Tests.Supervision;

/// <summary>
/// 督办 on the demo county: each test writes its own cases and orders and asserts only on them (every run sees the whole
/// database, as in production). Friday 20 November 2026, 17:30 is the deadline used throughout: no holiday falls in the
/// following two weeks, so the working days are plain Monday–Friday.
/// </summary>
public sealed class SupervisionServiceTests(SupervisionFixture fixture) : IClassFixture<SupervisionFixture>
{
    private static readonly DateTimeOffset Deadline = At(11, 20, 17, 30);

    [Fact]
    public async Task An_overdue_order_gets_one_overdue_supervision_timeline_entry_and_notification_however_often_the_service_runs()
    {
        var caseId = await fixture.CaseAsync("dispatched", deadline: At(11, 27, 17, 30));
        var orderId = await fixture.OrderAsync(caseId, Chengguan, Deadline);
        var evening = At(11, 20, 18, 0);

        var first = await fixture.Supervision.RunOnceAsync(evening, CancellationToken.None);
        var second = await fixture.Supervision.RunOnceAsync(evening.AddMinutes(5), CancellationToken.None);

        first.Raised.ShouldBeGreaterThanOrEqualTo(1);
        second.Raised.ShouldBe(0);
        (await fixture.SupervisionsAsync(caseId)).ShouldBe([new SupervisionRow(orderId, "overdue", Deadline)]);
        var timeline = await fixture.TimelineAsync(caseId);
        timeline.ShouldHaveSingleItem().ShouldBe(new TimelineRow("system", "supervise", null, null,
            "超时督办：凌云县城市管理综合执法局的工单已超过办理时限（时限 11月20日 17:30）", orderId));
        var notification = (await fixture.NotificationsAsync(caseId)).ShouldHaveSingleItem();
        notification.Recipient.ShouldBe(Chengguan);
        notification.WorkOrderId.ShouldBe(orderId);
        notification.Kind.ShouldBe("supervise");
        notification.Message.ShouldStartWith("超时督办：案件 E0102");
        notification.Message.ShouldContain("时限 11月20日 17:30");
    }

    [Fact]
    public async Task Two_instances_racing_over_the_same_overdue_orders_raise_each_threshold_exactly_once()
    {
        var orders = new List<(long Case, long Order, string Unit)>();
        for (var i = 0; i < 20; i++)
        {
            var caseId = await fixture.CaseAsync("dispatched", deadline: Deadline);
            var unit = i % 2 == 0 ? Chengguan : Police;
            orders.Add((caseId, await fixture.OrderAsync(caseId, unit, Deadline), unit));
        }
        var (other, _, dataSource) = fixture.SecondInstance();
        await using var _ = dataSource;
        var evening = At(11, 20, 18, 0);

        var runs = await Task.WhenAll(
            Task.Run(() => fixture.Supervision.RunOnceAsync(evening, CancellationToken.None)),
            Task.Run(() => other.RunOnceAsync(evening, CancellationToken.None)),
            Task.Run(() => fixture.Supervision.RunOnceAsync(evening, CancellationToken.None)));

        runs.Sum(r => r.Failed).ShouldBe(0);
        foreach (var (caseId, orderId, unit) in orders)
        {
            (await fixture.SupervisionsAsync(caseId)).OrderBy(s => s.WorkOrderId).ShouldBe([
                new SupervisionRow(null, "overdue", Deadline), new SupervisionRow(orderId, "overdue", Deadline)]);
            (await fixture.TimelineAsync(caseId)).Count.ShouldBe(2);
            var notifications = await fixture.NotificationsAsync(caseId);
            notifications.Count.ShouldBe(2);
            notifications.Single(n => n.WorkOrderId == orderId).Recipient.ShouldBe(unit);
            notifications.Single(n => n.WorkOrderId is null).Recipient.ShouldBe(Township);
            notifications.Single(n => n.WorkOrderId is null).Message.ShouldStartWith("超时督办：案件 E0102");
        }
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM supervision WHERE case_id = ANY($1)", orders.Select(o => o.Case).ToArray()))
            .ShouldBe(40);
    }

    [Fact]
    public async Task A_run_six_working_days_later_catches_up_the_next_day_reminder_and_public_criticism_with_their_true_due_times()
    {
        var caseId = await fixture.CaseAsync("dispatched", deadline: At(12, 31, 17, 30));
        var orderId = await fixture.OrderAsync(caseId, Police, Deadline, state: "in_progress");

        // The service was down from before the deadline until Monday 30 November (6 working days later).
        var run = await fixture.Supervision.RunOnceAsync(At(11, 30, 10, 0), CancellationToken.None);

        run.Failed.ShouldBe(0);
        (await fixture.SupervisionsAsync(caseId)).ShouldBe([
            new SupervisionRow(orderId, "overdue", Deadline),
            new SupervisionRow(orderId, "next_day_reminder", At(11, 23, 8, 30)),
            new SupervisionRow(orderId, "public_criticism", At(11, 27, 17, 30)),
        ]);
        (await fixture.TimelineAsync(caseId)).Select(t => t.Note).ShouldBe([
            "超时督办：凌云县公安局泗城派出所的工单已超过办理时限（时限 11月20日 17:30）",
            "次日催办：凌云县公安局泗城派出所的工单超过办理时限，次日仍未办结（时限 11月20日 17:30）",
            "通报批评：凌云县公安局泗城派出所的工单超过办理时限 5 个工作日仍未办结（时限 11月20日 17:30）",
        ]);
        var notifications = await fixture.NotificationsAsync(caseId);
        notifications.Count.ShouldBe(3);
        notifications.ShouldAllBe(n => n.Recipient == Police && n.WorkOrderId == orderId);

        (await fixture.Supervision.RunOnceAsync(At(12, 20, 10, 0), CancellationToken.None)).Failed.ShouldBe(0);
        (await fixture.SupervisionsAsync(caseId)).Count.ShouldBe(3); // every level is raised once, however late the next run
    }

    [Fact]
    public async Task A_restarted_app_raises_only_the_thresholds_the_previous_process_had_not()
    {
        var caseId = await fixture.CaseAsync("dispatched", deadline: At(12, 31, 17, 30));
        var orderId = await fixture.OrderAsync(caseId, Chengguan, Deadline);
        await fixture.Supervision.RunOnceAsync(At(11, 20, 18, 0), CancellationToken.None);

        // A new process over the same database (the old one stopped on Friday evening; the new one starts the next week).
        await using (var restarted = new ClocksOffAppFactory(fixture.Database.ConnectionString))
        {
            var service = restarted.Services.GetRequiredService<SupervisionService>();
            await service.RunOnceAsync(At(11, 30, 10, 0), CancellationToken.None);
            await service.RunOnceAsync(At(11, 30, 10, 1), CancellationToken.None);
        }

        (await fixture.SupervisionsAsync(caseId)).ShouldBe([
            new SupervisionRow(orderId, "overdue", Deadline),
            new SupervisionRow(orderId, "next_day_reminder", At(11, 23, 8, 30)),
            new SupervisionRow(orderId, "public_criticism", At(11, 27, 17, 30)),
        ]);
        (await fixture.TimelineAsync(caseId)).Count.ShouldBe(3);
        (await fixture.NotificationsAsync(caseId)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_run_between_thresholds_raises_only_those_passed_and_the_next_run_adds_the_rest()
    {
        var caseId = await fixture.CaseAsync("rework", deadline: Deadline);

        await fixture.Supervision.RunOnceAsync(At(11, 23, 8, 31), CancellationToken.None);
        (await fixture.SupervisionsAsync(caseId)).Select(s => s.Level).ShouldBe(["overdue", "next_day_reminder"]);
        await fixture.Supervision.RunOnceAsync(At(11, 27, 17, 30), CancellationToken.None); // exactly 5 working days is not more than 5
        (await fixture.SupervisionsAsync(caseId)).Count.ShouldBe(2);
        await fixture.Supervision.RunOnceAsync(At(11, 27, 17, 31), CancellationToken.None);

        (await fixture.SupervisionsAsync(caseId)).Select(s => s.Level).ShouldBe(["overdue", "next_day_reminder", "public_criticism"]);
        var notifications = await fixture.NotificationsAsync(caseId);
        notifications.ShouldAllBe(n => n.Recipient == Township && n.WorkOrderId == null);
        notifications[^1].Message.ShouldStartWith("通报批评：案件 E0102");
    }

    [Fact]
    public async Task Items_before_their_deadline_shelved_or_closed_cases_and_finished_or_extended_orders_get_nothing()
    {
        var notYet = await fixture.CaseAsync("dispatched", deadline: At(11, 21, 9, 0));
        await fixture.OrderAsync(notYet, Chengguan, At(11, 21, 9, 0));
        var shelved = await fixture.CaseAsync("shelved", deadline: Deadline);
        var closed = await fixture.CaseAsync("closed", deadline: Deadline, closureType: "overdue");
        await fixture.OrderAsync(closed, Chengguan, Deadline, state: "fed_back");
        var running = await fixture.CaseAsync("dispatched", deadline: At(12, 31, 17, 30));
        await fixture.OrderAsync(running, Chengguan, Deadline, state: "fed_back");
        await fixture.OrderAsync(running, Police, Deadline, extension: "approved", extensionUntil: At(12, 4, 17, 30));

        await fixture.Supervision.RunOnceAsync(At(11, 20, 18, 0), CancellationToken.None);
        (await fixture.SupervisionsAsync(notYet)).ShouldBeEmpty();
        await fixture.Supervision.RunOnceAsync(At(11, 30, 10, 0), CancellationToken.None);

        foreach (var caseId in new[] { shelved, closed, running })
        {
            (await fixture.SupervisionsAsync(caseId)).ShouldBeEmpty();
            (await fixture.TimelineAsync(caseId)).ShouldBeEmpty();
            (await fixture.NotificationsAsync(caseId)).ShouldBeEmpty();
        }
        // Once its deadline (Saturday 09:00) has passed, the order and the case are supervised like any other: by Monday
        // 30 November each has passed all three thresholds (5 working days from Monday 08:30 end Friday 17:30).
        (await fixture.SupervisionsAsync(notYet)).Count(s => s.Level == "public_criticism").ShouldBe(2);
    }

    [Fact]
    public async Task A_whistled_unit_not_on_site_by_its_arrival_deadline_is_supervised_once_and_one_that_arrived_in_time_is_not()
    {
        var whistled = At(11, 20, 10, 0);
        var arrivalDeadline = whistled.AddMinutes(30);
        var caseId = await fixture.CaseAsync("dispatched", deadline: At(12, 31, 17, 30));
        var absent = await fixture.OrderAsync(caseId, Chengguan, At(12, 31, 17, 30), state: "signed",
            whistleKind: "emergency", whistledAt: whistled, arrivalDeadline: arrivalDeadline);
        await fixture.OrderAsync(caseId, Police, At(12, 31, 17, 30), state: "arrived",
            whistleKind: "emergency", whistledAt: whistled, arrivalDeadline: arrivalDeadline, arrivedAt: whistled.AddMinutes(20));

        (await fixture.Supervision.RunOnceAsync(arrivalDeadline, CancellationToken.None)).Raised.ShouldBe(0); // not late at 10:30 sharp
        await fixture.Supervision.RunOnceAsync(arrivalDeadline.AddMinutes(1), CancellationToken.None);
        await fixture.Supervision.RunOnceAsync(arrivalDeadline.AddMinutes(10), CancellationToken.None);

        (await fixture.SupervisionsAsync(caseId)).ShouldBe([new SupervisionRow(absent, "late_arrival", arrivalDeadline)]);
        (await fixture.TimelineAsync(caseId)).ShouldHaveSingleItem().Note
            .ShouldBe("到场督办：凌云县城市管理综合执法局未在 11月20日 10:30 前到场报到（应急哨）");
        var notification = (await fixture.NotificationsAsync(caseId)).ShouldHaveSingleItem();
        notification.Recipient.ShouldBe(Chengguan);
        notification.Message.ShouldContain("请立即到场报到");
    }

    [Fact]
    public async Task A_unit_that_arrived_late_while_no_instance_was_running_is_still_recorded_once()
    {
        var whistled = At(11, 20, 9, 0);
        var caseId = await fixture.CaseAsync("dispatched", deadline: At(12, 31, 17, 30));
        var late = await fixture.OrderAsync(caseId, Police, At(12, 31, 17, 30), state: "in_progress",
            whistleKind: "tough", whistledAt: whistled, arrivalDeadline: whistled.AddHours(2), arrivedAt: whistled.AddHours(3));

        await fixture.Supervision.RunOnceAsync(At(11, 20, 15, 0), CancellationToken.None);
        await fixture.Supervision.RunOnceAsync(At(11, 20, 16, 0), CancellationToken.None);

        (await fixture.SupervisionsAsync(caseId)).ShouldBe([new SupervisionRow(late, "late_arrival", whistled.AddHours(2))]);
        (await fixture.TimelineAsync(caseId)).ShouldHaveSingleItem().Note
            .ShouldBe("到场督办：凌云县公安局泗城派出所迟到报到（攻坚哨，应于 11月20日 11:00 前到场，实际 11月20日 12:00）");
    }
}
