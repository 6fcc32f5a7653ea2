using GridGovernance.Integration.Tests.Intake;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// Every field page and every resident page on a 360×740 phone: nothing scrolls sideways, and every touch target (links that
/// stand on their own, buttons, fields, choices, the map's zoom buttons) is at least 44 px high. Each page is photographed.
/// </summary>
public sealed class PhoneLayoutTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;

    // Targets smaller than 44 px, as "tag.class 'text' w×h"; inline links inside running text are exempt (WCAG 2.5.8), and so
    // are the map's attribution and the hidden ones.
    private const string Audit = """
        () => {
          const out = { scroll: document.documentElement.scrollWidth - window.innerWidth, small: [] };
          const targets = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, .leaflet-bar a');
          for (const el of targets) {
            const style = getComputedStyle(el);
            if (style.display === 'none' || style.visibility === 'hidden' || el.closest('[hidden]')) continue;
            if (el.closest('.leaflet-control-attribution')) continue;
            if (el.tagName === 'A' && style.display === 'inline' && !el.closest('.leaflet-bar')) continue;
            // A radio or checkbox is tapped through its label.
            let box = el.getBoundingClientRect();
            if (el.type === 'radio' || el.type === 'checkbox' || el.type === 'file') {
              const label = el.closest('label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`) : null);
              if (el.type === 'file' && box.height >= 44) { /* the control itself */ }
              else if (label) box = label.getBoundingClientRect();
            }
            if (box.width === 0 && box.height === 0) continue;
            if (box.height < 44 - 0.5 || box.width < 44 - 0.5)
              out.small.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ')[0] : ''} '${(el.textContent || el.name || '').trim().slice(0, 12)}' ${Math.round(box.width)}×${Math.round(box.height)}`);
          }
          return out;
        }
        """;

    private sealed class AuditResult
    {
        public double Scroll { get; set; }
        public string[] Small { get; set; } = [];
    }

    [Fact]
    public async Task Every_field_and_resident_page_fits_360_px_without_sideways_scroll_and_with_44_px_touch_targets()
    {
        var grid = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid ORDER BY code LIMIT 1");
        var lng = await fixture.Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid);
        var lat = await fixture.Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid);
        var problems = new List<string>();

        async Task CheckAsync(IPage page, string path, string name, string? ready = null)
        {
            await page.GotoAsync(path);
            if (ready is not null) await page.Locator(ready).First.WaitForAsync(new() { Timeout = Timeout });
            var result = await page.EvaluateAsync<AuditResult>(Audit);
            await Screenshots.SaveAsync(page, $"layout-{name}");
            output.WriteLine($"{path}: sideways {result.Scroll} px, small targets {result.Small.Length}");
            if (result.Scroll > 0) problems.Add($"{path}: scrolls sideways by {result.Scroll} px");
            foreach (var small in result.Small) problems.Add($"{path}: {small}");
        }

        // The resident: the form (with its map pin), the look-up, a case's tracking page.
        await using (var context = await fixture.NewPhoneAsync(lng, lat))
        {
            var page = await context.NewPageAsync();
            await CheckAsync(page, $"/g/{grid}", "resident-form", "[data-place-pin][data-ready='true']");
            await CheckAsync(page, "/t", "resident-lookup");
            using var client = new HttpClient { BaseAddress = new Uri(fixture.BaseAddress) };
            var form = ResidentForm.FormIn(await client.GetStringAsync($"/g/{grid}"));
            var accepted = await (await client.PostAsync($"/g/{grid}", ResidentForm.Content(form, "版面检查：路灯不亮，晚上很黑"))).Content.ReadAsStringAsync();
            await CheckAsync(page, ResidentForm.TrackingPathIn(accepted)!, "resident-tracking", "[data-timeline]");
        }

        // The grid worker: every page of the bottom bar, a case and the household list.
        await using (var context = await fixture.NewPhoneAsync(lng, lat))
        {
            var page = await context.NewPageAsync();
            await BrowserFixture.LoginAsync(page, "gridworker", "**/field");
            var caseId = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE grid_code = $1 ORDER BY id DESC LIMIT 1", grid);
            await CheckAsync(page, "/field", "field-home", "#field-map[data-loaded='true']");
            await CheckAsync(page, "/field/report", "field-report", "[data-place-pin][data-ready='true']");
            await CheckAsync(page, "/field/work", "field-work");
            await CheckAsync(page, "/field/cases", "field-cases");
            await CheckAsync(page, $"/field/cases/{caseId}", "field-case");
            await CheckAsync(page, "/field/notices", "field-notices");
            await CheckAsync(page, "/field/households", "field-households");
        }

        problems.ShouldBeEmpty();
    }
}
