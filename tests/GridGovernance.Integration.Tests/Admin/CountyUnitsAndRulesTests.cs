using System.Globalization;
using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Intake;
using GridGovernance.Web.Features.Admin;
using GridGovernance.Web.Features.Departments;
using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Integration.Tests.Admin;

/// <summary>
/// Issue 12, point 2 on /admin/departments: a unit of the county's own (UnitAdminService.CreateAsync: generated code, Chinese
/// refusals by the field that write nothing, audit row, township units following their township, routing to the new unit)
/// and the county's routing rules (RoutingRuleAdminService, migration 0059: add, change, deactivate, remove, each with its
/// audit row; bad priorities and a department twice refused), read by UnitRouting — a case reported after an edit is
/// routed by the new rule while a case dispatched before keeps its unit; another county's rules and cases are untouched.
/// </summary>
public sealed class CountyUnitsAndRulesTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private const string County = "451027";
    private const string Siceng = "451027100";
    private const string OtherCounty = "451098";

    private UnitAdminService Units => fixture.Service<UnitAdminService>();
    private RoutingRuleAdminService Rules => fixture.Service<RoutingRuleAdminService>();

    private Task<long> UnitCount() => fixture.CountAsync("SELECT count(*) FROM department_unit");
    private Task<long> RuleCount() => fixture.CountAsync("SELECT count(*) FROM routing_rule");
    private Task<long> AuditCount(string action) => fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action = $1", action);

    /// <summary>A point inside the township (PostGIS's point on its surface).</summary>
    private async Task<(double Lng, double Lat)> PointIn(string township)
    {
        var text = await fixture.Database.ScalarAsync<string>(
            "SELECT ST_X(p)::text || ' ' || ST_Y(p)::text FROM (SELECT ST_PointOnSurface(geom) AS p FROM township WHERE code = $1) x", township);
        var parts = text.Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>A second county with one township and its own administrator (created once per fixture).</summary>
    private async Task<CurrentStaff> OtherCountyAdminAsync()
    {
        if (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM county WHERE code = $1", OtherCounty) == 0)
        {
            await fixture.Database.ScalarAsync<int>("""
                WITH c AS (INSERT INTO county (code, name, geom) VALUES ('451098', '邻县', ST_Multi(ST_MakeEnvelope(111.00, 31.00, 111.02, 31.02, 4326))) RETURNING 1)
                SELECT count(*)::int FROM c
                """);
            await fixture.Database.ScalarAsync<int>("""
                WITH t AS (INSERT INTO township (code, county_code, name, geom)
                           VALUES ('451098100', '451098', '邻县镇', ST_Multi(ST_MakeEnvelope(111.00, 31.00, 111.02, 31.02, 4326))) RETURNING 1)
                SELECT count(*)::int FROM t
                """);
            await fixture.Database.AddStaffAsync("other-county-admin", "邻县管理员", "county_admin", OtherCounty, passwordOf: "admin");
        }
        return await fixture.StaffAsync("other-county-admin");
    }

    [Fact]
    public async Task A_county_adds_a_unit_with_a_generated_code_and_an_audit_row_and_a_township_unit_gets_that_townships_cases()
    {
        var admin = await fixture.StaffAsync("admin");

        // A 城管 second brigade for the whole county: the department's code is taken, so "-2".
        var brigade = await Units.CreateAsync(admin, new NewUnitInput("chengguan", " 城市管理综合执法局第二中队 ", null, "0776-7610002", "值班室", "0776-7610003"), default);
        brigade.Status.ShouldBe(AdminStatus.Ok, brigade.Message);
        brigade.Message!.ShouldContain("451027-chengguan-2");
        (await fixture.Database.ScalarAsync<string>(
            "SELECT department_code || '|' || county_code || '|' || coalesce(township_code, '-') || '|' || name || '|' || phone || '|' || duty_contact || '|' || (jurisdiction IS NULL) || '|' || active FROM department_unit WHERE code = '451027-chengguan-2'"))
            .ShouldBe("chengguan|451027|-|城市管理综合执法局第二中队|0776-7610002|值班室|true|true");
        var audit = await fixture.Database.ScalarAsync<string>(
            "SELECT summary || ' | ' || (before IS NULL) || ' | ' || (after->>'code') FROM audit_log WHERE action = 'unit.create' AND subject_id = '451027-chengguan-2' AND actor_id = $1",
            admin.Id);
        audit.ShouldBe("新增单位 城市管理综合执法局第二中队（城管，全县，编码 451027-chengguan-2） | true | 451027-chengguan-2");
        (await Units.ListAsync(admin, default)).Single(u => u.Code == "451027-chengguan-2").ShouldSatisfyAllConditions(
            u => u.DepartmentName.ShouldBe("城市管理综合执法局"), u => u.TownshipName.ShouldBeNull(), u => u.HasJurisdiction.ShouldBeFalse());
        // A second brigade of the same department: the next number.
        (await Units.CreateAsync(admin, new NewUnitInput("chengguan", "城市管理综合执法局第三中队", null, null, null, null), default)).Message!
            .ShouldContain("451027-chengguan-3");
        // It can be given a jurisdiction like any county unit.
        var area = await fixture.Service<UnitJurisdictionService>().AreaAsync(admin, "451027-chengguan-2", default);
        area.ShouldNotBeNull().FollowsTownship.ShouldBeFalse();

        // A township's 综合执法队 (a 城管 unit of 泗城镇): the township's code, its polygon, and 占道经营 there goes to it.
        var squad = await Units.CreateAsync(admin, new NewUnitInput("chengguan", "泗城镇综合行政执法队", Siceng, null, null, null), default);
        squad.Status.ShouldBe(AdminStatus.Ok, squad.Message);
        var squadCode = $"{Siceng}-chengguan";
        (await fixture.Database.ScalarAsync<bool>(
            "SELECT u.township_code = t.code AND ST_Equals(u.jurisdiction, t.geom) FROM department_unit u JOIN township t ON t.code = $2 WHERE u.code = $1", squadCode, Siceng))
            .ShouldBeTrue();
        var (lng, lat) = await PointIn(Siceng);
        var routed = await UnitRouting.RouteAsync(fixture.Database.DataSource, "E0501", lng, lat, County);
        routed.Units.Single(u => u.DepartmentCode == "chengguan").ShouldSatisfyAllConditions(
            u => u.UnitCode.ShouldBe(squadCode), u => u.Match.ShouldBe(UnitMatch.Jurisdiction));
        // Elsewhere in the county the county-wide 城管 still answers.
        var (farLng, farLat) = await PointIn(fixture.OtherTownship);
        (await UnitRouting.RouteAsync(fixture.Database.DataSource, "E0501", farLng, farLat, County)).Units.Single(u => u.DepartmentCode == "chengguan")
            .UnitCode.ShouldBe("451027-chengguan");

        // Its area follows the township: the sync that runs with every township import or redraw puts the township's
        // polygon back (department_units_sync, migration 0059).
        await fixture.Database.ScalarAsync<int>("""
            WITH u AS (UPDATE department_unit SET jurisdiction = ST_Multi(ST_Buffer(jurisdiction, -0.001)) WHERE code = $1 RETURNING 1) SELECT count(*)::int FROM u
            """, squadCode);
        (await fixture.Database.ScalarAsync<int>("SELECT department_units_sync($1)", County)).ShouldBeGreaterThanOrEqualTo(1);
        (await fixture.Database.ScalarAsync<bool>(
            "SELECT ST_Equals(u.jurisdiction, t.geom) FROM department_unit u JOIN township t ON t.code = u.township_code WHERE u.code = $1", squadCode)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_new_unit_is_refused_by_the_field_in_chinese_and_other_counties_and_roles_are_refused_and_nothing_is_written()
    {
        var admin = await fixture.StaffAsync("admin");
        var other = await OtherCountyAdminAsync();
        var units = await UnitCount();
        var audits = await AuditCount("unit.create");

        var empty = await Units.CreateAsync(admin, new NewUnitInput("", " ", null, "电话", "黄工", null), default);
        empty.Status.ShouldBe(AdminStatus.Invalid);
        empty.Errors["departmentCode"].ShouldBe("请选择部门。");
        empty.Errors["name"].ShouldBe("请填写单位名称。");
        empty.Errors["phone"].ShouldBe("办公电话只能含数字和连字符（5–20 位，如 0776-7612345）。");
        empty.Errors["dutyPhone"].ShouldBe("填写了值班联系人，请同时填写值班电话。");
        (await Units.CreateAsync(admin, new NewUnitInput("chengguan", new string('队', 101), null, null, null, null), default))
            .Errors["name"].ShouldBe("单位名称不能超过 100 个字。");
        (await Units.CreateAsync(admin, new NewUnitInput("nosuch", "某单位", null, null, null, null), default))
            .Errors["departmentCode"].ShouldBe("该部门不存在或已停用，请重新选择。");
        var existingName = await fixture.Database.ScalarAsync<string>("SELECT name FROM department_unit WHERE code = '451027-chengguan'");
        (await Units.CreateAsync(admin, new NewUnitInput("chengguan", existingName, null, null, null, null), default))
            .Errors["name"].ShouldBe($"本县已有名为“{existingName}”的单位。");

        // Another county's township, and another county's administrator naming this county's township.
        (await Units.CreateAsync(admin, new NewUnitInput("chengguan", "邻县执法队", "451098100", null, null, null), default))
            .Errors["townshipCode"].ShouldBe("所属乡镇不在本县，请重新选择。");
        (await Units.CreateAsync(other, new NewUnitInput("chengguan", "越界执法队", Siceng, null, null, null), default))
            .Errors["townshipCode"].ShouldBe("所属乡镇不在本县，请重新选择。");
        (await Units.TownshipsAsync(other, default)).ShouldAllBe(t => t.Code.StartsWith(OtherCounty, StringComparison.Ordinal));

        // A township dispatcher is not a county administrator.
        var dispatcher = await fixture.StaffAsync("dispatcher");
        var refused = await Units.CreateAsync(dispatcher, new NewUnitInput("chengguan", "乡镇自建执法队", Siceng, null, null, null), default);
        refused.Status.ShouldBe(AdminStatus.Forbidden);
        refused.Message.ShouldBe(UnitAdminService.NotCountyAdmin);
        (await Units.TownshipsAsync(dispatcher, default)).ShouldBeEmpty();

        (await UnitCount()).ShouldBe(units);
        (await AuditCount("unit.create")).ShouldBe(audits);

        // The other county's own unit goes to the other county only.
        var own = await Units.CreateAsync(other, new NewUnitInput("chengguan", "邻县城管二中队", null, null, null, null), default);
        own.Status.ShouldBe(AdminStatus.Ok, own.Message);
        (await fixture.Database.ScalarAsync<string>("SELECT county_code FROM department_unit WHERE name = '邻县城管二中队'")).ShouldBe(OtherCounty);
        (await Units.ListAsync(admin, default)).ShouldNotContain(u => u.Name == "邻县城管二中队");
    }

    [Fact]
    public async Task Rules_are_added_changed_deactivated_and_removed_for_the_county_with_audit_rows_and_the_preview_follows()
    {
        var admin = await fixture.StaffAsync("admin");
        var areas = fixture.Service<UnitJurisdictionService>();
        // A point in a township other than 泗城 (where another test adds a 城管 unit of the township).
        var township = fixture.OtherTownship;
        var (lng, lat) = await PointIn(township);
        async Task<string[]> Preview(string category) =>
            (await areas.PreviewAsync(admin, category, lng, lat, default)).Units.Select(u => $"{u.PartyName}:{u.UnitCode}").ToArray();

        // 施工扰民 (E0301): the installation's rules — township, then 住建 and 生态环境.
        (await Preview("E0301")).ShouldBe([$"属地:{township}-township", "属主:451027-zhujian", "属主:451027-shengtai"]);
        var level = (await Rules.LevelAsync(admin, "E0301", default)).ShouldNotBeNull();
        level.Label.ShouldBe("小类 E0301 施工扰民");
        level.Rules.ShouldAllBe(r => !r.CountyOwn);
        level.AppliedNote.ShouldBe("本县该小类的案件按下列小类规则派遣。");

        // The audit page names the new actions.
        AuditLogQuery.ActionName("unit.create").ShouldBe("新增单位");
        AuditLogQuery.ActionName("routing_rule.update").ShouldBe("修改派遣规则");

        // Add: 城管 as the first owner.
        var added = await Rules.AddAsync(admin, "E0301", new RuleInput("chengguan", "owner", "1"), default);
        added.Status.ShouldBe(AdminStatus.Ok, added.Message);
        var addedId = added.Id!.Value;
        (await fixture.Database.ScalarAsync<string>("SELECT county_code || '|' || category_code || '|' || party || '|' || priority FROM routing_rule WHERE id = $1", addedId))
            .ShouldBe("451027|E0301|owner|1");
        (await Preview("E0301")).ShouldBe([$"属地:{township}-township", "属主:451027-chengguan", "属主:451027-zhujian", "属主:451027-shengtai"]);
        (await fixture.Database.ScalarAsync<string>(
            "SELECT summary || ' | ' || (before IS NULL) || ' | ' || (after->>'county') FROM audit_log WHERE action = 'routing_rule.add' AND subject_id = $1", addedId.ToString(CultureInfo.InvariantCulture)))
            .ShouldBe("新增派遣规则：小类 E0301 施工扰民 → 城市管理综合执法局（属主，优先级 1） | true | 451027");

        // Change an installation rule for the county: 住建 last. A county rule replaces it; the installation's row stays.
        var zhujian = (await Rules.LevelAsync(admin, "E0301", default))!.Rules.Single(r => r.DepartmentCode == "zhujian" && !r.CountyOwn);
        var changed = await Rules.UpdateAsync(admin, zhujian.Id, new RuleInput(null, "owner", "0"), default);
        changed.Errors["priority"].ShouldBe("优先级应为 1–99 的整数（1 最先）。");
        changed = await Rules.UpdateAsync(admin, zhujian.Id, new RuleInput(null, "owner", "3"), default);
        changed.Status.ShouldBe(AdminStatus.Ok, changed.Message);
        var overrideId = changed.Id!.Value;
        overrideId.ShouldNotBe(zhujian.Id);
        (await fixture.Database.ScalarAsync<short>("SELECT priority FROM routing_rule WHERE id = $1", zhujian.Id)).ShouldBe((short)1);
        var after = (await Rules.LevelAsync(admin, "E0301", default))!;
        after.Rules.Single(r => r.Id == zhujian.Id).Replaced.ShouldBeTrue();
        after.Rules.Single(r => r.Id == overrideId).ShouldSatisfyAllConditions(r => r.CountyOwn.ShouldBeTrue(), r => r.Priority.ShouldBe(3));
        (await Preview("E0301")).ShouldBe([$"属地:{township}-township", "属主:451027-chengguan", "属主:451027-shengtai", "属主:451027-zhujian"]);
        (await fixture.Database.ScalarAsync<string>(
            "SELECT summary || ' | ' || (before->>'priority') || '→' || (after->>'priority') || ' | ' || coalesce(before->>'county', 'null') FROM audit_log WHERE action = 'routing_rule.update' AND subject_id = $1",
            overrideId.ToString(CultureInfo.InvariantCulture)))
            .ShouldBe("修改派遣规则：小类 E0301 施工扰民 → 住房和城乡建设局，优先级 1 → 3（本县替代通用规则） | 1→3 | null");

        // Deactivate the county's own 城管 rule, then remove it after all; remove the 住建 override: the installation's rule is back.
        (await Rules.UpdateAsync(admin, addedId, new RuleInput(null, "owner", "1", Active: false), default)).Status.ShouldBe(AdminStatus.Ok);
        (await Preview("E0301")).ShouldNotContain("属主:451027-chengguan");
        (await fixture.Database.ScalarAsync<string>(
            "SELECT summary FROM audit_log WHERE action = 'routing_rule.update' AND subject_id = $1 ORDER BY id DESC LIMIT 1", addedId.ToString(CultureInfo.InvariantCulture)))
            .ShouldEndWith("停用");
        (await Rules.RemoveAsync(admin, addedId, default)).Status.ShouldBe(AdminStatus.Ok);
        (await Rules.RemoveAsync(admin, overrideId, default)).Status.ShouldBe(AdminStatus.Ok);
        (await fixture.CountAsync("SELECT count(*) FROM routing_rule WHERE id IN ($1, $2)", addedId, overrideId)).ShouldBe(0);
        (await fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'routing_rule.remove' AND subject_id IN ($1, $2) AND after IS NULL AND before IS NOT NULL",
            addedId.ToString(CultureInfo.InvariantCulture), overrideId.ToString(CultureInfo.InvariantCulture))).ShouldBe(2);
        (await Preview("E0301")).ShouldBe([$"属地:{township}-township", "属主:451027-zhujian", "属主:451027-shengtai"]);

        // Deactivating every installation rule of a 小类 for the county: its 大类's rules answer (E01 市容环境: 城管, township).
        foreach (var rule in (await Rules.LevelAsync(admin, "E0101", default))!.Rules)
            (await Rules.UpdateAsync(admin, rule.Id, new RuleInput(null, rule.Party, rule.Priority.ToString(CultureInfo.InvariantCulture), Active: false), default))
                .Status.ShouldBe(AdminStatus.Ok);
        (await Rules.LevelAsync(admin, "E0101", default))!.AppliedNote.ShouldBe("该小类没有在用的规则：本县该小类的案件现按大类 E01 的规则派遣。");
        (await Preview("E0101")).ShouldBe([$"属地:{township}-township", "属主:451027-chengguan"]);
        // The 权责清单 reads the same rules.
        var duty = (await Units.ResponsibilitiesAsync(admin, default)).Single(l => l.Code == "E0101");
        (duty.Owner, duty.Territory, duty.CountyOwn).ShouldBe(("城管", "属地乡镇", false));
        var e0301 = (await Units.ResponsibilitiesAsync(admin, default)).Single(l => l.Code == "E0301");
        e0301.Owner.ShouldBe("住建、生态环境");
    }

    [Fact]
    public async Task Bad_rules_duplicates_other_counties_and_other_roles_are_refused_and_nothing_is_written()
    {
        var admin = await fixture.StaffAsync("admin");
        var other = await OtherCountyAdminAsync();
        var rules = await RuleCount();
        var audits = await fixture.CountAsync("SELECT count(*) FROM audit_log WHERE starts_with(action, 'routing_rule.')");

        var zero = await Rules.AddAsync(admin, "E0402", new RuleInput("shuili", "owner", "0"), default);
        zero.Status.ShouldBe(AdminStatus.Invalid);
        zero.Errors["priority"].ShouldBe("优先级应为 1–99 的整数（1 最先）。");
        (await Rules.AddAsync(admin, "E0402", new RuleInput("shuili", "owner", "100"), default)).Errors["priority"].ShouldBe("优先级应为 1–99 的整数（1 最先）。");
        (await Rules.AddAsync(admin, "E0402", new RuleInput("shuili", "owner", "abc"), default)).Errors["priority"].ShouldBe("优先级应为 1–99 的整数（1 最先）。");
        var empty = await Rules.AddAsync(admin, "E0402", new RuleInput("", "boss", "1"), default);
        empty.Errors["departmentCode"].ShouldBe("请选择部门。");
        empty.Errors["party"].ShouldBe("请选择责任：属主或属地。");
        (await Rules.AddAsync(admin, "X01", new RuleInput("shuili", "owner", "1"), default)).Errors["level"].ShouldBe("请选择大类或小类。");
        (await Rules.AddAsync(admin, "E0999", new RuleInput("shuili", "owner", "1"), default)).Status.ShouldBe(AdminStatus.NotFound);
        (await Rules.AddAsync(admin, "E0402", new RuleInput("nosuch", "owner", "1"), default)).Errors["departmentCode"].ShouldBe("该部门不存在或已停用，请重新选择。");
        // 交通运输 already answers for 路面塌陷 (an installation rule): change that row instead.
        (await Rules.AddAsync(admin, "E0402", new RuleInput("jiaotong", "territory", "5"), default)).Errors["departmentCode"]
            .ShouldBe("交通运输局在小类 E0402 路面塌陷已有通用规则，请在该行修改，不能重复添加。");
        // An installation rule cannot be removed.
        var installation = (await Rules.LevelAsync(admin, "E0402", default))!.Rules.First(r => !r.CountyOwn);
        (await Rules.RemoveAsync(admin, installation.Id, default)).Errors["rule"].ShouldContain("通用规则由系统为各县统一设定，不能删除");
        (await RuleCount()).ShouldBe(rules);

        // A county rule added once; added again it is refused.
        var added = await Rules.AddAsync(admin, "E06", new RuleInput("shuili", "owner", "3"), default);
        added.Status.ShouldBe(AdminStatus.Ok, added.Message);
        (await Rules.AddAsync(admin, "E06", new RuleInput("shuili", "territory", "4"), default)).Errors["departmentCode"]
            .ShouldBe("水利局在大类 E06 矛盾纠纷已有本县规则，请在该行修改，不能重复添加。");
        // The database's own rule, whoever writes: one rule per department, level and county.
        var duplicate = await Should.ThrowAsync<Npgsql.PostgresException>(() => fixture.Database.ScalarAsync<int>("""
            WITH r AS (INSERT INTO routing_rule (county_code, kind, major_code, department_code, party, priority) VALUES ('451027', 'E', '06', 'shuili', 'owner', 9) RETURNING 1)
            SELECT count(*)::int FROM r
            """));
        duplicate.ConstraintName.ShouldBe("routing_rule_once_per_department");
        (await RuleCount()).ShouldBe(rules + 1);

        // Another county's administrator neither sees nor changes this county's rule; a dispatcher is refused.
        (await Rules.LevelAsync(other, "E06", default))!.Rules.ShouldNotContain(r => r.Id == added.Id);
        (await Rules.UpdateAsync(other, added.Id!.Value, new RuleInput(null, "owner", "1"), default)).Status.ShouldBe(AdminStatus.NotFound);
        (await Rules.RemoveAsync(other, added.Id!.Value, default)).Status.ShouldBe(AdminStatus.NotFound);
        var dispatcher = await fixture.StaffAsync("dispatcher");
        (await Rules.AddAsync(dispatcher, "E06", new RuleInput("fire", "owner", "1"), default)).Status.ShouldBe(AdminStatus.Forbidden);
        (await Rules.UpdateAsync(dispatcher, added.Id!.Value, new RuleInput(null, "owner", "1"), default)).Message.ShouldBe(RoutingRuleAdminService.NotCountyAdmin);
        (await Rules.RemoveAsync(dispatcher, added.Id!.Value, default)).Status.ShouldBe(AdminStatus.Forbidden);
        (await Rules.LevelAsync(dispatcher, "E06", default)).ShouldBeNull();
        (await fixture.Database.ScalarAsync<short>("SELECT priority FROM routing_rule WHERE id = $1", added.Id!.Value)).ShouldBe((short)3);
        (await fixture.CountAsync("SELECT count(*) FROM audit_log WHERE starts_with(action, 'routing_rule.')")).ShouldBe(audits + 1);

        // The other county's own rule routes its cases only.
        var otherRule = await Rules.AddAsync(other, "E0501", new RuleInput("shichang", "owner", "1"), default);
        otherRule.Status.ShouldBe(AdminStatus.Ok, otherRule.Message);
        (await UnitRouting.RouteAsync(fixture.Database.DataSource, "E0501", 111.01, 31.01, OtherCounty)).Units.Select(u => u.UnitCode)
            .ShouldContain("451098-shichang");
        var (lng, lat) = await PointIn(Siceng);
        (await UnitRouting.RouteAsync(fixture.Database.DataSource, "E0501", lng, lat, County)).Units.Select(u => u.DepartmentCode).ShouldNotContain("shichang");
    }

    [Fact]
    public async Task A_case_reported_after_a_rule_change_is_routed_by_the_new_rule_while_a_case_dispatched_before_keeps_its_unit()
    {
        var admin = await fixture.StaffAsync("admin");
        var dispatcherStaff = await fixture.StaffAsync("dispatcher");
        using var dispatcher = await StaffSession.Start(fixture.Demo.Factory).LoggedInAsync("dispatcher");
        var grid = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid WHERE starts_with(code, $1) ORDER BY code LIMIT 1", Siceng);

        // Before: 乱停放 (E0502) goes to 公安交管 as owner; the case is dispatched to the unit routing names.
        var before = await ReportAsync(grid, "E0502", "规则修改前：门口乱停车");
        var routedBefore = await UnitRouting.RouteCaseAsync(fixture.Database.DataSource, before, dispatcherStaff);
        var ownerBefore = routedBefore.Units.First(u => u.Party == Domain.Departments.ResponsibilityParty.Owner).UnitCode;
        ownerBefore.ShouldBe("451027-traffic-police");
        foreach (var action in new[] { "verify", "accept" })
            (await DispatchApi.CaseAsync(dispatcher, before, action)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var dispatched = await DispatchApi.CaseAsync(dispatcher, before, "dispatch", new { units = new[] { ownerBefore } });
        dispatched.StatusCode.ShouldBe(HttpStatusCode.OK, await dispatched.Content.ReadAsStringAsync());

        // The county moves 乱停放 to 城管 (deactivating 公安交管's rule for the county, adding 城管's).
        var trafficRule = (await Rules.LevelAsync(admin, "E0502", default))!.Rules.Single(r => r.DepartmentCode == "traffic-police" && !r.Replaced);
        (await Rules.UpdateAsync(admin, trafficRule.Id, new RuleInput(null, trafficRule.Party, trafficRule.Priority.ToString(CultureInfo.InvariantCulture), Active: false), default))
            .Status.ShouldBe(AdminStatus.Ok);
        (await Rules.AddAsync(admin, "E0502", new RuleInput("chengguan", "owner", "1"), default)).Status.ShouldBe(AdminStatus.Ok);

        // After: a new case is routed to 城管; the case dispatched before keeps its order with 公安交管.
        var afterCase = await ReportAsync(grid, "E0502", "规则修改后：路口乱停车");
        var routedAfter = await UnitRouting.RouteCaseAsync(fixture.Database.DataSource, afterCase, dispatcherStaff);
        routedAfter.Units.Where(u => u.Party == Domain.Departments.ResponsibilityParty.Owner).Select(u => u.DepartmentCode).ShouldBe(["chengguan"]);
        (await fixture.Database.ScalarAsync<string>("SELECT string_agg(unit_code, ',') FROM work_order WHERE case_id = $1", before)).ShouldBe(ownerBefore);
    }

    private async Task<long> ReportAsync(string grid, string category, string description)
    {
        using var resident = fixture.Demo.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var form = await ResidentForm.OpenAsync(resident, grid);
        var response = await resident.PostAsync($"/g/{grid}", ResidentForm.Content(form, description, category: category, photos: [("a.jpg", ResidentForm.Photo)]));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", form.IdempotencyKey);
    }
}
