using System.IO.Compression;
using GridGovernance.Data.Export;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Web.Features.Admin;
using GridGovernance.Web.Features.Setup;
using GridGovernance.Web.Features.Territory;
using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Integration.Tests.Setup;

/// <summary>
/// The territory import in the browser's service, from a fresh install: the first county administrator (made by setup) imports
/// the demo county's files — the same files `gridgov import` takes and the export writes; a bad file writes nothing and the
/// importer's report comes back; a county other than the administrator's is refused; other roles are refused.
/// </summary>
public sealed class TerritoryImportTests(FreshInstallFixture fixture) : IClassFixture<FreshInstallFixture>
{
    private TerritoryImportService Importer => fixture.Service<TerritoryImportService>();

    private const string CountTerritory = """
        SELECT (SELECT count(*) FROM county) + (SELECT count(*) FROM township) + (SELECT count(*) FROM grid)
             + (SELECT count(*) FROM household) + (SELECT count(*) FROM grid_staff)
        """;

    private async Task<CurrentStaff> AdminAsync()
    {
        if (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM staff_account WHERE username = 'importer'") == 0)
        {
            var setup = fixture.Service<FirstRunSetup>();
            var token = await setup.IssueTokenAsync(default) ?? fixture.LoggedToken();
            var outcome = await setup.CompleteAsync(new SetupInput(token, "451027", "凌云县", "导入管理员", "importer", "Import#2027", "Import#2027"), default);
            outcome.Done.ShouldBeTrue(string.Join("；", outcome.Errors.Values));
        }
        await using var command = fixture.Database.DataSource.CreateCommand(
            "SELECT id, display_name, security_stamp::text FROM staff_account WHERE username = 'importer'");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new CurrentStaff(reader.GetInt64(0), "importer", reader.GetString(1), GridGovernance.Domain.Accounts.StaffRole.CountyAdmin,
            "451027", reader.GetString(2));
    }

    private static TerritoryUploadFile File(string name, byte[] bytes) => new(name, bytes.Length, () => new MemoryStream(bytes));

    private static List<TerritoryUploadFile> DemoFiles(Func<string, byte[], byte[]>? change = null) =>
        TerritoryExporter.FileNames.Select(name =>
        {
            var bytes = System.IO.File.ReadAllBytes(Path.Combine(RepoPaths.DemoCounty, name));
            return File(name, change is null ? bytes : change(name, bytes));
        }).ToList();

    [Fact]
    public async Task A_bad_file_writes_nothing_and_the_importers_report_names_each_problem()
    {
        var admin = await AdminAsync();
        var before = await fixture.Database.ScalarAsync<long>(CountTerritory);

        // One household placed far outside its grid (valid coordinates: only the database's check can see it).
        var moved = DemoFiles((name, bytes) => name != "households.csv" ? bytes : System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(bytes).Replace("沿河路47号,106.549797,24.345872", "沿河路47号,106.1,24.1", StringComparison.Ordinal)));
        var progress = new List<TerritoryImportProgress>();
        var outcome = await Importer.ImportAsync(admin, moved, new Recorder(progress), default);
        outcome.Status.ShouldBe(AdminStatus.Invalid);
        outcome.Message.ShouldContain("未导入任何数据");
        outcome.Report!.Problems.ShouldContain(p => p.File == "households.csv" && p.Code == "4510271000010010001"
            && p.Message.Contains("位置不在所属网格 451027100001001 内"));
        progress.ShouldContain(p => p.Message.Contains("校验中"));
        progress.ShouldNotContain(p => p.Message.Contains("写入中"));
        (await fixture.Database.ScalarAsync<long>(CountTerritory)).ShouldBe(before);

        // A file that is not one of the format's, and a missing file, are refused before anything is read.
        (await Importer.ImportAsync(admin, [File("grids.shp", [1, 2, 3])], null, default)).Message.ShouldContain("不是导入格式中的文件");
        var missing = await Importer.ImportAsync(admin, DemoFiles().Where(f => f.Name != "grid-staff.csv").ToList(), null, default);
        missing.Report!.Problems.ShouldContain(p => p.File == "grid-staff.csv" && p.Message == "缺少此文件");
        (await Importer.ImportAsync(admin, [File("区划.zip", [1, 2, 3])], null, default)).Message.ShouldContain("不是有效的 ZIP 文件");

        // Another county's files: refused by name, inside the import's transaction.
        var other = DemoFiles((name, bytes) => name != "county.geojson" ? bytes
            : System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes).Replace("\"451027\"", "\"451028\"", StringComparison.Ordinal)));
        var foreign = await Importer.ImportAsync(admin, other, null, default);
        foreign.Report!.Problems.ShouldContain(p => p.File == "county.geojson" && p.Message.Contains("不是您管理的 451027"));

        // Other roles: refused before reading.
        var dispatcher = admin with { Role = GridGovernance.Domain.Accounts.StaffRole.TownshipDispatcher, ScopeCode = "451027100" };
        (await Importer.ImportAsync(dispatcher, DemoFiles(), null, default)).Status.ShouldBe(AdminStatus.Forbidden);

        (await fixture.Database.ScalarAsync<long>(CountTerritory)).ShouldBe(before);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'territory.import'"))
            .ShouldBe(before == 0 ? 0 : 1);
    }

    [Fact]
    public async Task The_demo_countys_export_zip_imports_into_the_empty_install_with_progress_an_audit_row_and_the_county_no_longer_declared()
    {
        var admin = await AdminAsync();
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var name in TerritoryExporter.FileNames)
                archive.CreateEntryFromFile(Path.Combine(RepoPaths.DemoCounty, name), "区划数据/" + name);
        var progress = new List<TerritoryImportProgress>();
        var outcome = await Importer.ImportAsync(admin, [File("区划数据-451027.zip", zip.ToArray())], new Recorder(progress), default);
        outcome.Status.ShouldBe(AdminStatus.Ok, outcome.Report is null ? outcome.Message : string.Join("\n", outcome.Report.Problems));
        outcome.Report!.Counts["townships"].ShouldBe((int)await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM township"));
        outcome.Report.Counts["households"].ShouldBe((int)await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household"));
        (await fixture.Database.ScalarAsync<string>("SELECT name FROM county WHERE code = '451027'")).ShouldBe("凌云县");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM county_declared")).ShouldBe(0);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM department_unit WHERE code LIKE '451027%'")).ShouldBeGreaterThan(0);
        progress.Select(p => p.Percent).ShouldBe(progress.Select(p => p.Percent).Order(), "进度只增不减");
        progress.Last().Percent.ShouldBe(100);
        (await fixture.Database.ScalarAsync<string>("SELECT summary FROM audit_log WHERE action = 'territory.import' AND actor_id = $1", admin.Id))
            .ShouldStartWith("导入区域数据：");

        // The importer's own check: the same files again are duplicates, and nothing more is written.
        var households = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household");
        var again = await Importer.ImportAsync(admin, DemoFiles(), null, default);
        again.Report!.Problems.ShouldContain(p => p.Message.Contains("编码已存在于数据库中"));
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household")).ShouldBe(households);
    }

    private sealed class Recorder(List<TerritoryImportProgress> into) : IProgress<TerritoryImportProgress>
    {
        public void Report(TerritoryImportProgress value)
        {
            lock (into) into.Add(value);
        }
    }
}
