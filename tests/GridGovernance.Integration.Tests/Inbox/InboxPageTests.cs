using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using Microsoft.Extensions.Logging;
using static GridGovernance.Integration.Tests.Inbox.InboxScenario;

namespace GridGovernance.Integration.Tests.Inbox;

public sealed class InboxPageTests(InboxFixture fixture) : IClassFixture<InboxFixture>
{
    private Task<StaffSession> LoginAsync(string username) => StaffSession.Start(fixture.Factory).LoggedInAsync(username);

    private Task<string> OrderStateAsync(long orderId) => fixture.Database.ScalarAsync<string>("SELECT state FROM work_order WHERE id = $1", orderId);

    private Task<string> CaseStateAsync(long caseId) => fixture.Database.ScalarAsync<string>("SELECT state FROM case_file WHERE id = $1", caseId);

    private Task<string> NumberAsync(long caseId) => fixture.Database.ScalarAsync<string>("SELECT number FROM case_file WHERE id = $1", caseId);

    [Fact]
    public async Task Another_unit_s_order_answers_404_with_a_page_and_the_attempt_is_logged()
    {
        using var worker = await LoginAsync("gridworker");
        using var dispatcher = await LoginAsync("dispatcher");
        using var police = await LoginAsync("dept-police");
        using var chengguan = await LoginAsync("dept-chengguan");
        var caseId = await CaseForAsync(fixture, worker, dispatcher, [InboxFixture.Chengguan], whistleKind: null);
        var orderId = await OrderOfAsync(fixture, caseId, InboxFixture.Chengguan);
        var sha = await fixture.Database.ScalarAsync<string>("SELECT photo_sha256 FROM case_photo WHERE case_id = $1", caseId);

        var page = await police.Client.GetAsync($"/inbox/orders/{orderId}");
        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await page.Content.ReadAsStringAsync()).ShouldContain("不属于您的单位");
        fixture.Factory.Log.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Category == "GridGovernance.Accounts.Scope"
            && e.Message.Contains($"Work order {orderId} not found", StringComparison.Ordinal));
        (await police.Client.GetAsync($"/inbox/orders/{orderId}/photos/{sha}?thumbnail=true")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The police station's form aimed at the other unit's order changes nothing.
        var ownCase = await CaseForAsync(fixture, worker, dispatcher, [InboxFixture.Police]);
        var ownForm = await OpenFormAsync(police, await OrderOfAsync(fixture, ownCase, InboxFixture.Police), "sign");
        (await ActAsync(police, orderId, "sign", form: ownForm)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await OrderStateAsync(orderId)).ShouldBe("pending");

        // The unit holding the order sees the case's photo, full size and thumbnail.
        var photo = await chengguan.Client.GetAsync($"/inbox/orders/{orderId}/photos/{sha}");
        photo.StatusCode.ShouldBe(HttpStatusCode.OK);
        photo.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        (await chengguan.Client.GetAsync($"/inbox/orders/{orderId}/photos/{sha}?thumbnail=true")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await chengguan.Client.GetStringAsync($"/inbox/orders/{orderId}");
        html.ShouldContain($"/inbox/orders/{orderId}/photos/{sha}?thumbnail=true");
        html.ShouldContain($"/map?focus={InboxFixture.Grid}");
    }

    [Fact]
    public async Task The_list_shows_only_the_unit_s_orders_with_their_clocks_and_a_whistle_s_arrival_countdown()
    {
        using var worker = await LoginAsync("gridworker");
        using var dispatcher = await LoginAsync("dispatcher");
        using var police = await LoginAsync("dept-police");
        using var chengguan = await LoginAsync("dept-chengguan");
        var dispatched = await CaseForAsync(fixture, worker, dispatcher, [InboxFixture.Chengguan], whistleKind: null);
        var whistled = await CaseForAsync(fixture, worker, dispatcher, [InboxFixture.Police]);

        var policeList = await police.Client.GetStringAsync("/inbox");
        policeList.ShouldContain($"data-case-number=\"{await NumberAsync(whistled)}\"");
        policeList.ShouldNotContain(await NumberAsync(dispatched)); // neither as an order nor in a notice
        policeList.ShouldContain("应急哨：");
        policeList.ShouldMatch("须于 [0-9]{2}:[0-9]{2} 前到场，剩 (30|29) 分钟");
        policeList.ShouldContain("待签收");

        var chengguanList = await chengguan.Client.GetStringAsync("/inbox");
        chengguanList.ShouldContain($"data-case-number=\"{await NumberAsync(dispatched)}\"");
        chengguanList.ShouldNotContain(await NumberAsync(whistled));
        chengguanList.ShouldMatch("data-light=\"(green|yellow|red)\"");
        chengguanList.ShouldNotContain("前到场");
        // Finished orders are under 已办, not 待办.
        (await chengguan.Client.GetStringAsync("/inbox?tab=done")).ShouldNotContain($"data-case-number=\"{await NumberAsync(dispatched)}\"");
    }

    [Fact]
    public async Task An_overdue_order_shows_a_red_light_and_a_missed_arrival_limit_in_red()
    {
        using var worker = await LoginAsync("gridworker");
        using var dispatcher = await LoginAsync("dispatcher");
        using var police = await LoginAsync("dept-police");
        var caseId = await CaseForAsync(fixture, worker, dispatcher, [InboxFixture.Police]);
        var orderId = await OrderOfAsync(fixture, caseId, InboxFixture.Police);
        // Time passes: the order's limit ran out a week ago and its arrival limit five minutes ago.
        (await fixture.Database.ScalarAsync<int>("""
            WITH late AS (UPDATE work_order SET dispatched_at = now() - interval '14 days', deadline_at = now() - interval '7 days',
                                                arrival_deadline_at = now() - interval '5 minutes'
                          WHERE id = $1 RETURNING 1)
            SELECT count(*)::int FROM late
            """, orderId)).ShouldBe(1);

        var page = await police.Client.GetStringAsync($"/inbox/orders/{orderId}");
        page.ShouldContain("data-light=\"red\"");
        page.ShouldMatch("红灯 · 超时 [0-9]");
        page.ShouldContain("inbox-arrival-late");
        page.ShouldMatch("前到场，超时 (5|6) 分钟");
        // The overdue order still heads the 待办 list: the nearest (here: missed) limit first.
        var list = await police.Client.GetStringAsync("/inbox");
        list.IndexOf($"data-order=\"{orderId}\"", StringComparison.Ordinal).ShouldBe(list.IndexOf("data-order=\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_arrive_start_and_feedback_through_the_pages_move_the_only_order_and_its_case_to_pending_check()
    {
        using var worker = await LoginAsync("gridworker");
        using var dispatcher = await LoginAsync("dispatcher");
        using var police = await LoginAsync("dept-police");
        var caseId = await CaseForAsync(fixture, worker, dispatcher, [InboxFixture.Police]);
        var orderId = await OrderOfAsync(fixture, caseId, InboxFixture.Police);

        var signForm = await OpenFormAsync(police, orderId, "sign");
        await ShouldLandAsync(await ActAsync(police, orderId, "sign", form: signForm), orderId, "sign");
        // The same form again (a double tap on a weak link) lands once.
        await ShouldLandAsync(await ActAsync(police, orderId, "sign", form: signForm), orderId, "sign");
        (await police.Client.GetStringAsync($"/inbox/orders/{orderId}?done=sign")).ShouldContain("已签收。");
        (await OrderStateAsync(orderId)).ShouldBe("signed");

        // 报到 without a position (no JavaScript, or location refused): the domain's refusal says why.
        var noPosition = await ActAsync(police, orderId, "arrive");
        noPosition.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await StaffSession.ErrorOn(noPosition)).ShouldBe("报到须提供当前位置（经纬度）。");
        await ShouldLandAsync(await ActAsync(police, orderId, "arrive", position: fixture.Inside), orderId, "arrive");
        await ShouldLandAsync(await ActAsync(police, orderId, "start"), orderId, "start");
        (await CaseStateAsync(caseId)).ShouldBe("dispatched");
        await ShouldLandAsync(await ActAsync(police, orderId, "feedback", reason: "已到场疏导，井盖已补齐", photos: 1), orderId, "feedback");

        (await fixture.Database.ScalarAsync<string>(
            "SELECT state || '|' || feedback_note || '|' || (arrival_geom IS NOT NULL) FROM work_order WHERE id = $1", orderId))
            .ShouldBe("fed_back|已到场疏导，井盖已补齐|true");
        (await CaseStateAsync(caseId)).ShouldBe("pending_check");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_photo WHERE case_id = $1 AND kind = 'after'", caseId)).ShouldBe(1);
        (await fixture.Database.ScalarAsync<string>(
            "SELECT string_agg(action, ',' ORDER BY id) FROM case_timeline WHERE work_order_id = $1", orderId)).ShouldBe("sign,arrive,start,feedback");

        var page = await police.Client.GetStringAsync($"/inbox/orders/{orderId}?done=feedback");
        page.ShouldContain("已反馈。");
        page.ShouldContain("待核查");
        page.ShouldContain("处置后照片");
        page.ShouldNotContain("data-actions");
        page.ShouldContain("已于 ");
        (await police.Client.GetStringAsync("/inbox?tab=done")).ShouldContain($"data-case-number=\"{await NumberAsync(caseId)}\"");
    }

    [Fact]
    public async Task Starting_a_whistle_before_reporting_in_shows_the_domain_s_refusal_and_changes_nothing()
    {
        using var worker = await LoginAsync("gridworker");
        using var dispatcher = await LoginAsync("dispatcher");
        using var police = await LoginAsync("dept-police");
        var caseId = await CaseForAsync(fixture, worker, dispatcher, [InboxFixture.Police]);
        var orderId = await OrderOfAsync(fixture, caseId, InboxFixture.Police);
        await ShouldLandAsync(await ActAsync(police, orderId, "sign"), orderId, "sign");

        // The page no longer offers 开始处置 before 报到; a post made anyway (with the 报到 form's key) is still refused.
        (await (await police.Client.GetAsync($"/inbox/orders/{orderId}")).Content.ReadAsStringAsync()).ShouldNotContain("data-action=\"start\"");
        var start = await ActAsync(police, orderId, "start", form: await OpenFormAsync(police, orderId, "arrive"));
        start.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await StaffSession.ErrorOn(start)).ShouldBe("吹哨召集的单位须先到场报到，才能开始处置。");
        (await OrderStateAsync(orderId)).ShouldBe("signed");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE work_order_id = $1", orderId)).ShouldBe(1);
    }

    [Fact]
    public async Task Returning_an_order_needs_a_reason_and_the_typed_words_survive_a_refusal()
    {
        using var worker = await LoginAsync("gridworker");
        using var dispatcher = await LoginAsync("dispatcher");
        using var chengguan = await LoginAsync("dept-chengguan");
        var caseId = await CaseForAsync(fixture, worker, dispatcher, [InboxFixture.Chengguan], whistleKind: null);
        var orderId = await OrderOfAsync(fixture, caseId, InboxFixture.Chengguan);

        var blank = await ActAsync(chengguan, orderId, "return", reason: "   ");
        blank.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await StaffSession.ErrorOn(blank)).ShouldBe("退单须说明理由。");
        (await OrderStateAsync(orderId)).ShouldBe("pending");

        var tooLong = await ActAsync(chengguan, orderId, "return", reason: new string('长', 2001));
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooLong.Content.ReadAsStringAsync()).ShouldContain(new string('长', 2001)); // kept in the textarea to shorten

        await ShouldLandAsync(await ActAsync(chengguan, orderId, "return", reason: "井盖属供水公司，不属城管职责"), orderId, "return");
        (await fixture.Database.ScalarAsync<string>("SELECT state || '|' || returned_reason FROM work_order WHERE id = $1", orderId))
            .ShouldBe("returned|井盖属供水公司，不属城管职责");
        // The only unit returned it: the case goes back to the dispatcher to re-dispatch.
        (await CaseStateAsync(caseId)).ShouldBe("accepted");
    }

    [Fact]
    public async Task An_extension_is_asked_for_in_china_time_before_the_deadline_and_a_date_not_later_is_refused()
    {
        using var worker = await LoginAsync("gridworker");
        using var dispatcher = await LoginAsync("dispatcher");
        using var chengguan = await LoginAsync("dept-chengguan");
        var caseId = await CaseForAsync(fixture, worker, dispatcher, [InboxFixture.Chengguan], whistleKind: null);
        var orderId = await OrderOfAsync(fixture, caseId, InboxFixture.Chengguan);
        await ShouldLandAsync(await ActAsync(chengguan, orderId, "sign"), orderId, "sign");
        var deadline = await fixture.Database.ScalarAsync<DateTime>("SELECT deadline_at FROM work_order WHERE id = $1", orderId);
        string China(DateTime utc) => new DateTimeOffset(utc, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(8))
            .ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

        var earlier = await ActAsync(chengguan, orderId, "request_extension", reason: "需协调供水公司", until: China(deadline.AddHours(-1)));
        earlier.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await StaffSession.ErrorOn(earlier)).ShouldBe("申请的新时限须晚于当前时限。");

        var wanted = deadline.AddDays(2);
        await ShouldLandAsync(await ActAsync(chengguan, orderId, "request_extension", reason: "需协调供水公司", until: China(wanted)),
            orderId, "request_extension");
        (await fixture.Database.ScalarAsync<string>("SELECT extension_status FROM work_order WHERE id = $1", orderId)).ShouldBe("requested");
        (await fixture.Database.ScalarAsync<DateTime>("SELECT extension_until FROM work_order WHERE id = $1", orderId))
            .ShouldBe(new DateTime(wanted.Year, wanted.Month, wanted.Day, wanted.Hour, wanted.Minute, 0, DateTimeKind.Utc));
        (await chengguan.Client.GetStringAsync($"/inbox/orders/{orderId}")).ShouldContain("延期待审批");
    }

    [Fact]
    public async Task The_unit_s_notifications_appear_newest_first_highlighted_once_and_are_then_marked_read()
    {
        using var worker = await LoginAsync("gridworker");
        using var dispatcher = await LoginAsync("dispatcher");
        using var police = await LoginAsync("dept-police");
        var first = await CaseForAsync(fixture, worker, dispatcher, [InboxFixture.Police]);
        var second = await CaseForAsync(fixture, worker, dispatcher, [InboxFixture.Police]);
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notification WHERE recipient_scope = $1 AND read_at IS NULL AND case_id = ANY($2)",
            InboxFixture.Police, new[] { first, second })).ShouldBe(2);

        var html = await police.Client.GetStringAsync("/inbox");
        html.ShouldContain("未读）");
        var newer = html.IndexOf($"案件 {await NumberAsync(second)}", StringComparison.Ordinal);
        var older = html.IndexOf($"案件 {await NumberAsync(first)}", StringComparison.Ordinal);
        newer.ShouldBeGreaterThan(0);
        older.ShouldBeGreaterThan(newer);
        html.ShouldContain("data-unread=\"true\"");

        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notification WHERE recipient_scope = $1 AND read_at IS NULL", InboxFixture.Police)).ShouldBe(0);
        var again = await police.Client.GetStringAsync("/inbox");
        again.ShouldNotContain("data-unread=\"true\"");
        again.ShouldContain($"案件 {await NumberAsync(second)}");
        // Another unit's notices are never shown to the police station, nor marked read by it.
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM notification WHERE recipient_scope = $1 AND read_at IS NOT NULL", "451027100")).ShouldBe(0);
    }

    [Fact]
    public async Task A_department_with_a_live_order_whistles_another_unit_for_joint_work_and_a_whistle_without_units_is_refused()
    {
        using var worker = await LoginAsync("gridworker");
        using var dispatcher = await LoginAsync("dispatcher");
        using var police = await LoginAsync("dept-police");
        using var chengguan = await LoginAsync("dept-chengguan");
        var caseId = await CaseForAsync(fixture, worker, dispatcher, [InboxFixture.Police]);
        var orderId = await OrderOfAsync(fixture, caseId, InboxFixture.Police);
        var html = await police.Client.GetStringAsync($"/inbox/orders/{orderId}");
        html.ShouldContain("联合吹哨（召集其他单位）");
        html.ShouldContain($"value=\"{InboxFixture.Chengguan}\"");
        html.ShouldNotContain($"name=\"units\" value=\"{InboxFixture.Police}\"");

        async Task<HttpResponseMessage> WhistleAsync(params string[] units)
        {
            var form = await OpenFormAsync(police, orderId, "whistle");
            var fields = new List<KeyValuePair<string, string>>
            {
                new("__RequestVerificationToken", form.Token), new("requestKey", form.Key), new("whistleKind", "tough"), new("reason", "占道严重，需城管联合执法"),
            };
            fields.AddRange(units.Select(u => new KeyValuePair<string, string>("units", u)));
            return await police.Client.PostAsync($"/inbox/orders/{orderId}/whistle", new FormUrlEncodedContent(fields));
        }

        var none = await WhistleAsync();
        none.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await StaffSession.ErrorOn(none)).ShouldBe("吹哨须至少召集一个单位。");

        var joint = await WhistleAsync(InboxFixture.Chengguan);
        joint.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await StaffSession.ErrorOn(joint) ?? "");
        joint.Headers.Location!.OriginalString.ShouldBe($"/inbox/orders/{orderId}?done=whistle");
        (await fixture.Database.ScalarAsync<string>("""
            SELECT w.kind || '|' || o.state || '|' || a.username FROM work_order o JOIN whistle w ON w.id = o.whistle_id
            JOIN staff_account a ON a.id = w.blown_by WHERE o.case_id = $1 AND o.unit_code = $2
            """, caseId, InboxFixture.Chengguan)).ShouldBe("tough|pending|dept-police");
        (await chengguan.Client.GetStringAsync("/inbox")).ShouldContain($"data-case-number=\"{await NumberAsync(caseId)}\"");
        (await police.Client.GetStringAsync($"/inbox/orders/{orderId}?done=whistle")).ShouldContain("已联合吹哨");
    }

    [Fact]
    public async Task Staff_who_are_not_in_a_department_are_sent_to_the_access_denied_page()
    {
        using var dispatcher = await LoginAsync("dispatcher");
        var response = await dispatcher.Client.GetAsync("/inbox");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldContain("/account/denied");
        using var anonymous = StaffSession.Start(fixture.Factory);
        (await anonymous.Client.GetAsync("/inbox")).Headers.Location!.OriginalString.ShouldContain("/login");
    }
}
