using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Features.Accounts;
using Npgsql;

namespace GridGovernance.Integration.Tests.Accounts;

public sealed class AccountDataTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task The_demo_accounts_serve_real_territories_of_the_demo_county_one_per_role()
    {
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM staff_account")).ShouldBe(DemoAccounts.All.Count);
        (await fixture.Database.ScalarAsync<long>("""
            SELECT count(*) FROM staff_account a WHERE
                   (a.role = 'county_admin' AND EXISTS (SELECT 1 FROM county WHERE code = a.scope_code))
                OR (a.role = 'township_dispatcher' AND EXISTS (SELECT 1 FROM township WHERE code = a.scope_code AND name = '泗城镇'))
                OR (a.role = 'village_cadre' AND EXISTS (SELECT 1 FROM village WHERE code = a.scope_code AND township_code = '451027100'))
                OR (a.role = 'grid_worker' AND EXISTS (SELECT 1 FROM grid WHERE code = a.scope_code AND village_code = '451027100001'))
                OR (a.role = 'link_leader' AND EXISTS (SELECT 1 FROM link_unit WHERE code = a.scope_code AND grid_code = '451027100001001'))
                OR (a.role = 'department_staff' AND EXISTS (SELECT 1 FROM department_unit WHERE code = a.scope_code AND county_code = '451027'))
            """)).ShouldBe(DemoAccounts.All.Count);
        (await fixture.Database.ScalarAsync<string>("SELECT string_agg(username, ',' ORDER BY id) FROM staff_account"))
            .ShouldBe("admin,dispatcher,cadre,gridworker,gridworker2,leader,dept-chengguan,dept-police");
    }

    [Fact]
    public async Task Seeding_again_adds_nothing_and_keeps_a_changed_password()
    {
        await fixture.Database.ScalarAsync<int>("WITH u AS (UPDATE staff_account SET password_hash = 'changed' WHERE username = 'gridworker2' RETURNING 1) SELECT count(*)::int FROM u");
        (await DemoAccounts.SeedAsync(fixture.Database.DataSource)).ShouldBe(0);
        (await fixture.Database.ScalarAsync<string>("SELECT password_hash FROM staff_account WHERE username = 'gridworker2'")).ShouldBe("changed");
    }

    [Fact]
    public async Task Seeding_an_empty_database_without_the_demo_county_does_nothing()
    {
        await using var empty = await TestDatabase.CreateMigratedAsync();
        (await DemoAccounts.SeedAsync(empty.DataSource)).ShouldBe(0);
        (await empty.ScalarAsync<long>("SELECT count(*) FROM staff_account")).ShouldBe(0);
    }

    [Fact]
    public async Task A_fresh_install_that_loads_the_demo_county_also_gets_the_demo_accounts()
    {
        await using var empty = await TestDatabase.CreateMigratedAsync();
        await using var app = new FreshInstallFactory(empty.ConnectionString);
        using var session = await StaffSession.Start(app).LoggedInAsync("gridworker2");
        (await empty.ScalarAsync<long>("SELECT count(*) FROM staff_account")).ShouldBe(DemoAccounts.All.Count);
    }

    /// <summary>The app as run.sh starts it on an empty database: it imports the demo county itself.</summary>
    private sealed class FreshInstallFactory(string connectionString) : GridGovAppFactory(connectionString)
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("GridGov:LoadDemoWhenEmpty", "true");
            builder.UseSetting("GridGov:DemoDataDirectory", RepoPaths.DemoCounty);
        }
    }

    [Theory]
    [InlineData("grid_worker", "451027100001999", "23503", "staff_account_scope_exists")]   // well-formed, but no such grid
    [InlineData("grid_worker", "451027100001", "23514", "staff_account_scope_fits_role")]   // a village code for a grid worker
    [InlineData("township_dispatcher", "451027999", "23503", "staff_account_scope_exists")]
    [InlineData("village_cadre", "45102710000x", "23514", "staff_account_scope_fits_role")]
    public async Task The_database_refuses_a_scope_that_does_not_fit_the_role_or_does_not_exist(string role, string scope, string sqlState,
        string constraint)
    {
        var error = await Should.ThrowAsync<PostgresException>(() => fixture.Database.ScalarAsync<int>("""
            WITH a AS (INSERT INTO staff_account (username, display_name, role, scope_code, password_hash)
                       VALUES ('bad', '坏账号', $1, $2, 'x') RETURNING 1) SELECT count(*)::int FROM a
            """, role, scope));
        error.SqlState.ShouldBe(sqlState);
        error.ConstraintName.ShouldBe(constraint);
    }

    [Fact]
    public async Task Usernames_are_stored_lower_case_and_unique()
    {
        var upper = await Should.ThrowAsync<PostgresException>(() => fixture.Database.ScalarAsync<int>(
            "WITH a AS (INSERT INTO staff_account (username, display_name, role, scope_code, password_hash) VALUES ('Admin2', 'x', 'county_admin', '451027', 'x') RETURNING 1) SELECT count(*)::int FROM a"));
        upper.SqlState.ShouldBe("23514");
        upper.ConstraintName.ShouldBe("staff_account_username_check");
        var duplicate = await Should.ThrowAsync<PostgresException>(() => fixture.Database.ScalarAsync<int>(
            "WITH a AS (INSERT INTO staff_account (username, display_name, role, scope_code, password_hash) VALUES ('admin', 'x', 'county_admin', '451027', 'x') RETURNING 1) SELECT count(*)::int FROM a"));
        duplicate.SqlState.ShouldBe("23505");
        duplicate.ConstraintName.ShouldBe("staff_account_username_key");
    }

    [Fact]
    public async Task Data_protection_keys_live_in_the_database_so_a_second_app_instance_reads_the_first_ones_cookie()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM data_protection_key")).ShouldBeGreaterThan(0);

        // Another instance (a new host, no shared memory) over the same database: the same login cookie works there.
        await using var second = new LoggedAppFactory(fixture.Database.ConnectionString);
        using var client = second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var cookie = (await session.Client.GetAsync("/api/staff/me")).RequestMessage!.Headers.TryGetValues("Cookie", out var sent) ? sent.First() : null;
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/staff/me");
        var loginCookie = cookie ?? "";
        request.Headers.Add("Cookie", loginCookie);
        (await client.SendAsync(request)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }
}
