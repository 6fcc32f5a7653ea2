using System.Diagnostics;
using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Evaluation;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Features.Stats;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Integration.Tests.Stats;

/// <summary>
/// The benchmark's generators (tests/bench/dataset/generate.sql, then cases.sql), run with psql at a tiny scale on a migrated
/// database: the cases' post columns (岗位评价, migration 0052) are filled as the real intake and registration write them, and
/// the app's posts table (<see cref="StatsCharts.PostsAsync"/>) finds work for both posts over them.
/// </summary>
public sealed class BenchDatasetTests : IAsyncLifetime
{
    private TestDatabase Db { get; set; } = null!;

    public async Task InitializeAsync() => Db = await TestDatabase.CreateMigratedAsync();

    public Task DisposeAsync() => Db.DisposeAsync().AsTask();

    private async Task PsqlAsync(string script, params (string Name, string Value)[] variables)
    {
        var connection = new NpgsqlConnectionStringBuilder(Db.ConnectionString);
        var start = new ProcessStartInfo("psql")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = connection.Username;
        start.Environment["PGPASSWORD"] = connection.Password ?? "";
        start.Environment["PGDATABASE"] = connection.Database;
        foreach (var argument in new[] { "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", script }) start.ArgumentList.Add(argument);
        foreach (var (name, value) in variables)
        {
            start.ArgumentList.Add("-v");
            start.ArgumentList.Add($"{name}={value}");
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"psql -f {script}: {await error}\n{await output}");
    }

    private Task<long> CountAsync(string sql) => Db.ScalarAsync<long>(sql);

    [Fact]
    public async Task The_bench_cases_name_their_reporter_and_registrar_and_the_posts_table_counts_them()
    {
        var dataset = Path.Combine(RepoPaths.Root, "tests", "bench", "dataset");
        await PsqlAsync(Path.Combine(dataset, "generate.sql"), ("county_cols", "1"), ("county_rows", "1"), ("townships_per_county", "3"),
            ("villages_per_township", "3"), ("grids_per_village", "4"));
        await PsqlAsync(Path.Combine(dataset, "cases.sql"), ("password_hash", "not-a-hash"), ("cases", "3000"));

        // The accounts: three 调度员 per township, a 网格员 per grid (linked to its first 网格员), a 联户长 per 十联户 unit.
        (await CountAsync("SELECT count(*) FROM township")).ShouldBeGreaterThan(0);
        (await CountAsync("SELECT count(*) FROM staff_account WHERE role = 'township_dispatcher'"))
            .ShouldBe(3 * await CountAsync("SELECT count(*) FROM township"));
        (await CountAsync("SELECT count(*) FROM staff_account WHERE role = 'grid_worker'")).ShouldBe(await CountAsync("SELECT count(*) FROM grid"));
        (await CountAsync("SELECT count(*) FROM grid g WHERE NOT EXISTS (SELECT 1 FROM grid_staff s JOIN staff_account a ON a.id = s.account_id WHERE s.grid_code = g.code AND a.role = 'grid_worker' AND a.scope_code = g.code)"))
            .ShouldBe(0);
        (await CountAsync("SELECT count(*) FROM link_unit u LEFT JOIN staff_account a ON a.id = u.leader_account_id WHERE a.role IS DISTINCT FROM 'link_leader' OR a.scope_code <> u.code"))
            .ShouldBe(0);

        // The reporter, as the intake writes it: the facts copy case_file.reported_by_account_id; per source, whose account.
        (await CountAsync("SELECT count(*) FROM eval_case_fact f JOIN case_file c ON c.id = f.case_id WHERE f.reporter_account_id IS DISTINCT FROM c.reported_by_account_id"))
            .ShouldBe(0);
        (await CountAsync("""
            SELECT count(*) FROM case_file c LEFT JOIN staff_account a ON a.id = c.reported_by_account_id
            WHERE NOT CASE c.source
                WHEN 'grid_worker' THEN a.role = 'grid_worker' AND a.scope_code = c.grid_code
                WHEN 'link_leader' THEN a.role = 'link_leader' AND starts_with(a.scope_code, c.grid_code)
                WHEN 'hotline' THEN a.role = 'township_dispatcher' AND a.scope_code = c.township_code
                WHEN 'phone' THEN a.role = 'township_dispatcher' AND a.scope_code = c.township_code
                ELSE c.reported_by_account_id IS NULL END
            """)).ShouldBe(0);
        foreach (var source in new[] { "grid_worker", "link_leader", "hotline", "phone", "qr" })
            (await Db.ScalarAsync<long>("SELECT count(*) FROM case_file WHERE source = $1", source)).ShouldBeGreaterThan(0, source);

        // The registrar: every case that was 立案 (accepted_at), by a 调度员 of its township, in the month of the registration;
        // a desk case by the 调度员 who entered it. No other case has one.
        (await CountAsync("SELECT count(*) FROM case_file WHERE accepted_at IS NOT NULL")).ShouldBeGreaterThan(0);
        (await CountAsync("""
            SELECT count(*) FROM eval_case_fact f JOIN case_file c ON c.id = f.case_id LEFT JOIN staff_account a ON a.id = f.registrar_account_id
            WHERE CASE WHEN c.accepted_at IS NULL THEN f.registrar_account_id IS NOT NULL OR f.registered_month IS NOT NULL
                       ELSE a.role IS DISTINCT FROM 'township_dispatcher' OR a.scope_code <> c.township_code
                            OR f.registered_month IS DISTINCT FROM eval_month(c.accepted_at)
                            OR (c.source IN ('hotline', 'phone') AND f.registrar_account_id <> c.reported_by_account_id) END
            """)).ShouldBe(0);

        // The posts table over them: every 网格员's volume is the cases of its grid reported by a 网格员 that month, every
        // 调度员's the cases of its township it registered; both posts have cases due.
        var county = await Db.ScalarAsync<string>("SELECT min(code) FROM county");
        var month = new EvaluationMonth(2026, 6);
        var view = new CurrentStaff(0, "system", "系统", StaffRole.CountyAdmin, county, "");
        var rows = (await StatsCharts.PostsAsync(Db.DataSource, view, county, county, month, default))!;
        rows.Count(r => r.Post == Post.Dispatcher).ShouldBe((int)await CountAsync("SELECT count(*) FROM staff_account WHERE role = 'township_dispatcher'"));
        rows.Where(r => r.Post == Post.GridWorker).Sum(r => r.Counts.Volume).ShouldBe(await Db.ScalarAsync<long>(
            "SELECT count(*) FROM eval_case_fact WHERE county_code = $1 AND reported_month = $2 AND source = 'grid_worker'", county, month.FirstDay));
        rows.Where(r => r.Post == Post.Dispatcher).Sum(r => r.Counts.Volume).ShouldBe(await Db.ScalarAsync<long>(
            "SELECT count(*) FROM eval_case_fact WHERE county_code = $1 AND registered_month = $2", county, month.FirstDay));
        rows.Where(r => r.Post == Post.GridWorker).Sum(r => r.Counts.Due).ShouldBeGreaterThan(0);
        rows.Where(r => r.Post == Post.Dispatcher).Sum(r => r.Counts.Due).ShouldBeGreaterThan(0);
    }
}
