using GridGovernance.Web.Features.Admin;

namespace GridGovernance.Integration.Tests.Admin;

/// <summary>/admin/audit's search: by who, action, date range and subject, paged, newest first, the county's own only.</summary>
public sealed class AuditLogQueryTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task The_county_admin_finds_changes_by_who_action_date_and_subject_and_never_another_countys()
    {
        var admin = await fixture.StaffAsync("admin");
        var accounts = fixture.Service<AccountAdminService>();
        var units = fixture.Service<UnitAdminService>();
        var audit = fixture.Service<AuditLogQuery>();
        var created = await accounts.CreateAsync(admin, new AccountInput("审计测试员", "audit-probe", null, "grid_worker", "451027100001001"), default);
        created.Status.ShouldBe(AdminStatus.Ok);
        (await units.UpdateAsync(admin, "451027-gas", new UnitInput("0776-7600000", null, null, true), default)).Status.ShouldBe(AdminStatus.Ok);
        // Someone of another county acts too: never shown here.
        (await fixture.Database.ScalarAsync<int>("""
            INSERT INTO county (code, name, geom) VALUES ('451099', '审计外县', ST_Multi(ST_MakeEnvelope(110.00, 30.00, 110.02, 30.02, 4326)))
            ON CONFLICT DO NOTHING RETURNING 1
            """)).ShouldBe(1);
        await fixture.Database.AddStaffAsync("audit-other-county", "外县管理员", "county_admin", "451099", passwordOf: "admin");
        (await fixture.Database.ScalarAsync<int>("""
            INSERT INTO audit_log (actor_id, actor_name, action, subject_kind, subject_id, summary)
            SELECT id, '外县管理员', 'unit.update', 'department_unit', '451099-gas', '外县的修改' FROM staff_account WHERE username = 'audit-other-county'
            RETURNING 1
            """)).ShouldBe(1);

        var (all, total) = await audit.SearchAsync(admin, new AuditFilter(), 0, 100, default);
        total.ShouldBeGreaterThanOrEqualTo(2);
        all.ShouldNotContain(r => r.Summary == "外县的修改");
        all.Select(r => r.At).ShouldBe(all.Select(r => r.At).OrderDescending());

        var (byAction, _) = await audit.SearchAsync(admin, new AuditFilter(Action: "account."), 0, 100, default);
        byAction.ShouldAllBe(r => r.Action.StartsWith("account.", StringComparison.Ordinal));
        byAction.ShouldContain(r => r.SubjectId == created.Id!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var (bySubject, _) = await audit.SearchAsync(admin, new AuditFilter(Subject: "451027-gas"), 0, 100, default);
        bySubject.Single().Summary.ShouldContain("办公电话 0776-7600000");
        var (byWho, _) = await audit.SearchAsync(admin, new AuditFilter(Who: "admin"), 0, 100, default);
        byWho.ShouldNotBeEmpty();
        byWho.ShouldAllBe(r => r.ActorId == admin.Id);
        var today = GridGovernance.Domain.Calendar.ChinaTime.Date(DateTimeOffset.UtcNow);
        (await audit.SearchAsync(admin, new AuditFilter(From: today, To: today), 0, 100, default)).Total.ShouldBe(total);
        (await audit.SearchAsync(admin, new AuditFilter(To: today.AddDays(-1)), 0, 100, default)).Total.ShouldBe(0);
        var (page2, _) = await audit.SearchAsync(admin, new AuditFilter(), 1, 1, default);
        page2.Single().Id.ShouldBe(all[1].Id);

        (await audit.SearchAsync(await fixture.StaffAsync("dispatcher"), new AuditFilter(), 0, 100, default)).Total.ShouldBe(0);
    }
}
