using System.IO.Compression;
using System.Net;
using GridGovernance.Data.Import;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Admin;

/// <summary>The county's territory exported as a ZIP in the importer's format imports back into an empty database unchanged.</summary>
public sealed class TerritoryExportTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task The_export_imports_back_into_an_empty_database_with_every_place_household_and_grid_staff_and_is_audited()
    {
        using var admin = await StaffSession.Start(fixture.Demo.Factory).LoggedInAsync("admin");
        var response = await admin.Client.GetAsync("/admin/territory/export.zip");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        var directory = Directory.CreateTempSubdirectory("gridgov-export-");
        try
        {
            using (var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read))
            {
                zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ShouldBe(
                    ["county.geojson", "grid-staff.csv", "grids.geojson", "households.csv", "link-units.geojson", "townships.geojson", "villages.geojson"]);
                zip.ExtractToDirectory(directory.FullName);
            }
            await using var empty = await TestDatabase.CreateMigratedAsync();
            var result = await TerritoryImporter.ImportAsync(empty.DataSource, directory.FullName);
            result.Succeeded.ShouldBeTrue(string.Join("；", result.Problems.Take(5).Select(p => p.ToString())));
            foreach (var table in new[] { "township", "village", "grid", "link_unit", "household", "grid_staff" })
                (await empty.ScalarAsync<long>($"SELECT count(*) FROM {table}")).ShouldBe(await fixture.CountAsync($"SELECT count(*) FROM {table}"), table);
            (await empty.ScalarAsync<string>("SELECT string_agg(code || phone, ',' ORDER BY code) FROM (SELECT code, phone FROM household WHERE phone IS NOT NULL ORDER BY code LIMIT 50) h"))
                .ShouldBe(await fixture.Database.ScalarAsync<string>("SELECT string_agg(code || phone, ',' ORDER BY code) FROM (SELECT code, phone FROM household WHERE phone IS NOT NULL ORDER BY code LIMIT 50) h"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
        (await fixture.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'territory.export' AND subject_id = '451027'")).ShouldBe(1);

        using var dispatcher = await StaffSession.Start(fixture.Demo.Factory).LoggedInAsync("dispatcher");
        var refused = await dispatcher.Client.GetAsync("/admin/territory/export.zip");
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.Headers.Location!.PathAndQuery().ShouldStartWith("/account/denied");
    }
}
