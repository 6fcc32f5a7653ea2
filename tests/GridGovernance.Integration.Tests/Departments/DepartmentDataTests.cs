using GridGovernance.Integration.Tests.Infrastructure;
using Npgsql;

namespace GridGovernance.Integration.Tests.Departments;

/// <summary>Migration 0006 on its own and on the demo county: departments, rules and the units the township trigger creates.</summary>
public sealed class DepartmentDataTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    [Fact]
    public async Task The_migration_applies_on_an_empty_database_with_departments_and_rules_but_no_units()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();

        (await database.ScalarAsync<long>("SELECT count(*) FROM department WHERE active")).ShouldBe(19);
        (await database.ScalarAsync<long>("SELECT count(*) FROM department WHERE kind = 'company'")).ShouldBe(3);
        (await database.ScalarAsync<long>("SELECT count(*) FROM routing_rule")).ShouldBeGreaterThan(60);
        // No county yet, so no unit: they come with the territory.
        (await database.ScalarAsync<long>("SELECT count(*) FROM department_unit")).ShouldBe(0);
    }

    [Fact]
    public async Task Every_small_category_has_rules_of_its_own_and_a_territorial_party()
    {
        (await fixture.Database.ScalarAsync<string>("""
            SELECT coalesce(string_agg(c.code, ','), '') FROM case_category c
            WHERE NOT EXISTS (SELECT 1 FROM routing_rule r WHERE r.category_code = c.code AND r.active)
               OR NOT EXISTS (SELECT 1 FROM routing_rule r WHERE r.category_code = c.code AND r.active AND r.party = 'territory')
            """)).ShouldBe("");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_category")).ShouldBe(30);
        // Both kinds have a last-resort rule for 小类 added later.
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(DISTINCT kind) FROM routing_rule WHERE major_code IS NULL AND category_code IS NULL")).ShouldBe(2);
    }

    [Fact]
    public async Task Importing_the_demo_county_gives_each_township_a_police_station_whose_area_is_the_township()
    {
        var townships = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM township WHERE county_code = '451027'");
        townships.ShouldBe(8);
        (await fixture.Database.ScalarAsync<long>("""
            SELECT count(*) FROM township t JOIN department_unit u ON u.code = t.code || '-police'
            WHERE u.department_code = 'police' AND u.active AND u.township_code = t.code AND ST_Equals(u.jurisdiction, t.geom)
            """)).ShouldBe(townships);
        (await fixture.Database.ScalarAsync<string>("SELECT name FROM department_unit WHERE code = '451027100-police'"))
            .ShouldBe("凌云县公安局泗城派出所");
        (await fixture.Database.ScalarAsync<string>("SELECT name FROM department_unit WHERE code = '451027201-police'"))
            .ShouldBe("凌云县公安局伶站派出所");   // 伶站瑶族乡: level and ethnic qualifier dropped
        (await fixture.Database.ScalarAsync<string>("SELECT name FROM department_unit WHERE code = '451027100-township'"))
            .ShouldBe("泗城镇人民政府");
        (await fixture.Database.ScalarAsync<string>("SELECT name FROM department_unit WHERE code = '451027-chengguan'"))
            .ShouldBe("凌云县城市管理综合执法局");
    }

    [Fact]
    public async Task Every_department_has_a_unit_in_the_demo_county_and_only_township_units_have_an_area()
    {
        (await fixture.Database.ScalarAsync<string>("""
            SELECT coalesce(string_agg(d.code, ','), '') FROM department d
            WHERE NOT EXISTS (SELECT 1 FROM department_unit u WHERE u.department_code = d.code AND u.county_code = '451027' AND u.active)
            """)).ShouldBe("");
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM department_unit WHERE (jurisdiction IS NULL) <> (township_code IS NULL)")).ShouldBe(0);
        // 18 county-wide units (every department but the township itself) plus 8 townships × (township, police, sifa).
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM department_unit WHERE county_code = '451027'")).ShouldBe(18 + 8 * 3);
    }

    [Fact]
    public async Task Syncing_again_changes_nothing_and_a_redrawn_township_moves_its_units_area_with_it()
    {
        await using var database = await TestDatabase.CreateWithDemoCountyAsync();
        (await database.ScalarAsync<int>("SELECT department_units_sync('451027')")).ShouldBe(0);

        // Shrink 泗城镇 by about 100 m (a redraw); its 派出所, 司法所 and government follow in the same statement.
        await database.ScalarAsync<int>("""
            WITH u AS (UPDATE township SET geom = ST_Multi(ST_Buffer(geom, -0.001)) WHERE code = '451027100' RETURNING 1)
            SELECT count(*)::int FROM u
            """);
        (await database.ScalarAsync<long>("""
            SELECT count(*) FROM department_unit u JOIN township t ON t.code = u.township_code
            WHERE t.code = '451027100' AND ST_Equals(u.jurisdiction, t.geom)
            """)).ShouldBe(3);
        (await database.ScalarAsync<int>("SELECT department_units_sync('451027')")).ShouldBe(0);
    }

    [Fact]
    public async Task A_department_staff_account_must_name_an_existing_unit()
    {
        await using var database = await TestDatabase.CreateWithDemoCountyAsync();
        const string insert = """
            INSERT INTO staff_account (username, display_name, role, scope_code, password_hash)
            VALUES ($1, '部门人员', 'department_staff', $2, 'x') RETURNING id
            """;

        (await database.ScalarAsync<long>(insert, "dept-ok", "451027-zhujian")).ShouldBeGreaterThan(0);
        var missing = await Should.ThrowAsync<PostgresException>(() => database.ScalarAsync<long>(insert, "dept-missing", "451027-nosuch"));
        missing.ConstraintName.ShouldBe("staff_account_scope_exists");
        var freeText = await Should.ThrowAsync<PostgresException>(() => database.ScalarAsync<long>(insert, "dept-text", "县住建局"));
        freeText.ConstraintName.ShouldBe("staff_account_scope_fits_role");
    }
}
