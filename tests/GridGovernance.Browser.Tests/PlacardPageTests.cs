using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>The printable QR placards in Chromium: the right paper size, one page each, nothing but the placard on paper.</summary>
public sealed partial class PlacardPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // CSS pixels are 1/96 inch: 148 mm × 210 mm (A5) is 559 × 794 px.
    private const double PxPerMm = 96 / 25.4;

    private Task<string> GridWithStaffAsync() =>
        fixture.Database.ScalarAsync<string>("SELECT grid_code FROM grid_staff GROUP BY grid_code HAVING count(*) >= 2 ORDER BY grid_code LIMIT 1");

    [Fact]
    public async Task An_A5_placard_fills_one_A5_page_with_the_QR_code_and_hides_the_print_button_on_paper()
    {
        var code = await GridWithStaffAsync();
        await using var browser = await fixture.NewPageAsync(900, 1000);
        var page = browser.Page;

        await page.GotoAsync($"/g/{code}/placard");

        var placard = page.Locator("article.placard");
        var box = (await placard.BoundingBoxAsync()).ShouldNotBeNull();
        ((double)box.Width).ShouldBe(148 * PxPerMm, 2);
        ((double)box.Height).ShouldBe(210 * PxPerMm, 2);
        var qr = (await page.Locator(".placard-qr svg").BoundingBoxAsync()).ShouldNotBeNull();
        ((double)qr.Width).ShouldBeGreaterThan(70 * PxPerMm, "二维码应足够大，便于远处扫描");
        (await page.Locator(".placard-print").IsVisibleAsync()).ShouldBeTrue();
        (await page.Locator(".placard-name").InnerTextAsync()).ShouldNotBeNullOrWhiteSpace();
        (await page.Locator(".placard-staff").InnerTextAsync()).ShouldMatch(@"1[3-9][0-9]\*{4}[0-9]{4}");
        // Nothing may spill out of the placard (the card clips its content, so compare scroll and client height).
        (await placard.EvaluateAsync<bool>("el => el.scrollHeight <= el.clientHeight + 1")).ShouldBeTrue("公示牌内容不应超出 A5 版面");
        await Screenshots.SaveAsync(page, "placard-a5");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        (await page.Locator(".placard-print").IsVisibleAsync()).ShouldBeFalse();
        await Screenshots.SaveAsync(page, "placard-a5-print");
        var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true, PrintBackground = true });
        PageCount(pdf).ShouldBe(1);
        browser.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_village_sheet_prints_two_placards_on_each_A4_landscape_page()
    {
        var code = await GridWithStaffAsync();
        var village = code[..12];
        var grids = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM grid WHERE village_code = $1", village);
        await using var browser = await fixture.NewPageAsync(1280, 1000);
        var page = browser.Page;

        await page.GotoAsync($"/villages/{village}/placards");

        (await page.Locator("article.placard").CountAsync()).ShouldBe((int)grids);
        var sheet = (await page.Locator(".placard-sheet").First.BoundingBoxAsync()).ShouldNotBeNull();
        ((double)sheet.Width).ShouldBe(297 * PxPerMm, 2);
        ((double)sheet.Height).ShouldBe(210 * PxPerMm, 2);
        await Screenshots.SaveAsync(page, "placard-village-sheet");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true, PrintBackground = true });
        PageCount(pdf).ShouldBe((int)((grids + 1) / 2));
        browser.ScriptErrors.ShouldBeEmpty();
    }

    /// <summary>Chromium's PDFs list each page as an uncompressed "/Type /Page" dictionary.</summary>
    private static int PageCount(byte[] pdf) => PageObject().Count(System.Text.Encoding.Latin1.GetString(pdf));

    [GeneratedRegex(@"/Type\s*/Page(?![s\w])")]
    private static partial Regex PageObject();
}
