using System.Net;
using GridGovernance.Data.Export;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>A fresh installation (migrations only: no territory, no account) behind the real app on a loopback port, its log kept.</summary>
public sealed class FreshInstallBrowserFixture : IAsyncLifetime
{
    private sealed class App(string connectionString, LogCapture log) : GridGovAppFactory(connectionString)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(log));
        }

        public string StartAndGetAddress()
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            StartServer();
            return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        }
    }

    // A property, not a field: its lifetime is InitializeAsync/DisposeAsync (xunit's IAsyncLifetime), not IDisposable.
    private App? AppFactory { get; set; }

    public TestDatabase Database { get; private set; } = null!;
    public LogCapture Log { get; } = new();
    public string BaseAddress { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var browser = SharedChromium.GetAsync();
        Database = await TestDatabase.CreateMigratedAsync();
        AppFactory = new App(Database.ConnectionString, Log);
        BaseAddress = AppFactory.StartAndGetAddress();
        Browser = await browser;
    }

    /// <summary>The setup token as the operator reads it in the start-up log.</summary>
    public string LoggedToken() =>
        Log.Entries.Where(e => e.Category.EndsWith("SetupTokenIssuer", StringComparison.Ordinal)).SelectMany(e => e.Properties)
            .Where(p => p.Key == "SetupToken").Select(p => (string)p.Value!).Single();

    public async Task DisposeAsync()
    {
        if (AppFactory is not null) await AppFactory.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>
/// A county starts from nothing, in the browser only: the login page points to first-run setup, the installer creates the first
/// county administrator with the token from the log, signs in, and imports the demo county's territory files on
/// /admin/territory — a wrong file set first (the importer's report on the page, nothing written), then the real one with
/// the progress bar, after which the county's accounts page can scope accounts to its townships.
/// </summary>
public sealed class FirstRunTests(FreshInstallBrowserFixture fixture) : IClassFixture<FreshInstallBrowserFixture>
{
    private const float Timeout = 30_000;

    [Fact]
    public async Task First_run_setup_then_sign_in_as_the_new_admin_then_import_the_demo_countys_territory_in_the_browser()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, Locale = "zh-CN", BaseURL = fixture.BaseAddress, DeviceScaleFactor = 1,
        });
        await context.RouteAsync(url => !url.StartsWith(fixture.BaseAddress, StringComparison.Ordinal), route => route.AbortAsync());
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/login");
            await page.Locator("#login-setup").WaitForAsync(new() { Timeout = Timeout });
            await Screenshots.SaveAsync(page, "first-run-1-login-points-to-setup");

            await page.ClickAsync("#login-setup-link");
            await page.WaitForURLAsync("**/setup");
            await page.FillAsync("#setup-token", "1234-wrong");
            await page.FillAsync("#setup-county-code", "451027");
            await page.FillAsync("#setup-county-name", "凌云县");
            await page.FillAsync("#setup-display-name", "韦县管");
            await page.FillAsync("#setup-username", "weixianguan");
            await page.FillAsync("#setup-password", "Lingyun#2027");
            await page.FillAsync("#setup-confirmation", "Lingyun#2027");
            await page.ClickAsync("#setup-submit");
            (await page.Locator("#setup-token-error").InnerTextAsync(new() { Timeout = Timeout })).ShouldContain("设置令牌不正确");
            await Screenshots.SaveAsync(page, "first-run-2-setup-wrong-token");

            // The browser keeps what was typed except the passwords (a form post re-renders the page).
            await page.FillAsync("#setup-token", fixture.LoggedToken());
            await page.FillAsync("#setup-password", "Lingyun#2027");
            await page.FillAsync("#setup-confirmation", "Lingyun#2027");
            await page.ClickAsync("#setup-submit");
            await page.Locator("#setup-done").WaitForAsync(new() { Timeout = Timeout });
            await Screenshots.SaveAsync(page, "first-run-3-setup-done");

            await page.GotoAsync("/login?returnUrl=%2Fadmin%2Fterritory");
            (await page.Locator("#login-setup").CountAsync()).ShouldBe(0);
            await page.FillAsync("#login-username", "weixianguan");
            await page.FillAsync("#login-password", "Lingyun#2027");
            await page.ClickAsync("#login-submit");
            await page.WaitForURLAsync("**/admin/territory", new() { Timeout = Timeout });
            await page.Locator("section[data-admin-ready=true]").WaitForAsync(new() { Timeout = Timeout });
            (await page.Locator("#territory-state").InnerTextAsync()).ShouldContain("尚未导入");
            await Screenshots.SaveAsync(page, "first-run-4-territory-empty");

            // A file set with files missing: the importer's report on the page, nothing written.
            await page.Locator("#territory-files").SetInputFilesAsync([Path.Combine(RepoPaths.DemoCounty, "county.geojson"),
                Path.Combine(RepoPaths.DemoCounty, "townships.geojson")]);
            await page.ClickAsync("#territory-import");
            await page.Locator("#territory-problems").WaitForAsync(new() { Timeout = Timeout });
            (await page.Locator("#territory-problems").InnerTextAsync()).ShouldContain("缺少此文件");
            (await page.Locator("#territory-refused").InnerTextAsync()).ShouldContain("未导入任何数据");
            (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM county")).ShouldBe(0);
            await Screenshots.SaveAsync(page, "first-run-5-territory-report");

            // The demo county's seven files.
            await page.Locator("#territory-files").SetInputFilesAsync(TerritoryExporter.FileNames.Select(f => Path.Combine(RepoPaths.DemoCounty, f)));
            await page.Locator("#territory-chosen li").Nth(6).WaitForAsync(new() { Timeout = Timeout });
            await page.ClickAsync("#territory-import");
            await page.Locator("#territory-progress progress").WaitForAsync(new() { Timeout = Timeout });
            await Screenshots.SaveAsync(page, "first-run-6-territory-progress");
            await page.Locator("#territory-imported").WaitForAsync(new() { Timeout = 180_000 });
            (await page.Locator("#territory-progress-text").InnerTextAsync()).ShouldStartWith("100%");
            (await page.Locator("#territory-state").InnerTextAsync()).ShouldContain("已导入");
            await Screenshots.SaveAsync(page, "first-run-7-territory-imported");
            (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household"))
                .ShouldBe(File.ReadLines(Path.Combine(RepoPaths.DemoCounty, "households.csv")).Count() - 1);

            // The county's accounts page now offers its townships in the scope picker.
            await page.GotoAsync("/admin/accounts");
            await page.Locator("section[data-admin-ready=true]").WaitForAsync(new() { Timeout = Timeout });
            await Screenshots.SaveAsync(page, "first-run-8-accounts");
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
