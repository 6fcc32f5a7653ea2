using GridGovernance.Web.Features.Admin;

namespace GridGovernance.Integration.Tests.Admin;

/// <summary>Departments and units of the county administration: a unit's phone, duty contact and active flag, and the 权责清单.</summary>
public sealed class UnitAdminTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private const string Chengguan = "451027-chengguan";

    private UnitAdminService Units => fixture.Service<UnitAdminService>();

    [Fact]
    public async Task The_county_admin_sets_a_units_phone_and_duty_contact_with_an_audit_row_and_deactivates_a_unit()
    {
        var admin = await fixture.StaffAsync("admin");
        var outcome = await Units.UpdateAsync(admin, Chengguan, new UnitInput(" 0776-7612345 ", "值班室 黄工", "0776-7612000", true), default);
        outcome.Status.ShouldBe(AdminStatus.Ok, outcome.Message);
        (await fixture.Database.ScalarAsync<string>("SELECT phone || '|' || duty_contact || '|' || duty_phone FROM department_unit WHERE code = $1", Chengguan))
            .ShouldBe("0776-7612345|值班室 黄工|0776-7612000");
        (await Units.ListAsync(admin, default)).Single(u => u.Code == Chengguan).Phone.ShouldBe("0776-7612345");
        var audit = await fixture.Database.ScalarAsync<string>(
            "SELECT summary FROM audit_log WHERE action = 'unit.update' AND subject_id = $1 AND actor_id = $2 ORDER BY id DESC LIMIT 1", Chengguan, admin.Id);
        audit.ShouldContain("办公电话 0776-7612345");

        var water = "451027-water";
        (await Units.UpdateAsync(admin, water, new UnitInput(null, null, null, false), default)).Status.ShouldBe(AdminStatus.Ok);
        (await fixture.Database.ScalarAsync<bool>("SELECT active FROM department_unit WHERE code = $1", water)).ShouldBeFalse();
        (await fixture.Database.ScalarAsync<string>(
            "SELECT summary FROM audit_log WHERE action = 'unit.update' AND subject_id = $1 ORDER BY id DESC LIMIT 1", water)).ShouldContain("停用");
    }

    [Fact]
    public async Task Bad_phones_and_other_roles_and_other_counties_are_refused_and_nothing_is_written()
    {
        var admin = await fixture.StaffAsync("admin");
        var police = "451027100-police";
        var before = await fixture.Database.ScalarAsync<string>("SELECT coalesce(phone, '-') FROM department_unit WHERE code = $1", police);

        var bad = await Units.UpdateAsync(admin, police, new UnitInput("电话0776", "黄工", "", true), default);
        bad.Status.ShouldBe(AdminStatus.Invalid);
        bad.Errors["phone"].ShouldBe("办公电话只能含数字和连字符（5–20 位，如 0776-7612345）。");
        bad.Errors["dutyPhone"].ShouldBe("填写了值班联系人，请同时填写值班电话。");

        var dispatcher = await fixture.StaffAsync("dispatcher");
        (await Units.UpdateAsync(dispatcher, police, new UnitInput("0776-1111111", null, null, true), default)).Status.ShouldBe(AdminStatus.Forbidden);
        (await Units.ListAsync(dispatcher, default)).ShouldBeEmpty();
        (await Units.UpdateAsync(admin, "450000-chengguan", new UnitInput("0776-1111111", null, null, true), default)).Status.ShouldBe(AdminStatus.NotFound);
        (await fixture.Database.ScalarAsync<string>("SELECT coalesce(phone, '-') FROM department_unit WHERE code = $1", police)).ShouldBe(before);
    }

    [Fact]
    public async Task The_duty_list_names_who_answers_for_each_subcategory_in_routing_order()
    {
        var admin = await fixture.StaffAsync("admin");
        var lines = await Units.ResponsibilitiesAsync(admin, default);
        lines.Count.ShouldBe((int)await fixture.CountAsync("SELECT count(*) FROM case_category"));
        var security = lines.Single(l => l.Code == "E0701");
        security.Territory.ShouldBe("公安、属地乡镇");
        security.Owner.ShouldBeNull();
        var manhole = lines.Single(l => l.Code == "C0101");
        manhole.Owner.ShouldBe("供水、住建、供电、燃气");
        manhole.Territory.ShouldBe("属地乡镇");
        manhole.Limit.ShouldBe("2 个工作日");
        (await Units.ResponsibilitiesAsync(await fixture.StaffAsync("dispatcher"), default)).ShouldBeEmpty();
    }
}
