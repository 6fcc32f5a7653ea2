using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using GridGovernance.Data.Export;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Admin;
using GridGovernance.Web.Features.Admin;
using GridGovernance.Web.Features.GridEditing;

namespace GridGovernance.Integration.Tests.Territory;

/// <summary>
/// The territory export after grids were redrawn: the importer's grids.geojson holds the live grids only (a retired grid
/// imported beside its successor would overlap it), and the 含历史 files hold every shape every grid has had — the merged
/// grid with its valid_to, the grid that took its ground with each of its shapes, one after the other without gap.
/// </summary>
public sealed class TerritoryHistoryExportTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task Retired_grids_and_earlier_shapes_are_exported_with_valid_from_and_valid_to_and_the_importers_grids_are_the_live_ones()
    {
        // Two neighbours of a village merged: one retires, the other has had two shapes.
        var pair = await fixture.Database.ScalarAsync<string>("""
            SELECT a.code || ',' || b.code FROM grid a JOIN grid b ON b.village_code = a.village_code AND a.code < b.code
            WHERE a.retired_at IS NULL AND b.retired_at IS NULL
              AND ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) > 0.0005
            ORDER BY a.code DESC, b.code LIMIT 1
            """);
        var (keep, gone) = (pair.Split(',')[0], pair.Split(',')[1]);
        var admin = await fixture.StaffAsync("admin");
        var grids = fixture.Service<GridEditService>();
        var merged = await grids.EditAsync(admin, new GridEditRequest(GridEditAction.Merge, keep, gone, null, null, null), default);
        merged.Status.ShouldBe(AdminStatus.Ok, merged.Message);

        using var session = await StaffSession.Start(fixture.Demo.Factory).LoggedInAsync("admin");
        var history = JsonDocument.Parse(await session.Client.GetStringAsync("/api/admin/territory/export/grid-history.geojson")).RootElement;
        var features = history.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        // Every shape: each grid's row and each archived version of the county.
        features.Count.ShouldBe((int)await fixture.CountAsync(
            "SELECT (SELECT count(*) FROM grid WHERE starts_with(code, '451027')) + (SELECT count(*) FROM grid_version WHERE starts_with(grid_code, '451027'))"));

        // The merged grid: one shape, valid until it was retired, with its successor.
        var goneShapes = features.Where(p => p.GetProperty("code").GetString() == gone).ToList();
        goneShapes.Count.ShouldBe(1);
        goneShapes[0].GetProperty("retired").GetBoolean().ShouldBeTrue();
        goneShapes[0].GetProperty("successor").GetString().ShouldBe(keep);
        var retiredAt = await fixture.Database.ScalarAsync<DateTime>("SELECT retired_at FROM grid WHERE code = $1", gone);
        var goneValidTo = Time(goneShapes[0], "valid_to");
        goneValidTo.ShouldNotBeNull();
        goneValidTo.Value.UtcDateTime.ShouldBe(retiredAt);
        goneValidTo.Value.Offset.ShouldBe(TimeSpan.FromHours(8));

        // The survivor: its shape before the merge and after it, the first ending where the second begins.
        var keepShapes = features.Where(p => p.GetProperty("code").GetString() == keep).ToList();
        keepShapes.Count.ShouldBe(2);
        // Held since the import (or, for grids imported before history began, since ever: no valid_from).
        (Time(keepShapes[0], "valid_from") ?? DateTimeOffset.MinValue).ShouldBeLessThan(goneValidTo.Value);
        Time(keepShapes[0], "valid_to").ShouldBe(goneValidTo);
        Time(keepShapes[1], "valid_from").ShouldBe(goneValidTo);
        Time(keepShapes[1], "valid_to").ShouldBeNull();
        keepShapes.ShouldAllBe(p => !p.GetProperty("retired").GetBoolean());

        // The same history as a table.
        var csv = (await session.Client.GetStringAsync("/api/admin/territory/export/grid-history.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        csv[0].ShouldBe("code,name,parent,kind,valid_from,valid_to,retired,successor,area_m2");
        csv.Length.ShouldBe(features.Count + 1);
        var goneRow = csv.Single(l => l.StartsWith(gone + ",", StringComparison.Ordinal));
        goneRow.ShouldContain("," + goneValidTo.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+08:00'", CultureInfo.InvariantCulture) + ",");
        goneRow.ShouldContain("," + keep + ",");

        // The importer's file: the live grids, the retired one left out.
        var live = JsonDocument.Parse(await session.Client.GetStringAsync("/api/admin/territory/export/grids.geojson")).RootElement
            .GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("code").GetString()).ToList();
        live.ShouldNotContain(gone);
        live.ShouldContain(keep);
        live.Count.ShouldBe((int)await fixture.CountAsync("SELECT count(*) FROM grid WHERE starts_with(code, '451027') AND retired_at IS NULL"));
    }

    [Fact]
    public async Task The_zip_with_history_holds_the_importers_files_and_the_history_and_its_download_is_audited_as_such()
    {
        using var session = await StaffSession.Start(fixture.Demo.Factory).LoggedInAsync("admin");
        using var response = await session.Client.GetAsync("/api/admin/territory/export.zip?history=true");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldEndWith("-含历史.zip");
        await using (var zip = new ZipArchive(await response.Content.ReadAsStreamAsync()))
            zip.Entries.Select(e => e.FullName).ShouldBe([.. TerritoryExporter.FileNames, .. TerritoryExporter.HistoryFileNames]);
        (await fixture.Database.ScalarAsync<string>("SELECT summary FROM audit_log WHERE action = 'territory.export' ORDER BY id DESC LIMIT 1"))
            .ShouldContain("含网格历史");

        using var bad = await session.Client.GetAsync("/api/admin/territory/export.zip?history=maybe");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("参数 history 应为 true 或 false");
    }

    private static DateTimeOffset? Time(JsonElement properties, string name) =>
        properties.GetProperty(name) is { ValueKind: JsonValueKind.String } value
            ? DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture)
            : null;
}
