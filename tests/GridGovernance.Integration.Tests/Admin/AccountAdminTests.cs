using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Web.Features.Accounts;
using GridGovernance.Web.Features.Admin;
using Microsoft.AspNetCore.Identity;

namespace GridGovernance.Integration.Tests.Admin;

/// <summary>
/// The accounts of the county administration, through the service the page calls: each change and its refusals (role,
/// scope, bad input in Chinese, nothing written), the one-time password and the forced change at the next login.
/// </summary>
public sealed class AccountAdminTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private const string Grid1 = "451027100001001";
    private const string Grid2 = "451027100001002";

    private AccountAdminService Accounts => fixture.Service<AccountAdminService>();

    private Task<long> AccountsNamed(string username) => fixture.CountAsync("SELECT count(*) FROM staff_account WHERE username = $1", username);

    [Fact]
    public async Task The_county_admin_creates_a_grid_worker_whose_one_time_password_works_once_and_must_be_changed()
    {
        var admin = await fixture.StaffAsync("admin");
        var outcome = await Accounts.CreateAsync(admin, new AccountInput(" 韦小宝 ", "13800000101", "13800000101", "grid_worker", Grid2), default);

        outcome.Status.ShouldBe(AdminStatus.Ok, outcome.Message);
        outcome.OneTimePassword.ShouldNotBeNull().Length.ShouldBe(14);
        (await fixture.Database.ScalarAsync<bool>("SELECT must_change_password FROM staff_account WHERE id = $1", outcome.Id!.Value)).ShouldBeTrue();
        (await fixture.Database.ScalarAsync<string>("SELECT display_name FROM staff_account WHERE id = $1", outcome.Id!.Value)).ShouldBe("韦小宝");
        // Stored as a hash only.
        var hash = await fixture.Database.ScalarAsync<string>("SELECT password_hash FROM staff_account WHERE id = $1", outcome.Id!.Value);
        hash.ShouldNotContain(outcome.OneTimePassword!);
        fixture.Service<IPasswordHasher<StaffAccount>>().VerifyHashedPassword(null!, hash, outcome.OneTimePassword!)
            .ShouldNotBe(PasswordVerificationResult.Failed);
        await AuditAssert.RecordedAsync(fixture.Database, "account.create", outcome.Id!.Value, admin.Id, mustNotContain: outcome.OneTimePassword!);

        // The new worker signs in with it and can open nothing but the password page …
        using var session = StaffSession.Start(fixture.Demo.Factory);
        var login = await session.LoginAsync("13800000101", outcome.OneTimePassword!);
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        login.Headers.Location!.PathAndQuery().ShouldBe("/account/password");
        var field = await session.Client.GetAsync("/field");
        field.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        field.Headers.Location!.PathAndQuery().ShouldBe("/account/password");
        var api = await session.Client.GetAsync("/api/staff/me");
        api.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.Content.ReadAsStringAsync()).ShouldContain("请先修改管理员设置的初始密码");
        (await session.Client.GetStringAsync("/account/password")).ShouldContain("一次性密码");

        // … until it has chosen its own, which leads to the field page.
        var changed = await session.SubmitFormAsync("/account/password", ("Input.OldPassword", outcome.OneTimePassword!),
            ("Input.NewPassword", "MyOwn#2026"), ("Input.Confirmation", "MyOwn#2026"));
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await StaffSession.ErrorOn(changed) ?? "");
        changed.Headers.Location!.PathAndQuery().ShouldBe("/field");
        (await session.Client.GetAsync("/field")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await fixture.Database.ScalarAsync<bool>("SELECT must_change_password FROM staff_account WHERE id = $1", outcome.Id!.Value)).ShouldBeFalse();

        // The one-time password is spent.
        using var again = StaffSession.Start(fixture.Demo.Factory);
        (await again.LoginAsync("13800000101", outcome.OneTimePassword!)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Bad_input_gets_a_Chinese_message_by_each_field_and_writes_nothing()
    {
        var admin = await fixture.StaffAsync("admin");
        var before = await fixture.CountAsync("SELECT count(*) FROM staff_account");

        var outcome = await Accounts.CreateAsync(admin, new AccountInput("", "坏名字", "12345", "grid_worker", "4510271000010"), default);
        outcome.Status.ShouldBe(AdminStatus.Invalid);
        outcome.Errors["displayName"].ShouldBe("请填写姓名。");
        outcome.Errors["username"].ShouldContain("用户名为 2–32 位");
        outcome.Errors["phone"].ShouldContain("手机号应为 11 位数字");
        outcome.Errors["scope"].ShouldContain("网格编码");

        var unknownRole = await Accounts.CreateAsync(admin, new AccountInput("某人", "mouren", null, "mayor", Grid1), default);
        unknownRole.Errors["role"].ShouldBe("角色“mayor”不存在。");
        var missingGrid = await Accounts.CreateAsync(admin, new AccountInput("某人", "mouren", null, "grid_worker", "451027100001999"), default);
        missingGrid.Errors["scope"].ShouldBe("网格 451027100001999 不存在。");
        var missingUnit = await Accounts.CreateAsync(admin, new AccountInput("某人", "mouren", null, "department_staff", "451027-nosuch"), default);
        missingUnit.Errors["scope"].ShouldBe("部门单位 451027-nosuch 不存在或已停用。");
        var taken = await Accounts.CreateAsync(admin, new AccountInput("某人", "GridWorker", null, "grid_worker", Grid1), default);
        taken.Errors["username"].ShouldBe("用户名已被使用。");
        var otherCounty = await Accounts.CreateAsync(admin, new AccountInput("某人", "mouren", null, "township_dispatcher", "450000100"), default);
        otherCounty.Errors["scope"].ShouldBe("管辖范围 450000100 不在您的管理范围内。");

        (await fixture.CountAsync("SELECT count(*) FROM staff_account")).ShouldBe(before);
    }

    [Fact]
    public async Task A_township_dispatcher_manages_only_the_grid_workers_and_link_leaders_of_their_township()
    {
        var dispatcher = await fixture.StaffAsync("dispatcher");

        // Listed: the field staff of 泗城镇, nobody else (not the cadre of the same township, not the police of it).
        var (rows, total) = await Accounts.ListAsync(dispatcher, new AccountFilter(), 0, 200, null, true, default);
        total.ShouldBe(rows.Count);
        rows.Select(r => r.Username).ShouldContain("gridworker");
        rows.Select(r => r.Username).ShouldContain("leader");
        rows.ShouldAllBe(r => (r.Role == GridGovernance.Domain.Accounts.StaffRole.GridWorker || r.Role == GridGovernance.Domain.Accounts.StaffRole.LinkLeader)
            && r.ScopeCode.StartsWith("451027100", StringComparison.Ordinal));

        // Creates a 联户长 in the township …
        var leaderUnit = await fixture.Database.ScalarAsync<string>("SELECT code FROM link_unit WHERE grid_code = $1 ORDER BY code DESC LIMIT 1", Grid2);
        var created = await Accounts.CreateAsync(dispatcher, new AccountInput("黄联户", "13800000102", "13800000102", "联户长", leaderUnit), default);
        created.Status.ShouldBe(AdminStatus.Ok, created.Message);

        // … but no other role, nothing outside the township.
        var cadre = await Accounts.CreateAsync(dispatcher, new AccountInput("村干部甲", "cungan1", null, "village_cadre", "451027100001"), default);
        cadre.Errors["role"].ShouldBe("乡镇调度员只能管理网格员、联户长账号。");
        var outside = await Accounts.CreateAsync(dispatcher, new AccountInput("外乡网格员", "waixiang1", null, "grid_worker", fixture.OtherTownshipGrid), default);
        outside.Errors["scope"].ShouldBe($"管辖范围 {fixture.OtherTownshipGrid} 不在您的管理范围内。");
        (await AccountsNamed("cungan1")).ShouldBe(0);
        (await AccountsNamed("waixiang1")).ShouldBe(0);

        // An account outside their reach answers like a missing one, and stays as it was.
        var cadreId = (await fixture.StaffAsync("cadre")).Id;
        (await Accounts.DisableAsync(dispatcher, cadreId, default)).Status.ShouldBe(AdminStatus.NotFound);
        (await Accounts.ResetPasswordAsync(dispatcher, cadreId, default)).Status.ShouldBe(AdminStatus.NotFound);
        await fixture.Database.AddStaffAsync("wx-worker", "外乡网格员乙", "grid_worker", fixture.OtherTownshipGrid, passwordOf: "admin");
        var foreignWorker = await fixture.StaffAsync("wx-worker");
        (await Accounts.UnlockAsync(dispatcher, foreignWorker.Id, default)).Status.ShouldBe(AdminStatus.NotFound);
        (await Accounts.UpdateAsync(dispatcher, foreignWorker.Id, new AccountInput("改名", null, null, "grid_worker", Grid1), default))
            .Status.ShouldBe(AdminStatus.NotFound);
        (await fixture.Database.ScalarAsync<string>("SELECT display_name FROM staff_account WHERE id = $1", foreignWorker.Id)).ShouldBe("外乡网格员乙");
        (await Accounts.FindAsync(dispatcher, foreignWorker.Id, default)).ShouldBeNull();
        // Moving their own worker out of the township is refused too.
        var gridworker2 = await fixture.StaffAsync("gridworker2");
        var moved = await Accounts.UpdateAsync(dispatcher, gridworker2.Id, new AccountInput(gridworker2.DisplayName, null, null, "grid_worker", fixture.OtherTownshipGrid), default);
        moved.Errors["scope"].ShouldContain("不在您的管理范围内");
        (await fixture.Database.ScalarAsync<string>("SELECT scope_code FROM staff_account WHERE id = $1", gridworker2.Id)).ShouldBe(Grid2);
    }

    [Fact]
    public async Task Roles_that_manage_no_accounts_are_refused_and_write_nothing()
    {
        var target = (await fixture.StaffAsync("gridworker2")).Id;
        foreach (var username in new[] { "cadre", "gridworker", "leader", "dept-police" })
        {
            var staff = await fixture.StaffAsync(username);
            (await Accounts.CreateAsync(staff, new AccountInput("某人", "x" + username, null, "grid_worker", Grid1), default)).Status.ShouldBe(AdminStatus.Forbidden);
            (await Accounts.DisableAsync(staff, target, default)).Status.ShouldBe(AdminStatus.Forbidden);
            (await Accounts.ResetPasswordAsync(staff, target, default)).Status.ShouldBe(AdminStatus.Forbidden);
            (await Accounts.ListAsync(staff, new AccountFilter(), 0, 50, null, true, default)).Total.ShouldBe(0);
            (await AccountsNamed("x" + username)).ShouldBe(0);
        }
        (await fixture.Database.ScalarAsync<bool>("SELECT disabled FROM staff_account WHERE id = $1", target)).ShouldBeFalse();
    }

    [Fact]
    public async Task Disable_and_enable_sign_the_account_out_and_back_in_and_nobody_disables_themselves()
    {
        var admin = await fixture.StaffAsync("admin");
        await fixture.Database.AddStaffAsync("dis-worker", "停用测试网格员", "grid_worker", Grid1, passwordOf: "admin");
        var worker = await fixture.StaffAsync("dis-worker");
        using var session = await StaffSession.Start(fixture.Demo.Factory).LoggedInAsync("dis-worker");
        (await session.Client.GetAsync("/api/staff/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var disabled = await Accounts.DisableAsync(admin, worker.Id, default);
        disabled.Status.ShouldBe(AdminStatus.Ok);
        (await fixture.Database.ScalarAsync<bool>("SELECT disabled FROM staff_account WHERE id = $1", worker.Id)).ShouldBeTrue();
        (await session.Client.GetAsync("/api/staff/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await StaffSession.ErrorOn(await StaffSession.Start(fixture.Demo.Factory).LoginAsync("dis-worker", StaffSession.DemoPassword)))
            .ShouldBe("该账号已停用，请联系管理员。");
        await AuditAssert.RecordedAsync(fixture.Database, "account.disable", worker.Id, admin.Id);

        (await Accounts.EnableAsync(admin, worker.Id, default)).Status.ShouldBe(AdminStatus.Ok);
        (await fixture.Database.ScalarAsync<bool>("SELECT disabled FROM staff_account WHERE id = $1", worker.Id)).ShouldBeFalse();
        await StaffSession.Start(fixture.Demo.Factory).LoggedInAsync("dis-worker");
        await AuditAssert.RecordedAsync(fixture.Database, "account.enable", worker.Id, admin.Id);

        var self = await Accounts.DisableAsync(admin, admin.Id, default);
        self.Status.ShouldBe(AdminStatus.Invalid);
        self.Errors["account"].ShouldContain("不能对自己的账号");
        var ownRole = await Accounts.UpdateAsync(admin, admin.Id, new AccountInput(admin.DisplayName, null, null, "township_dispatcher", "451027100"), default);
        ownRole.Errors["role"].ShouldContain("不能修改自己的角色");
    }

    [Fact]
    public async Task A_reset_ends_every_session_lifts_a_lockout_and_an_unlock_only_lifts_the_lockout()
    {
        var admin = await fixture.StaffAsync("admin");
        await fixture.Database.AddStaffAsync("reset-worker", "重置测试网格员", "grid_worker", Grid1, passwordOf: "admin");
        var worker = await fixture.StaffAsync("reset-worker");
        using var session = await StaffSession.Start(fixture.Demo.Factory).LoggedInAsync("reset-worker");

        await fixture.Database.ScalarAsync<int>("UPDATE staff_account SET failed_attempts = 5, locked_until = now() + interval '10 minutes' WHERE id = $1 RETURNING 1", worker.Id);
        var (locked, _) = await Accounts.ListAsync(admin, new AccountFilter(Name: "reset-worker", State: "locked"), 0, 20, null, true, default);
        locked.Single().State.ShouldBe("已锁定");
        (await Accounts.UnlockAsync(admin, worker.Id, default)).Status.ShouldBe(AdminStatus.Ok);
        (await fixture.Database.ScalarAsync<int>("SELECT failed_attempts FROM staff_account WHERE id = $1", worker.Id)).ShouldBe(0);
        (await session.Client.GetAsync("/api/staff/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "解锁不影响已有的登录");
        await AuditAssert.RecordedAsync(fixture.Database, "account.unlock", worker.Id, admin.Id);

        var reset = await Accounts.ResetPasswordAsync(admin, worker.Id, default);
        reset.Status.ShouldBe(AdminStatus.Ok);
        (await session.Client.GetAsync("/api/staff/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "重置密码后原有登录失效");
        using var old = StaffSession.Start(fixture.Demo.Factory);
        (await old.LoginAsync("reset-worker", StaffSession.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.OK, "原密码失效");
        using var fresh = StaffSession.Start(fixture.Demo.Factory);
        var login = await fresh.LoginAsync("reset-worker", reset.OneTimePassword!);
        login.Headers.Location!.PathAndQuery().ShouldBe("/account/password");
        await AuditAssert.RecordedAsync(fixture.Database, "account.reset_password", worker.Id, admin.Id, mustNotContain: reset.OneTimePassword!);
    }

    [Fact]
    public async Task The_county_admin_moves_an_account_to_another_role_and_place_and_a_changed_administrator_is_refused()
    {
        var admin = await fixture.StaffAsync("admin");
        await fixture.Database.AddStaffAsync("move-worker", "调岗网格员", "grid_worker", Grid1, passwordOf: "admin");
        var worker = await fixture.StaffAsync("move-worker");

        var moved = await Accounts.UpdateAsync(admin, worker.Id, new AccountInput("调岗干部", null, "13800000103", "village_cadre", "451027100001"), default);
        moved.Status.ShouldBe(AdminStatus.Ok, moved.Message);
        (await fixture.Database.ScalarAsync<string>("SELECT role || ' ' || scope_code || ' ' || phone FROM staff_account WHERE id = $1", worker.Id))
            .ShouldBe("village_cadre 451027100001 13800000103");
        await AuditAssert.RecordedAsync(fixture.Database, "account.update", worker.Id, admin.Id);

        var police = await Accounts.UpdateAsync(admin, worker.Id, new AccountInput("调岗干部", null, null, "department_staff", "451027100-police"), default);
        police.Status.ShouldBe(AdminStatus.Ok, police.Message);
        var (rows, _) = await Accounts.ListAsync(admin, new AccountFilter(Name: "调岗干部"), 0, 20, null, true, default);
        rows.Single().PlaceName.ShouldNotBeNull().ShouldContain("派出所");
        rows.Single().MaskedPhone.ShouldBe("138****0103");

        // The circuit of a page keeps the identity it opened with: a change after the administrator was re-scoped is refused.
        await fixture.Database.AddStaffAsync("second-admin", "第二管理员", "county_admin", "451027", passwordOf: "admin");
        var second = await fixture.StaffAsync("second-admin");
        await fixture.Database.ScalarAsync<int>("UPDATE staff_account SET disabled = true WHERE id = $1 RETURNING 1", second.Id);
        (await Accounts.DisableAsync(second, worker.Id, default)).Status.ShouldBe(AdminStatus.SignedOut);
        (await fixture.Database.ScalarAsync<bool>("SELECT disabled FROM staff_account WHERE id = $1", worker.Id)).ShouldBeFalse();
    }

    [Fact]
    public async Task The_list_searches_by_name_role_place_and_state_sorts_and_pages()
    {
        var admin = await fixture.StaffAsync("admin");
        var (all, total) = await Accounts.ListAsync(admin, new AccountFilter(), 0, 3, "Username", true, default);
        all.Count.ShouldBe(3);
        total.ShouldBeGreaterThan(3);
        all.Select(a => a.Username).ShouldBe(all.Select(a => a.Username).Order(StringComparer.Ordinal));
        var (next, _) = await Accounts.ListAsync(admin, new AccountFilter(), 3, 3, "Username", true, default);
        next.Select(a => a.Id).Intersect(all.Select(a => a.Id)).ShouldBeEmpty();

        var (workers, _) = await Accounts.ListAsync(admin, new AccountFilter(Role: "grid_worker", Place: "解放社区"), 0, 50, "Username", false, default);
        workers.ShouldNotBeEmpty();
        workers.ShouldAllBe(a => a.Role == GridGovernance.Domain.Accounts.StaffRole.GridWorker && a.ScopeCode.StartsWith("451027100001", StringComparison.Ordinal));
        var (byCode, _) = await Accounts.ListAsync(admin, new AccountFilter(Place: Grid1), 0, 50, null, true, default);
        byCode.Select(a => a.Username).ShouldContain("gridworker");
        var (byName, _) = await Accounts.ListAsync(admin, new AccountFilter(Name: "DISPATCHER"), 0, 50, null, true, default);
        byName.Select(a => a.Username).ShouldContain("dispatcher");
        var (disabled, _) = await Accounts.ListAsync(admin, new AccountFilter(State: "disabled"), 0, 50, null, true, default);
        disabled.ShouldAllBe(a => a.Disabled);
    }
}
