using System.Net;
using System.Net.Sockets;
using System.Text;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace GridGovernance.Integration.Tests.Hardening;

/// <summary>The app behind a real Kestrel on a loopback port, with a basemap configured.</summary>
public sealed class KestrelHardeningFactory : GridGovAppFactory
{
    public KestrelHardeningFactory(string connectionString) : base(connectionString) =>
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("GridGov:Map:BasemapUrl", "https://{s}.tile.example.org/{z}/{x}/{y}.png");
        builder.UseSetting("GridGov:PublicBaseUrl", "https://wangge.example.cn");
    }

    public Uri Start()
    {
        StartServer();
        return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}

public sealed class KestrelHardeningFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public KestrelHardeningFactory App { get; private set; } = null!;
    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithDemoCountyAsync();
        App = new KestrelHardeningFactory(Database.ConnectionString);
        Address = App.Start();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>Pages and answers carry the security headers; a live WebSocket from another site's page is refused.</summary>
public sealed class SecurityHeadersTests(KestrelHardeningFixture fixture) : IClassFixture<KestrelHardeningFixture>
{
    private HttpClient NewClient() => new() { BaseAddress = fixture.Address };

    [Fact]
    public async Task Pages_api_answers_and_errors_carry_a_strict_CSP_nosniff_no_framing_and_a_referrer_policy()
    {
        using var client = NewClient();
        foreach (var path in new[] { "/map", "/login", "/api/search?q=%E6%B3%97", "/api/no-such-thing", "/api/search?q=%00", "/css/site.css" })
        {
            var response = await client.GetAsync(path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            csp.ShouldContain("default-src 'self'", customMessage: path);
            csp.ShouldContain("script-src 'self'");
            csp.ShouldContain("style-src 'self'");
            csp.ShouldContain("frame-ancestors 'none'");
            csp.ShouldContain("object-src 'none'");
            // The basemap's tile servers, one per subdomain; nothing else from outside.
            csp.ShouldContain("img-src 'self' data: blob: https://a.tile.example.org https://b.tile.example.org https://c.tile.example.org;");
            csp.ShouldNotContain("unsafe-eval");
            csp.ShouldNotContain("script-src 'self' 'unsafe-inline'");
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
            response.Headers.GetValues("Referrer-Policy").ShouldBe(["strict-origin-when-cross-origin"]);
        }
    }

    [Fact]
    public async Task The_live_hub_refuses_a_signed_in_WebSocket_from_another_sites_page_and_accepts_this_sites()
    {
        var cookie = await LoginCookieAsync("dispatcher");
        (await UpgradeStatusAsync(cookie, "https://evil.example")).ShouldBe(403);
        (await UpgradeStatusAsync(cookie, "http://wangge.example.cn.evil.example")).ShouldBe(403);
        (await UpgradeStatusAsync(cookie, $"http://{fixture.Address.Authority}")).ShouldBe(101);
        (await UpgradeStatusAsync(cookie, "https://wangge.example.cn")).ShouldBe(101);
        // A client that is not a browser sends no Origin (and carries no victim's cookie).
        (await UpgradeStatusAsync(cookie, origin: null)).ShouldBe(101);
    }

    [Fact]
    public async Task An_over_long_request_line_is_answered_by_the_app_with_a_Chinese_414_up_to_Kestrels_own_limit()
    {
        using var client = NewClient();
        var response = await client.GetAsync("/api/search?q=" + new string('a', 20_000));
        await ChineseProblems.ProblemAsync(response, HttpStatusCode.RequestUriTooLong);
    }

    [Fact]
    public async Task What_Kestrel_still_refuses_itself_a_NUL_in_the_path_and_a_request_line_over_64_KB_is_a_4xx_never_a_500()
    {
        // Documented in the README: these never reach the app, so their body is Kestrel's (empty).
        (await RawStatusAsync("GET /api/grids/4510%00 HTTP/1.1")).ShouldBe(400);
        (await RawStatusAsync($"GET /api/search?q={new string('a', 70_000)} HTTP/1.1")).ShouldBe(414);
    }

    private async Task<int> RawStatusAsync(string requestLine)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(fixture.Address.Host, fixture.Address.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{requestLine}\r\nHost: {fixture.Address.Authority}\r\nConnection: close\r\n\r\n"));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);
        return int.Parse(Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Logs in through the login form over real HTTP and returns the Cookie header a WebSocket can carry.</summary>
    private async Task<string> LoginCookieAsync(string username)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = fixture.Address };
        var page = await client.GetAsync("/login");
        var antiforgery = CookiesOf(page);
        var form = StaffSession.HiddenInputs(await page.Content.ReadAsStringAsync()).DistinctBy(f => f.Key)
            .Append(new("Input.Username", username)).Append(new("Input.Password", StaffSession.DemoPassword)).Append(new("Input.ReturnUrl", ""));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = new FormUrlEncodedContent(form) };
        post.Headers.Add("Cookie", antiforgery);
        var response = await client.SendAsync(post);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return CookiesOf(response);
    }

    private static string CookiesOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    /// <summary>Sends a WebSocket upgrade to /hubs/live by hand (ClientWebSocket cannot set Origin) and returns the status.</summary>
    private async Task<int> UpgradeStatusAsync(string cookie, string? origin)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(fixture.Address.Host, fixture.Address.Port);
        await using var stream = tcp.GetStream();
        var request = new StringBuilder()
            .Append("GET /hubs/live HTTP/1.1\r\n")
            .Append($"Host: {fixture.Address.Authority}\r\n")
            .Append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
            .Append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
            .Append($"Cookie: {cookie}\r\n");
        if (origin is not null) request.Append($"Origin: {origin}\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);
        var statusLine = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>修改密码: a wrong old password counts toward the lockout like a wrong login password.</summary>
public sealed class PasswordChangeLockoutTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    [Fact]
    public async Task Five_wrong_old_passwords_lock_the_account_and_then_neither_the_form_nor_the_login_accepts_the_right_one()
    {
        await fixture.Database.AddStaffAsync("lockout-probe", "锁定测试", "grid_worker", "451027100001001", "gridworker");
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("lockout-probe");
        for (var i = 1; i <= 4; i++)
        {
            var wrong = await session.SubmitFormAsync("/account/password",
                ("Input.OldPassword", $"wrong-{i}"), ("Input.NewPassword", "Neu@2026pass"), ("Input.Confirmation", "Neu@2026pass"));
            (await StaffSession.ErrorOn(wrong)).ShouldBe("原密码不正确。");
        }
        var fifth = await session.SubmitFormAsync("/account/password",
            ("Input.OldPassword", "wrong-5"), ("Input.NewPassword", "Neu@2026pass"), ("Input.Confirmation", "Neu@2026pass"));
        (await StaffSession.ErrorOn(fifth))!.ShouldContain("账号已锁定");
        (await fixture.Database.ScalarAsync<int>("SELECT failed_attempts FROM staff_account WHERE username = 'lockout-probe'")).ShouldBe(5);

        var right = await session.SubmitFormAsync("/account/password",
            ("Input.OldPassword", StaffSession.DemoPassword), ("Input.NewPassword", "Neu@2026pass"), ("Input.Confirmation", "Neu@2026pass"));
        (await StaffSession.ErrorOn(right))!.ShouldContain("账号已锁定");
        using var other = StaffSession.Start(fixture.Factory);
        (await StaffSession.ErrorOn(await other.LoginAsync("lockout-probe", StaffSession.DemoPassword)))!.ShouldContain("账号已锁定");
    }
}
