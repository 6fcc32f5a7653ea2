using GridGovernance.Web.Features.Admin;

namespace GridGovernance.Integration.Tests.Admin;

/// <summary>
/// Household and 十联户 maintenance: move (to a unit; by position into another grid, with a new code the case file follows),
/// change a 联户长, add and retire — each in one transaction with its audit row, refusals in Chinese writing nothing, the
/// township dispatcher only in their township.
/// </summary>
public sealed class HouseholdAdminTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    private const string Grid = "451027100001001";

    private HouseholdAdminService Households => fixture.Service<HouseholdAdminService>();

    /// <summary>A household of the grid that leads no unit, in a unit that is not <paramref name="notUnit"/>.</summary>
    private Task<string> OrdinaryHouseholdAsync(string grid, int skip = 0) => fixture.Database.ScalarAsync<string>($"""
        SELECT h.code FROM household h
        WHERE h.grid_code = $1 AND h.link_unit_code IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM link_unit u WHERE u.leader_household_code = h.code)
          AND NOT EXISTS (SELECT 1 FROM case_file c WHERE c.on_behalf_household_code = h.code)
        ORDER BY h.code DESC OFFSET {skip} LIMIT 1
        """, grid);

    private Task<string> Row(string code) => fixture.Database.ScalarAsync<string>(
        "SELECT concat_ws('|', code, grid_code, link_unit_code, ST_AsText(geom)) FROM household WHERE code = $1", code);

    [Fact]
    public async Task A_household_moves_to_another_unit_of_its_grid_and_by_position_into_another_grid_with_a_new_code()
    {
        var admin = await fixture.StaffAsync("admin");
        var code = await OrdinaryHouseholdAsync(Grid);
        var from = await fixture.Database.ScalarAsync<string>("SELECT link_unit_code FROM household WHERE code = $1", code);
        var to = await fixture.Database.ScalarAsync<string>("SELECT code FROM link_unit WHERE grid_code = $1 AND code <> $2 ORDER BY code LIMIT 1", Grid, from);

        var moved = await Households.MoveAsync(admin, code, to, null, null, default);
        moved.Status.ShouldBe(AdminStatus.Ok, moved.Message);
        (await fixture.Database.ScalarAsync<string>("SELECT link_unit_code FROM household WHERE code = $1", code)).ShouldBe(to);
        (await fixture.Database.ScalarAsync<string>("SELECT summary FROM audit_log WHERE action = 'household.move' AND subject_id = $1 ORDER BY id DESC LIMIT 1", code))
            .ShouldContain($"十联户 {from} → 十联户 {to}");

        // By position: a point inside the neighbouring grid (its point on surface) → that grid, a code of it, no unit yet.
        var other = "451027100001002";
        var (lng, lat) = (await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", other),
            await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", other));
        var revision = await fixture.Database.ScalarAsync<long>("SELECT revision FROM territory_revision");
        var across = await Households.MoveAsync(admin, code, null, lng.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture), default);
        across.Status.ShouldBe(AdminStatus.Ok, across.Message);
        var newCode = System.Text.RegularExpressions.Regex.Match(across.Message!, "[0-9]{19}").Value;
        newCode.ShouldStartWith(other);
        (await fixture.CountAsync("SELECT count(*) FROM household WHERE code = $1", code)).ShouldBe(0);
        (await fixture.Database.ScalarAsync<string>("SELECT grid_code || '|' || coalesce(link_unit_code, '-') FROM household WHERE code = $1", newCode))
            .ShouldBe($"{other}|-");
        (await fixture.Database.ScalarAsync<long>("SELECT revision FROM territory_revision")).ShouldBeGreaterThan(revision);
        (await fixture.Database.ScalarAsync<string>("SELECT summary FROM audit_log WHERE action = 'household.move' AND subject_id = $1", newCode))
            .ShouldContain($"{code} → {newCode}");
    }

    [Fact]
    public async Task Moves_are_refused_in_chinese_for_a_leader_outside_the_scope_or_any_grid_and_for_other_roles_writing_nothing()
    {
        var admin = await fixture.StaffAsync("admin");
        var dispatcher = await fixture.StaffAsync("dispatcher");
        var leader = await fixture.Database.ScalarAsync<string>("SELECT leader_household_code FROM link_unit WHERE grid_code = $1 ORDER BY code LIMIT 1", Grid);
        var unit = await fixture.Database.ScalarAsync<string>("SELECT code FROM link_unit WHERE grid_code = $1 ORDER BY code DESC LIMIT 1", Grid);
        var ordinary = await OrdinaryHouseholdAsync(Grid, skip: 3);
        var foreign = await OrdinaryHouseholdAsync(fixture.OtherTownshipGrid);
        var before = await Row(leader) + await Row(ordinary) + await Row(foreign);
        var audits = await fixture.CountAsync("SELECT count(*) FROM audit_log");

        (await Households.MoveAsync(admin, leader, unit, null, null, default)).Errors["unit"].ShouldContain("请先为该十联户更换联户长");
        (await Households.MoveAsync(dispatcher, foreign, unit, null, null, default)).Status.ShouldBe(AdminStatus.NotFound);
        (await Households.MoveAsync(dispatcher, ordinary, "451027999999999999", null, null, default)).Errors["unit"].ShouldContain("不存在或不在您的管辖范围内");
        (await Households.MoveAsync(admin, ordinary, null, "100.0", "30.0", default)).Errors["lng"].ShouldBe("这个位置不在任何网格内。");
        (await Households.MoveAsync(admin, ordinary, null, "abc", "24.3", default)).Errors["lng"].ShouldContain("经度应为");
        (await Households.MoveAsync(admin, ordinary, null, null, null, default)).Errors["unit"].ShouldBe("请选择要迁入的十联户，或填写新的位置。");
        (await Households.MoveAsync(await fixture.StaffAsync("gridworker"), ordinary, unit, null, null, default)).Status.ShouldBe(AdminStatus.Forbidden);
        (await Households.SearchAsync(dispatcher, foreign, default)).ShouldBeEmpty();

        (await Row(leader) + await Row(ordinary) + await Row(foreign)).ShouldBe(before);
        (await fixture.CountAsync("SELECT count(*) FROM audit_log")).ShouldBe(audits);
    }

    [Fact]
    public async Task The_dispatcher_changes_a_units_leader_to_one_of_its_households_only()
    {
        var dispatcher = await fixture.StaffAsync("dispatcher");
        var unit = await fixture.Database.ScalarAsync<string>("SELECT code FROM link_unit WHERE grid_code = $1 ORDER BY code OFFSET 1 LIMIT 1", Grid);
        var old = await fixture.Database.ScalarAsync<string>("SELECT leader_household_code FROM link_unit WHERE code = $1", unit);
        var outsider = await fixture.Database.ScalarAsync<string>("SELECT code FROM household WHERE grid_code = $1 AND link_unit_code <> $2 LIMIT 1", Grid, unit);
        (await Households.SetLeaderAsync(dispatcher, unit, outsider, default)).Errors["leader"].ShouldBe("联户长必须是本十联户的住户。");
        (await Households.SetLeaderAsync(dispatcher, unit, old, default)).Errors["leader"].ShouldBe("该户已是本十联户的联户长。");
        (await Households.SetLeaderAsync(dispatcher, fixture.OtherTownshipGrid + "001", old, default)).Status.ShouldBe(AdminStatus.NotFound);
        (await fixture.Database.ScalarAsync<string>("SELECT leader_household_code FROM link_unit WHERE code = $1", unit)).ShouldBe(old);

        var next = (await Households.UnitHouseholdsAsync(dispatcher, unit, default)).First(h => h.Code != old).Code;
        var outcome = await Households.SetLeaderAsync(dispatcher, unit, next, default);
        outcome.Status.ShouldBe(AdminStatus.Ok, outcome.Message);
        (await fixture.Database.ScalarAsync<string>("SELECT leader_household_code FROM link_unit WHERE code = $1", unit)).ShouldBe(next);
        (await fixture.Database.ScalarAsync<string>("SELECT before::text || after::text FROM audit_log WHERE action = 'link_unit.leader' AND subject_id = $1", unit))
            .ShouldBe($$"""{"leader": "{{old}}"}{"leader": "{{next}}"}""");
    }

    [Fact]
    public async Task A_household_is_added_inside_its_grid_and_retired_into_the_archive_without_its_phone()
    {
        var admin = await fixture.StaffAsync("admin");
        var grid = "451027100001003";
        var unit = await fixture.Database.ScalarAsync<string>("SELECT code FROM link_unit WHERE grid_code = $1 ORDER BY code LIMIT 1", grid);
        var lng = (await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid)).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var lat = (await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid)).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var count = await fixture.CountAsync("SELECT count(*) FROM household");

        var bad = await Households.AddAsync(admin, new NewHousehold(grid, "451027100001001001", "", "40", "123", null, lng, "x"), default);
        bad.Status.ShouldBe(AdminStatus.Invalid);
        bad.Errors.Keys.Order().ShouldBe(["headName", "members", "phone", "position", "unit"]);
        (await Households.AddAsync(admin, new NewHousehold(grid, unit, "黄新户", "3", null, null, "106.0", "24.0"), default))
            .Errors["position"].ShouldBe($"位置不在网格 {grid} 内。");
        (await fixture.CountAsync("SELECT count(*) FROM household")).ShouldBe(count);

        var added = await Households.AddAsync(admin, new NewHousehold(grid, unit, "黄新户", "3", "13912345678", "新街 1 号", lng, lat), default);
        added.Status.ShouldBe(AdminStatus.Ok, added.Message);
        var code = System.Text.RegularExpressions.Regex.Match(added.Message!, "[0-9]{19}").Value;
        code.ShouldBe(await fixture.Database.ScalarAsync<string>("SELECT max(code) FROM household WHERE grid_code = $1", grid));
        (await fixture.Database.ScalarAsync<string>("SELECT summary || after::text FROM audit_log WHERE action = 'household.add' AND subject_id = $1", code))
            .ShouldNotContain("13912345678");

        (await Households.RetireAsync(admin, code, " ", default)).Errors["reason"].ShouldContain("请填写注销原因");
        var leader = await fixture.Database.ScalarAsync<string>("SELECT leader_household_code FROM link_unit WHERE code = $1", unit);
        (await Households.RetireAsync(admin, leader, "整户迁出", default)).Errors["reason"].ShouldContain("请先更换联户长");
        var retired = await Households.RetireAsync(admin, code, "整户迁出本县", default);
        retired.Status.ShouldBe(AdminStatus.Ok, retired.Message);
        (await fixture.CountAsync("SELECT count(*) FROM household WHERE code = $1", code)).ShouldBe(0);
        (await fixture.Database.ScalarAsync<string>("SELECT row_to_json(r)::text FROM household_retired r WHERE code = $1", code))
            .ShouldSatisfyAllConditions(r => r.ShouldContain("整户迁出本县"), r => r.ShouldNotContain("13912345678"));
        (await fixture.Database.ScalarAsync<string>("SELECT summary FROM audit_log WHERE action = 'household.retire' AND subject_id = $1", code))
            .ShouldContain("整户迁出本县");
        // A retired household's number is never given again.
        var again = await Households.AddAsync(admin, new NewHousehold(grid, null, "黄另户", "2", null, null, lng, lat), default);
        System.Text.RegularExpressions.Regex.Match(again.Message!, "[0-9]{19}").Value.ShouldNotBe(code);
    }
}
