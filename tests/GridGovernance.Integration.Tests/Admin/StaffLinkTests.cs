using GridGovernance.Web.Features.Admin;
using Npgsql;

namespace GridGovernance.Integration.Tests.Admin;

/// <summary>
/// The territory's people linked to their accounts (migration 0025, StaffLinkService): a grid's 网格长/网格员 and a 十联户
/// unit's 联户长. Each link and unlink with its audit row; the refusals — an account of another role or place, one already
/// serving another post, a post outside the caller's territory, a role that manages no accounts — in Chinese with nothing
/// written; 开通账号 creates and links in one transaction; the database keeps links fitting whoever writes.
/// </summary>
public sealed class StaffLinkTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private const string Grid1 = "451027100001001";
    private const string Grid2 = "451027100001002";
    private const string DemoUnit = "451027100001001001";

    private StaffLinkService Links => fixture.Service<StaffLinkService>();
    private AccountAdminService Accounts => fixture.Service<AccountAdminService>();

    private Task<long> StaffId(string grid, string role, string name) => fixture.Database.ScalarAsync<long>(
        "SELECT id FROM grid_staff WHERE grid_code = $1 AND role = $2 AND name = $3 ORDER BY id LIMIT 1", grid, role, name);

    /// <summary>The account linked to a grid_staff row; 0 for none.</summary>
    private Task<long> AccountOf(long gridStaffId) =>
        fixture.Database.ScalarAsync<long>("SELECT coalesce(account_id, 0) FROM grid_staff WHERE id = $1", gridStaffId);

    private Task<long> LeaderAccountOf(string unit) =>
        fixture.Database.ScalarAsync<long>("SELECT coalesce(leader_account_id, 0) FROM link_unit WHERE code = $1", unit);

    private Task<long> HeadOf(string grid) =>
        fixture.Database.ScalarAsync<long>("SELECT id FROM grid_staff WHERE grid_code = $1 AND role = 'grid_head' ORDER BY id LIMIT 1", grid);

    /// <summary>A 网格员 of the first grid other than the demo grid worker (whose account is linked when the demo is seeded).</summary>
    private async Task<(long Id, string Name)> OtherGridWorker()
    {
        var demo = await fixture.StaffAsync("gridworker");
        var id = await fixture.Database.ScalarAsync<long>(
            "SELECT id FROM grid_staff WHERE grid_code = $1 AND role = 'grid_worker' AND name <> $2 ORDER BY id LIMIT 1", Grid1, demo.DisplayName);
        return (id, await fixture.Database.ScalarAsync<string>("SELECT name FROM grid_staff WHERE id = $1", id));
    }

    private Task<long> AuditRows(string action, string subjectId) =>
        fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action = $1 AND subject_id = $2", action, subjectId);

    [Fact]
    public async Task The_demo_accounts_are_linked_to_their_posts_and_the_grid_list_shows_who_has_an_account()
    {
        var admin = await fixture.StaffAsync("admin");
        var gridworker = await fixture.StaffAsync("gridworker");
        var leader = await fixture.StaffAsync("leader");
        var demoPost = await StaffId(Grid1, "grid_worker", gridworker.DisplayName);
        (await AccountOf(demoPost)).ShouldBe(gridworker.Id);
        (await LeaderAccountOf(DemoUnit)).ShouldBe(leader.Id);

        var found = await Links.GridPostsAsync(admin, Grid1, default);
        found.HasValue.ShouldBeTrue();
        var grid = found.Value;
        grid.GridName.ShouldBe(await fixture.Database.ScalarAsync<string>("SELECT name FROM grid WHERE code = $1", Grid1));
        var staffCount = await fixture.CountAsync("SELECT count(*) FROM grid_staff WHERE grid_code = $1", Grid1);
        var unitCount = await fixture.CountAsync("SELECT count(*) FROM link_unit WHERE grid_code = $1", Grid1);
        grid.Posts.Count.ShouldBe((int)(staffCount + unitCount));
        grid.Posts[0].PostName.ShouldBe("网格长");
        var linked = grid.Posts.Single(p => p.Target == StaffLinkTarget.GridStaff(demoPost));
        linked.Account.ShouldNotBeNull().Username.ShouldBe("gridworker");
        linked.MaskedPhone.ShouldNotBeNull().ShouldContain("****");
        grid.Posts.Single(p => p.Target == StaffLinkTarget.LinkUnit(DemoUnit)).Account!.Username.ShouldBe("leader");
        var other = StaffLinkTarget.GridStaff((await OtherGridWorker()).Id);
        grid.Posts.Single(p => p.Target == other).Account.ShouldBeNull();

        // The accounts list names the post (the 联户长 by the leader household's name).
        var row = (await Accounts.FindAsync(admin, gridworker.Id, default)).ShouldNotBeNull();
        row.LinkedPost.ShouldBe($"网格员 {gridworker.DisplayName}");
        (await Accounts.FindAsync(admin, leader.Id, default))!.LinkedPost.ShouldStartWith("联户长 ");
        var (current, open) = await Links.AccountPostsAsync(admin, gridworker.Id, default);
        current.ShouldNotBeNull().Label.ShouldContain($"网格员 {gridworker.DisplayName}");
        open.ShouldAllBe(p => p.Account == null && p.PlaceCode == Grid1);
    }

    [Fact]
    public async Task Opening_an_account_for_a_grid_worker_prefills_the_form_and_creates_and_links_in_one_transaction_with_audit_rows()
    {
        var admin = await fixture.StaffAsync("admin");
        var (huang, huangName) = await OtherGridWorker();
        var target = StaffLinkTarget.GridStaff(huang);
        var input = (await Links.PrefillAsync(admin, target, default)).ShouldNotBeNull();
        input.DisplayName.ShouldBe(huangName);
        input.Role.ShouldBe("grid_worker");
        input.ScopeCode.ShouldBe(Grid1);
        input.Username.ShouldBe(await fixture.Database.ScalarAsync<string>("SELECT phone FROM grid_staff WHERE id = $1", huang));
        // The whole work phone went to the page: that is on the audit trail.
        (await AuditRows("phone.reveal", huang.ToString(System.Globalization.CultureInfo.InvariantCulture))).ShouldBe(1);

        var outcome = await Accounts.CreateAsync(admin, input, target, default);
        outcome.Status.ShouldBe(AdminStatus.Ok, outcome.Message);
        outcome.Message!.ShouldContain("已关联");
        (await AccountOf(huang)).ShouldBe(outcome.Id!.Value);
        await AuditAssert.RecordedAsync(fixture.Database, "account.create", outcome.Id!.Value, admin.Id, mustNotContain: outcome.OneTimePassword!);
        (await fixture.Database.ScalarAsync<string>(
            "SELECT summary || ' ' || (after->>'accountId') FROM audit_log WHERE action = 'staff_link.link' AND subject_kind = 'grid_staff' AND subject_id = $1 AND actor_id = $2",
            huang.ToString(System.Globalization.CultureInfo.InvariantCulture), admin.Id))
            .ShouldBe($"关联账号：网格员 {huangName}（{(await Links.GridPostsAsync(admin, Grid1, default))!.Value.GridName}） ↔ {input.Username}（{huangName}） {outcome.Id}");
        (await Links.GridPostsAsync(admin, Grid1, default))!.Value.Posts.Single(p => p.Target == target).Account!.Id.ShouldBe(outcome.Id!.Value);

        // A second account for the same post: refused, and the account is not created either.
        var again = await Accounts.CreateAsync(admin, input with { Username = "13800000777", Phone = "13800000777" }, target, default);
        again.Status.ShouldBe(AdminStatus.Invalid);
        again.Errors["post"].ShouldContain("已关联账号");
        (await fixture.CountAsync("SELECT count(*) FROM staff_account WHERE username = '13800000777'")).ShouldBe(0);
    }

    [Fact]
    public async Task Accounts_of_another_role_or_place_or_already_serving_a_post_are_refused_in_chinese_and_nothing_is_written()
    {
        var admin = await fixture.StaffAsync("admin");
        var head = await HeadOf(Grid1);
        var target = StaffLinkTarget.GridStaff(head);
        var before = await fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'staff_link.%'");
        var headAccount = await AccountOf(head);

        // A grid worker of another grid.
        var otherGrid = await Links.LinkAsync(admin, target, (await fixture.StaffAsync("gridworker2")).Id, default);
        otherGrid.Status.ShouldBe(AdminStatus.Invalid);
        otherGrid.Errors["account"].ShouldBe(
            $"账号 gridworker2 是网格员账号（{Grid2}），不能关联为网格长：网格长只能关联本网格（{Grid1}）的网格员账号，或本村（社区）（451027100001）的村（社区）干部账号。");
        // A 联户长 account.
        var leader = await Links.LinkAsync(admin, target, (await fixture.StaffAsync("leader")).Id, default);
        leader.Errors["account"].ShouldContain("是联户长账号");
        // An account already serving another post (a grid worker of the grid would fit a 网格长).
        var busy = await Links.LinkAsync(admin, target, (await fixture.StaffAsync("gridworker")).Id, default);
        busy.Errors["account"].ShouldBe($"账号 gridworker 已关联为网格员 {(await fixture.StaffAsync("gridworker")).DisplayName}；一个账号只能关联一个岗位。");
        // A 联户长 post for a grid worker account.
        var unit = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM link_unit WHERE grid_code = $1 AND leader_household_code IS NOT NULL AND leader_account_id IS NULL ORDER BY code LIMIT 1", Grid1);
        (await Links.LinkAsync(admin, StaffLinkTarget.LinkUnit(unit), (await fixture.StaffAsync("gridworker2")).Id, default))
            .Errors["account"].ShouldContain($"联户长只能关联本十联户（{unit}）的联户长账号");
        // Missing posts and accounts answer alike.
        (await Links.LinkAsync(admin, StaffLinkTarget.GridStaff(99_999_999), (await fixture.StaffAsync("cadre")).Id, default)).Status.ShouldBe(AdminStatus.NotFound);
        (await Links.LinkAsync(admin, target, 99_999_999, default)).Message.ShouldBe("该账号不存在或不在您的管理范围内。");

        (await AccountOf(head)).ShouldBe(headAccount);
        (await fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'staff_link.%'")).ShouldBe(before);

        // The database holds the same rule against any writer.
        var e = await Should.ThrowAsync<PostgresException>(() => fixture.Database.ScalarAsync<int>(
            "WITH u AS (UPDATE grid_staff SET account_id = (SELECT id FROM staff_account WHERE username = 'leader') WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u",
            head));
        e.ConstraintName.ShouldBe("grid_staff_account_fits");
    }

    [Fact]
    public async Task Accounts_with_the_person_s_mobile_number_or_name_are_suggested_and_linked_all_or_none()
    {
        var admin = await fixture.StaffAsync("admin");
        // A grid of its own (not the grids the other tests link in) with two 网格员 posts without an account.
        var grid = await fixture.Database.ScalarAsync<string>("""
            SELECT grid_code FROM grid_staff WHERE role = 'grid_worker' AND account_id IS NULL AND grid_code NOT IN ($1, $2)
            GROUP BY grid_code HAVING count(*) >= 2 ORDER BY grid_code DESC LIMIT 1
            """, Grid1, Grid2);
        var posts = await fixture.Database.ScalarAsync<long[]>(
            "SELECT array_agg(id ORDER BY id) FROM grid_staff WHERE grid_code = $1 AND role = 'grid_worker' AND account_id IS NULL", grid);
        var (a, b) = (posts[0], posts[1]);
        var aPhone = await fixture.Database.ScalarAsync<string>("SELECT phone FROM grid_staff WHERE id = $1", a);
        var bName = await fixture.Database.ScalarAsync<string>("SELECT name FROM grid_staff WHERE id = $1", b);
        async Task<long> Create(string name, string username, string phone)
        {
            var created = await Accounts.CreateAsync(admin, new AccountInput(name, username, phone, "grid_worker", grid), null, default);
            created.Status.ShouldBe(AdminStatus.Ok, created.Message);
            return created.Id!.Value;
        }
        // A's mobile number under another name; B's name with another number; and a second account of B's name.
        var byPhone = await Create("网格员甲（测试）", "13800000901", aPhone);
        var byName = await Create(bName, "13800000902", "13800000902");
        var twin = await Create(bName, "13800000903", "13800000903");

        StaffPostRow Post(IReadOnlyList<StaffPostRow> rows, long id) => rows.Single(p => p.Target == StaffLinkTarget.GridStaff(id));
        var rows = (await Links.GridPostsAsync(admin, grid, default))!.Value.Posts;
        Post(rows, a).Suggested.ShouldNotBeNull().Id.ShouldBe(byPhone);
        Post(rows, a).Suggested!.MatchName.ShouldBe("手机号一致");
        Post(rows, a).Candidates[0].Id.ShouldBe(byPhone, "建议的账号排在候选的最前");
        // Two accounts of B's name: no suggestion, a person tells them apart.
        Post(rows, b).Suggested.ShouldBeNull();
        Post(rows, b).Candidates.Count(c => c.Match == LinkedAccount.NameMatch).ShouldBe(2);
        (await Accounts.DisableAsync(admin, twin, default)).Status.ShouldBe(AdminStatus.Ok);
        rows = (await Links.GridPostsAsync(admin, grid, default))!.Value.Posts;
        Post(rows, b).Suggested.ShouldNotBeNull().Id.ShouldBe(byName);
        Post(rows, b).Suggested!.MatchName.ShouldBe("姓名一致");

        // All or none: one pair that does not fit (a grid worker of another grid) and nothing is linked.
        var before = await fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'staff_link.link'");
        var refused = await Links.LinkManyAsync(admin,
            [(StaffLinkTarget.GridStaff(a), byPhone), (StaffLinkTarget.GridStaff(b), (await fixture.StaffAsync("gridworker2")).Id)], default);
        refused.Status.ShouldBe(AdminStatus.Invalid);
        refused.Errors["account"].ShouldContain("不能关联为网格员");
        (await AccountOf(a)).ShouldBe(0);
        (await fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'staff_link.link'")).ShouldBe(before);

        var linked = await Links.LinkManyAsync(admin, rows.Where(p => p.Suggested is not null).Select(p => (p.Target, p.Suggested!.Id)).ToList(), default);
        linked.Status.ShouldBe(AdminStatus.Ok, linked.Message);
        linked.Message.ShouldBe("已关联 2 个岗位。");
        (await AccountOf(a)).ShouldBe(byPhone);
        (await AccountOf(b)).ShouldBe(byName);
        (await fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'staff_link.link'")).ShouldBe(before + 2);
        (await Links.GridPostsAsync(admin, grid, default))!.Value.Posts.ShouldAllBe(p => p.Suggested == null);

        // A role that manages no accounts is refused.
        (await Links.LinkManyAsync(await fixture.StaffAsync("dept-chengguan"), [(StaffLinkTarget.GridStaff(a), byPhone)], default))
            .Status.ShouldBe(AdminStatus.Forbidden);
    }

    [Fact]
    public async Task A_village_cadre_may_serve_as_grid_head_and_unlinking_is_audited()
    {
        var admin = await fixture.StaffAsync("admin");
        var cadre = await fixture.StaffAsync("cadre");
        var head = await HeadOf(Grid1);
        var target = StaffLinkTarget.GridStaff(head);
        var subject = head.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var linked = await Links.LinkAsync(admin, target, cadre.Id, default);
        linked.Status.ShouldBe(AdminStatus.Ok, linked.Message);
        (await AccountOf(head)).ShouldBe(cadre.Id);
        (await AuditRows("staff_link.link", subject)).ShouldBe(1);
        (await Links.LinkAsync(admin, target, cadre.Id, default)).Errors["post"].ShouldContain("已关联该账号");

        var unlinked = await Links.UnlinkAsync(admin, target, default);
        unlinked.Status.ShouldBe(AdminStatus.Ok, unlinked.Message);
        (await AccountOf(head)).ShouldBe(0);
        var audit = await fixture.Database.ScalarAsync<string>(
            "SELECT summary || ' ' || (before->>'username') FROM audit_log WHERE action = 'staff_link.unlink' AND subject_id = $1 AND actor_id = $2", subject, admin.Id);
        audit.ShouldContain($"解除关联：网格长 {await fixture.Database.ScalarAsync<string>("SELECT name FROM grid_staff WHERE id = $1", head)}");
        audit.ShouldEndWith(" cadre");
        (await Links.UnlinkAsync(admin, target, default)).Errors["post"].ShouldContain("没有关联账号");
    }

    [Fact]
    public async Task A_township_dispatcher_links_in_their_township_only_and_other_roles_are_refused()
    {
        var dispatcher = await fixture.StaffAsync("dispatcher");
        var head = await HeadOf(Grid1);
        var headAccount = await AccountOf(head);
        (await Links.GridPostsAsync(dispatcher, Grid2, default)).HasValue.ShouldBeTrue();
        (await Links.GridPostsAsync(dispatcher, fixture.OtherTownshipGrid, default)).HasValue.ShouldBeFalse();

        var outside = await fixture.Database.ScalarAsync<long>("SELECT id FROM grid_staff WHERE grid_code = $1 ORDER BY id LIMIT 1", fixture.OtherTownshipGrid);
        var refused = await Links.LinkAsync(dispatcher, StaffLinkTarget.GridStaff(outside), (await fixture.StaffAsync("gridworker2")).Id, default);
        refused.Status.ShouldBe(AdminStatus.NotFound);
        refused.Message.ShouldBe("该人员不存在或不在您的管辖范围内。");
        // A village cadre is not an account a dispatcher manages: outside its reach, though it would fit a 网格长.
        (await Links.LinkAsync(dispatcher, StaffLinkTarget.GridStaff(head), (await fixture.StaffAsync("cadre")).Id, default))
            .Status.ShouldBe(AdminStatus.NotFound);
        (await Links.PrefillAsync(dispatcher, StaffLinkTarget.GridStaff(outside), default)).ShouldBeNull();

        var police = await fixture.StaffAsync("dept-police");
        (await Links.LinkAsync(police, StaffLinkTarget.GridStaff(head), police.Id, default)).Status.ShouldBe(AdminStatus.Forbidden);
        (await Links.GridPostsAsync(police, Grid1, default)).HasValue.ShouldBeFalse();
        (await AccountOf(head)).ShouldBe(headAccount);
    }

    [Fact]
    public async Task A_link_ends_when_the_account_is_rescoped_or_the_unit_gets_another_leader()
    {
        var admin = await fixture.StaffAsync("admin");
        // A 联户长 account opened for a unit of the second grid (the phone is not pre-filled: it is a household's).
        var unit = await fixture.Database.ScalarAsync<string>(
            "SELECT code FROM link_unit WHERE grid_code = $1 AND leader_household_code IS NOT NULL AND leader_account_id IS NULL ORDER BY code LIMIT 1", Grid2);
        var target = StaffLinkTarget.LinkUnit(unit);
        var input = (await Links.PrefillAsync(admin, target, default)).ShouldNotBeNull();
        input.Role.ShouldBe("link_leader");
        input.ScopeCode.ShouldBe(unit);
        input.Phone.ShouldBeNull();
        var created = await Accounts.CreateAsync(admin, input with { Username = "13800000888" }, target, default);
        created.Status.ShouldBe(AdminStatus.Ok, created.Message);
        (await LeaderAccountOf(unit)).ShouldBe(created.Id!.Value);

        // Another household becomes the 联户长: the link goes with the old leader, and the change's audit row says so.
        var other = await fixture.Database.ScalarAsync<string>(
            "SELECT h.code FROM household h JOIN link_unit u ON u.code = h.link_unit_code WHERE u.code = $1 AND h.code <> u.leader_household_code ORDER BY h.code LIMIT 1", unit);
        var changed = await fixture.Service<HouseholdAdminService>().SetLeaderAsync(admin, unit, other, default);
        changed.Status.ShouldBe(AdminStatus.Ok, changed.Message);
        (await LeaderAccountOf(unit)).ShouldBe(0);
        (await fixture.Database.ScalarAsync<string>(
            "SELECT summary FROM audit_log WHERE action = 'link_unit.leader' AND subject_id = $1 ORDER BY id DESC LIMIT 1", unit)).ShouldContain("原联户长的账号关联已解除");

        // A grid worker account linked in another grid and then moved to the first: the link ends, the audit row says so.
        var free = await fixture.Database.ScalarAsync<long>(
            "SELECT id FROM grid_staff WHERE grid_code <> $1 AND starts_with(grid_code, '451027') AND role = 'grid_worker' AND account_id IS NULL ORDER BY id LIMIT 1", Grid1);
        var worker = await Accounts.CreateAsync(admin, (await Links.PrefillAsync(admin, StaffLinkTarget.GridStaff(free), default))!
            with { Username = "13800000889", Phone = "13800000889" }, StaffLinkTarget.GridStaff(free), default);
        worker.Status.ShouldBe(AdminStatus.Ok, worker.Message);
        var name = await fixture.Database.ScalarAsync<string>("SELECT name FROM grid_staff WHERE id = $1", free);
        var moved = await Accounts.UpdateAsync(admin, worker.Id!.Value, new AccountInput(name, null, null, "grid_worker", Grid1), default);
        moved.Status.ShouldBe(AdminStatus.Ok, moved.Message);
        moved.Message!.ShouldContain("不再关联为网格员");
        (await AccountOf(free)).ShouldBe(0);
        (await fixture.Database.ScalarAsync<string>(
            "SELECT summary FROM audit_log WHERE action = 'account.update' AND subject_id = $1 ORDER BY id DESC LIMIT 1",
            worker.Id!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))).ShouldContain($"不再关联为网格员 {name}");
    }
}
