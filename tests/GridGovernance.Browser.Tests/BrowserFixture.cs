using System.Net;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>The real app on a real loopback port (Chromium cannot reach an in-memory test server) over a copy of the demo county.</summary>
public sealed class KestrelAppFactory : GridGovAppFactory
{
    public KestrelAppFactory(string connectionString) : base(connectionString) =>
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    public string StartAndGetAddress()
    {
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }
}

/// <summary>
/// One Chromium for the whole test run, started by the first browser test that needs it and closed when the test process
/// exits. Launching Chromium costs seconds of CPU; a browser context per test (see <see cref="BrowserFixture.NewPageAsync"/>)
/// isolates the tests as well as a browser of their own would — cookies, storage, permissions, clock and routes are per context.
/// Debian's Chromium is driven by Playwright (never `playwright install`: nothing can be downloaded here); GRIDGOV_CHROMIUM may
/// point at another build.
/// </summary>
public static class SharedChromium
{
    private static readonly Lazy<Task<IBrowser>> Browser = new(LaunchAsync);

    public static Task<IBrowser> GetAsync() => Browser.Value;

    private static async Task<IBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("GRIDGOV_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        // xunit 2 has no assembly fixture: close the browser when the test host ends. Were this skipped (a killed host), the
        // Playwright driver still takes Chromium down with it when its pipe to this process closes.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { browser.CloseAsync().Wait(TimeSpan.FromSeconds(10)); }
            catch (AggregateException) { } // already gone: nothing to close
            playwright.Dispose();
        };
        return browser;
    }
}

/// <summary>
/// A class's copy of the demo county and the real app in front of it, and pages of the run's one Chromium
/// (<see cref="SharedChromium"/>): each page in a browser context of its own.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    // A property, not a field: its lifetime is InitializeAsync/DisposeAsync (xunit's IAsyncLifetime), not IDisposable.
    private KestrelAppFactory? App { get; set; }

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialised");

    /// <summary>The app's services: a test acts through them as another person would (a unit's 报到) while the page looks on.</summary>
    public IServiceProvider Services => App?.Services ?? throw new InvalidOperationException("Fixture not initialised");
    public string BaseAddress { get; private set; } = "";

    /// <summary>The run's shared Chromium: make contexts of it, never close it.</summary>
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var browser = SharedChromium.GetAsync();
        _database = await TestDatabase.CreateWithDemoCountyAsync();
        App = new KestrelAppFactory(_database.ConnectionString);
        BaseAddress = App.StartAndGetAddress();
        Browser = await browser;
    }

    /// <summary>A fresh page in Chinese; the outside world (basemap tiles) is unreachable, as it may be for real users.</summary>
    public async Task<BrowserPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            BaseURL = BaseAddress,
            HasTouch = width < 700,
            IsMobile = width < 700,
            DeviceScaleFactor = 1,
        });
        await context.RouteAsync(url => !url.StartsWith(BaseAddress, StringComparison.Ordinal), route => route.AbortAsync());
        return new BrowserPage(context, await context.NewPageAsync());
    }

    /// <summary>
    /// A 360×740 touch phone in Chinese standing at a fixed GPS fix (<paramref name="accuracy"/> metres), with geolocation and
    /// any <paramref name="permissions"/> granted. Basemap tiles are not blocked: the pages must cope either way.
    /// </summary>
    public async Task<IBrowserContext> NewPhoneAsync(double lng, double lat, float accuracy = 10, params string[] permissions)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            Locale = "zh-CN",
            BaseURL = BaseAddress,
            HasTouch = true,
            IsMobile = true,
            DeviceScaleFactor = 1,
            Geolocation = new Geolocation { Longitude = (float)lng, Latitude = (float)lat, Accuracy = accuracy },
        });
        await context.GrantPermissionsAsync(["geolocation", .. permissions], new() { Origin = BaseAddress });
        return context;
    }

    /// <summary>Signs in through the login page and waits for the role's landing page (<paramref name="landing"/> glob).</summary>
    public static async Task LoginAsync(IPage page, string username, string landing, float timeout = 20_000)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#login-username", username);
        await page.FillAsync("#login-password", "Demo@2026");
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(landing, new() { Timeout = timeout });
    }

    public async Task DisposeAsync()
    {
        // The browser is the run's (SharedChromium); every context this class opened was closed with its page.
        if (App is not null) await App.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

/// <summary>A page with the script errors it raised, so that every test can insist on none, and its requests in flight.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private int _requestsInFlight;

    public BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.PageError += (_, error) => ScriptErrors.Add(error);
        // Chromium reports what the Content-Security-Policy blocked on the console.
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) CspViolations.Add(message.Text);
        };
        page.Request += (_, _) => Interlocked.Increment(ref _requestsInFlight);
        page.RequestFinished += (_, _) => Interlocked.Decrement(ref _requestsInFlight);
        page.RequestFailed += (_, _) => Interlocked.Decrement(ref _requestsInFlight); // refused, aborted or blocked by a route
    }

    public IPage Page { get; }
    public List<string> ScriptErrors { get; } = [];
    public List<string> CspViolations { get; } = [];

    /// <summary>
    /// Waits until every request the page sent has been answered or has failed. Playwright's NetworkIdle load state only
    /// covers loading the page, not the fetches its scripts make later (a map's labels after a move).
    /// </summary>
    public Task WaitForRequestsAnsweredAsync() =>
        Eventually.TrueAsync(() => Volatile.Read(ref _requestsInFlight) == 0, "every request of the page answered");

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
