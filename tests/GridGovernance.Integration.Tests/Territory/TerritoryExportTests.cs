using System.IO.Compression;
using System.Net;
using System.Text.Json;
using GridGovernance.Data.Export;
using GridGovernance.Data.Import;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Territory;

/// <summary>
/// A county's territory exported from the browser is the importer's own format: imported into an empty database it gives the
/// same territory, row for row and vertex for vertex.
/// </summary>
public sealed class TerritoryExportTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    /// <summary>One fingerprint per table: every row's codes, names, people data and geometry (6 decimals, the format's precision).</summary>
    private static readonly Dictionary<string, string> Fingerprints = new()
    {
        ["county"] = "SELECT md5(string_agg(code || name || ST_AsGeoJSON(geom, 6), '|' ORDER BY code)) FROM county",
        ["township"] = "SELECT md5(string_agg(code || county_code || name || ST_AsGeoJSON(geom, 6), '|' ORDER BY code)) FROM township",
        ["village"] = "SELECT md5(string_agg(code || township_code || name || ST_AsGeoJSON(geom, 6), '|' ORDER BY code)) FROM village",
        // The importer's format holds the live grids (history is the separate 含历史 export: TerritoryHistoryExportTests).
        ["grid"] = "SELECT md5(string_agg(code || village_code || name || kind || ST_AsGeoJSON(geom, 6), '|' ORDER BY code)) FROM grid WHERE retired_at IS NULL",
        ["link_unit"] = "SELECT md5(string_agg(code || grid_code || name || coalesce(leader_household_code, '-') || ST_AsGeoJSON(geom, 6), '|' ORDER BY code)) FROM link_unit",
        ["household"] = """
            SELECT md5(string_agg(concat_ws('/', code, grid_code, link_unit_code, head_name, members, phone, address, ST_AsGeoJSON(geom, 6)), '|' ORDER BY code))
            FROM household
            """,
        ["grid_staff"] = "SELECT md5(string_agg(concat_ws('/', grid_code, role, name, phone), '|' ORDER BY grid_code, role, name)) FROM grid_staff",
    };

    [Fact]
    public async Task The_zip_a_county_admin_downloads_imports_into_an_empty_database_as_the_same_territory()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        using var response = await session.Client.GetAsync("/api/admin/territory/export.zip");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldStartWith("区划数据-451027-");

        var directory = Directory.CreateTempSubdirectory("gridgov-export-");
        try
        {
            await using (var zip = new ZipArchive(await response.Content.ReadAsStreamAsync()))
            {
                zip.Entries.Select(e => e.FullName).ShouldBe(TerritoryExporter.FileNames);
                zip.ExtractToDirectory(directory.FullName);
            }

            await using var empty = await TestDatabase.CreateMigratedAsync();
            var result = await TerritoryImporter.ImportAsync(empty.DataSource, directory.FullName);
            result.Problems.ShouldBeEmpty();

            foreach (var (table, sql) in Fingerprints)
                (await empty.ScalarAsync<string>(sql)).ShouldBe(await fixture.Database.ScalarAsync<string>(sql), $"表 {table} 导出再导入后应完全相同");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task One_file_can_be_downloaded_alone_and_each_download_is_on_the_audit_trail()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        var before = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'territory.export'");

        var grids = JsonDocument.Parse(await session.Client.GetStringAsync("/api/admin/territory/export/grids.geojson")).RootElement;
        grids.GetProperty("type").GetString().ShouldBe("FeatureCollection");
        grids.GetProperty("features").GetArrayLength().ShouldBe((int)await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM grid WHERE retired_at IS NULL"));
        var first = grids.GetProperty("features")[0].GetProperty("properties");
        first.GetProperty("parent").GetString()!.Length.ShouldBe(12);
        first.GetProperty("kind").GetString().ShouldBeOneOf("comprehensive", "dedicated");

        var staff = await session.Client.GetStringAsync("/api/admin/territory/export/grid-staff.csv");
        staff.ShouldStartWith("grid_code,role,name,phone\n");

        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'territory.export'")).ShouldBe(before + 2);
        (await fixture.Database.ScalarAsync<string>(
            "SELECT summary FROM audit_log WHERE action = 'territory.export' ORDER BY id DESC LIMIT 1")).ShouldBe("导出grid-staff.csv");
    }

    [Fact]
    public async Task A_file_name_outside_the_format_is_a_Chinese_404_and_writes_no_audit_row()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        var before = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log");
        using var response = await session.Client.GetAsync("/api/admin/territory/export/passwords.csv");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("没有名为“passwords.csv”的导出文件");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log")).ShouldBe(before);
    }
}
