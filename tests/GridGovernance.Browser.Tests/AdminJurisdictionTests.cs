using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The county administrator on /admin/departments: the 派单预览 for a point clicked on the map, a jurisdiction drawn for the
/// 城管 unit with the drawing tools around that point, and the preview for the same point changed from 全县 to 辖区内; a
/// jurisdiction imported from a GeoJSON file for another unit.
/// </summary>
public sealed class AdminJurisdictionTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 30_000;
    private const string Chengguan = "451027-chengguan";

    private static async Task ClickMapCentreAsync(IPage page, string map)
    {
        var box = (await page.Locator(map).BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
    }

    [Fact]
    public async Task A_jurisdiction_drawn_around_a_point_changes_who_the_routing_preview_sends_a_case_there_to()
    {
        await using var browser = await fixture.NewPageAsync(1440, 900);
        var page = browser.Page;
        await BrowserFixture.LoginAsync(page, "admin", "**/dispatch", Timeout);
        await page.GotoAsync("/admin/departments");
        await page.Locator("[data-admin-ready='true']").WaitForAsync(new() { Timeout = Timeout });

        // 派单预览: 占道经营 at the middle of the county goes to the township first (属地), then to the county's 城管 (全县).
        await page.ClickAsync("#tab-preview");
        await page.Locator("#preview-map[data-leaflet-ready='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        await page.SelectOptionAsync("#preview-category", "E0501");
        await ClickMapCentreAsync(page, "#preview-map");
        var chengguan = page.Locator($"#preview-result tr[data-preview-unit='{Chengguan}']");
        await chengguan.WaitForAsync(new() { Timeout = Timeout });
        (await chengguan.GetAttributeAsync("data-match")).ShouldBe("county");
        (await chengguan.Locator(".preview-match").InnerTextAsync()).ShouldBe("全县");
        (await page.Locator("#preview-result tbody tr").First.Locator("td:nth-child(2)").InnerTextAsync()).ShouldBe("属地");
        var point = page.Locator("#preview-point");
        var lng = double.Parse((await point.GetAttributeAsync("data-lng"))!, CultureInfo.InvariantCulture);
        var lat = double.Parse((await point.GetAttributeAsync("data-lat"))!, CultureInfo.InvariantCulture);
        (await fixture.Database.ScalarAsync<bool>("SELECT ST_Covers(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) FROM county WHERE code = '451027'", lng, lat))
            .ShouldBeTrue();
        await Screenshots.SaveAsync(page, "admin-jurisdiction-1-preview-county-wide");

        // 管辖区域: the 城管 unit, a rectangle drawn around the middle of the map with the drawing tools, saved.
        await page.ClickAsync("#tab-areas");
        await page.SelectOptionAsync("#area-unit", Chengguan);
        await page.Locator("#area-current[data-area-state='county']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#area-map[data-leaflet-ready='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        await page.Locator("#area-map .leaflet-pm-icon-rectangle").ClickAsync(new() { Timeout = Timeout });
        var box = (await page.Locator("#area-map").BoundingBoxAsync())!;
        var (cx, cy) = (box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.ClickAsync(cx - 70, cy - 60);
        await page.Mouse.MoveAsync(cx + 70, cy + 60, new() { Steps = 5 });
        await page.Mouse.ClickAsync(cx + 70, cy + 60);
        await page.Locator("#area-drawn[data-area-source='draw']").WaitForAsync(new() { Timeout = Timeout });
        await Screenshots.SaveAsync(page, "admin-jurisdiction-2-drawn");
        await page.ClickAsync("#area-save");
        (await page.Locator("#area-notice").InnerTextAsync(new() { Timeout = Timeout })).ShouldContain("管辖区域改为所画的范围");
        await page.Locator("#area-current[data-area-state='own']").WaitForAsync(new() { Timeout = Timeout });
        (await fixture.Database.ScalarAsync<bool>(
            "SELECT ST_Covers(jurisdiction, ST_SetSRID(ST_MakePoint($2, $3), 4326)) FROM department_unit WHERE code = $1", Chengguan, lng, lat)).ShouldBeTrue();
        (await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE action = 'unit.jurisdiction' AND subject_id = $1", Chengguan)).ShouldBe(1);
        await Screenshots.SaveAsync(page, "admin-jurisdiction-3-saved");

        // Back to the preview: the same point now lies in the 城管 unit's own area (辖区内), and its outline is on the map.
        await page.ClickAsync("#tab-preview");
        await page.Locator("#preview-map[data-leaflet-ready='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = Timeout });
        await page.Locator($"#preview-result tr[data-preview-unit='{Chengguan}'][data-match='jurisdiction']").WaitForAsync(new() { Timeout = Timeout });
        await ClickMapCentreAsync(page, "#preview-map");
        await page.Locator($"#preview-result tr[data-preview-unit='{Chengguan}'][data-match='jurisdiction']").WaitForAsync(new() { Timeout = Timeout });
        (await chengguan.Locator(".preview-match").InnerTextAsync()).ShouldBe("辖区内");
        var pathsBefore = await page.Locator("#preview-map svg path").CountAsync();
        await page.ClickAsync($"[data-preview-show='{Chengguan}']");
        (await page.Locator("#preview-shown").InnerTextAsync(new() { Timeout = Timeout })).ShouldContain("城市管理");
        // The unit's outline joins the county's and the point's on the map.
        await page.WaitForFunctionAsync("n => document.querySelectorAll('#preview-map svg path').length > n", pathsBefore, new() { Timeout = Timeout });
        await Screenshots.SaveAsync(page, "admin-jurisdiction-4-preview-in-area");

        // A jurisdiction imported from a GeoJSON file for another unit (a county bureau): shown in orange, then saved.
        await page.ClickAsync("#tab-areas");
        await page.SelectOptionAsync("#area-unit", "451027-zhujian");
        await page.Locator("#area-current[data-area-state='county']").WaitForAsync(new() { Timeout = Timeout });
        var geoJson = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"城区"},"geometry":{"type":"Polygon","coordinates":[[[{{{lng - 0.03}}},{{{lat - 0.02}}}],[{{{lng + 0.03}}},{{{lat - 0.02}}}],[{{{lng + 0.03}}},{{{lat + 0.02}}}],[{{{lng - 0.03}}},{{{lat + 0.02}}}],[{{{lng - 0.03}}},{{{lat - 0.02}}}]]]}}]}""");
        await page.Locator("#area-file").SetInputFilesAsync(new FilePayload
        {
            Name = "城区.geojson", MimeType = "application/geo+json", Buffer = Encoding.UTF8.GetBytes(geoJson),
        });
        await page.Locator("#area-drawn[data-area-source='import']").WaitForAsync(new() { Timeout = Timeout });
        await page.ClickAsync("#area-save");
        (await page.Locator("#area-notice").InnerTextAsync(new() { Timeout = Timeout })).ShouldContain("导入的范围");
        (await fixture.Database.ScalarAsync<bool>(
            "SELECT ST_Covers(jurisdiction, ST_SetSRID(ST_MakePoint($2, $3), 4326)) FROM department_unit WHERE code = $1", "451027-zhujian", lng, lat)).ShouldBeTrue();
        await Screenshots.SaveAsync(page, "admin-jurisdiction-5-imported");

        // A file that is not a polygon is refused by the field, nothing saved.
        await page.SelectOptionAsync("#area-unit", "451027-water");
        await page.Locator("#area-current[data-area-state='county']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("#area-file").SetInputFilesAsync(new FilePayload
        {
            Name = "line.geojson", MimeType = "application/geo+json",
            Buffer = Encoding.UTF8.GetBytes("""{"type":"LineString","coordinates":[[106.5,24.3],[106.6,24.3]]}"""),
        });
        (await page.Locator("#area-error").InnerTextAsync(new() { Timeout = Timeout })).ShouldBe("只能导入面（Polygon 或 MultiPolygon），文件中有 LineString。");
        (await fixture.Database.ScalarAsync<bool>("SELECT jurisdiction IS NULL FROM department_unit WHERE code = '451027-water'")).ShouldBeTrue();
        browser.ScriptErrors.ShouldBeEmpty();
    }
}
