using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GridGovernance.Integration.Tests.Metrics;

/// <summary>/metrics: OpenTelemetry in Prometheus format, for this machine and the configured networks only.</summary>
public sealed class MetricsTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    /// <summary>The app's own series (as the Prometheus exporter names them) and one each of HTTP, the Npgsql pool and SignalR.</summary>
    private static readonly string[] Expected =
    [
        "gridgov_intake_cases_total{", "gridgov_tiles_cache_lookups_total{", "gridgov_gate_queue_length{",
        "gridgov_outbox_lag", "gridgov_supervision_backlog", "gridgov_clock_tick_duration_seconds_bucket{",
        "http_server_request_duration_seconds_bucket{", "db_client_connection_", "signalr_server_active_connections",
    ];

    [Fact]
    public async Task After_some_traffic_a_scrape_from_loopback_shows_the_apps_own_metrics_beside_http_npgsql_and_signalr()
    {
        await using var app = fixture.Factory.WithWebHostBuilder(builder => builder
            .UseSetting("GridGov:Supervision:Enabled", "true")
            .UseSetting("GridGov:Supervision:StartDelaySeconds", "0")
            .UseSetting("GridGov:Supervision:IntervalSeconds", "0.2"));
        using var client = app.CreateClient();
        using var liveConnection = await ProduceTrafficAsync(app, client);

        var scrape = "";
        var missing = Expected;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        // The clocks and the outbox forwarder report from their own loops: give them a few passes.
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            var (status, body) = await ScrapeAsync(app, IPAddress.Loopback);
            status.ShouldBe(StatusCodes.Status200OK);
            scrape = body;
            missing = Expected.Where(name => !scrape.Contains(name, StringComparison.Ordinal)).ToArray();
            if (missing.Length == 0) break;
            await Task.Delay(200);
        }

        missing.ShouldBeEmpty("missing from /metrics:\n" + scrape);
        scrape.ShouldContain("channel=\"external\"");
        scrape.ShouldContain("result=\"hit\"");
        scrape.ShouldContain("gate=\"locate\"");
        scrape.ShouldContain("gate=\"intake\"");
        scrape.ShouldContain("clock=\"supervision\"");
        // A pool labelled by its connection string would leak it; a route label such as /account/password is not a secret.
        scrape.ShouldNotContain("Password=", Case.Insensitive);
    }

    [Theory]
    [InlineData("203.0.113.7", "", false)]
    [InlineData("::ffff:203.0.113.7", "", false)]
    [InlineData("203.0.113.7", "203.0.113.0/24", true)]
    [InlineData("198.51.100.1", "203.0.113.0/24, 10.0.0.0/8", false)]
    [InlineData("10.1.2.3", "203.0.113.0/24, 10.0.0.0/8", true)]
    [InlineData("::1", "", true)]
    [InlineData("::ffff:127.0.0.1", "", true)]
    public async Task Only_loopback_and_the_configured_networks_may_read_it_and_anyone_else_gets_a_Chinese_404(
        string client, string allowedNetworks, bool allowed)
    {
        await using var app = fixture.Factory.WithWebHostBuilder(builder => builder.UseSetting("GridGov:Metrics:AllowedNetworks", allowedNetworks));

        var (status, body) = await ScrapeAsync(app, IPAddress.Parse(client));

        if (allowed)
        {
            status.ShouldBe(StatusCodes.Status200OK);
            body.ShouldContain("# TYPE ");
            return;
        }
        status.ShouldBe(StatusCodes.Status404NotFound);
        using var problem = JsonDocument.Parse(body);
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(404);
        problem.RootElement.GetProperty("detail").GetString()!.ShouldContain("不存在");
        body.ShouldNotContain("# TYPE ");
    }

    private static async Task<(int Status, string Body)> ScrapeAsync(WebApplicationFactory<Program> app, IPAddress from)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = from;
        });
        using var reader = new StreamReader(context.Response.Body, Encoding.UTF8);
        return (context.Response.StatusCode, await reader.ReadToEndAsync());
    }

    /// <summary>A locate, a tile twice (a miss, then a hit), a case through the API, and a live connection.</summary>
    private async Task<System.Net.WebSockets.WebSocket> ProduceTrafficAsync(WebApplicationFactory<Program> app, HttpClient client)
    {
        string grid;
        double lng, lat;
        await using (var command = fixture.DataSource.CreateCommand(
                         "SELECT code, ST_X(p), ST_Y(p) FROM (SELECT code, ST_PointOnSurface(geom) AS p FROM grid) g ORDER BY code LIMIT 1"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            (await reader.ReadAsync()).ShouldBeTrue();
            (grid, lng, lat) = (reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2));
        }
        (await client.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/locate?lng={lng:R}&lat={lat:R}"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var (x, y) = TileAt(lng, lat, 12);
        for (var i = 0; i < 2; i++)
            (await client.GetAsync($"/tiles/townships/12/{x}/{y}.mvt")).IsSuccessStatusCode.ShouldBeTrue();

        using var report = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new { gridCode = grid, requestType = "report", category = "C0102", description = "路灯不亮已经一周了" }),
        };
        report.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        (await client.SendAsync(report)).StatusCode.ShouldBe(HttpStatusCode.Created);

        // A resident's live connection, held open until the scrape is done (JSON hub protocol handshake).
        var socket = await app.Server.CreateWebSocketClient().ConnectAsync(new Uri(app.Server.BaseAddress, "hubs/live"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[256];
        await socket.ReceiveAsync(buffer, CancellationToken.None);
        return socket;
    }

    private static (int X, int Y) TileAt(double lng, double lat, int zoom)
    {
        var n = 1 << zoom;
        var x = (int)Math.Floor((lng + 180) / 360 * n);
        var latRad = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(latRad) + 1 / Math.Cos(latRad)) / Math.PI) / 2 * n);
        return (x, y);
    }
}
