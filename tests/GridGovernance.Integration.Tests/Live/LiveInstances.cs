using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using GridGovernance.Web.Features.Live;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>An app instance whose public intake takes as many reports as a test sends (the limits have tests of their own).</summary>
public sealed class LiveAppFactory(string connectionString) : GridGovAppFactory(connectionString)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("GridGov:RateLimits:PerClientPerMinute", "100000");
        builder.UseSetting("GridGov:RateLimits:PerGridPerHour", "100000");
    }
}

/// <summary>
/// One copy of the demo county and instance A in front of it; tests start more instances on the same database (as several app
/// servers behind nginx would run) and stop them when they like.
/// </summary>
public sealed class LiveInstancesFixture : IAsyncLifetime
{
    public const string Township = "451027100";

    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialised");
    public LiveAppFactory A { get; private set; } = null!;
    public string GridCode { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateWithDemoCountyAsync();
        A = await StartInstanceAsync();
        GridCode = await Database.ScalarAsync<string>("SELECT code FROM grid WHERE starts_with(code, $1) ORDER BY code LIMIT 1", Township);
    }

    /// <summary>Another instance on the same database, already started (its LISTEN connection is up before it is returned).</summary>
    public async Task<LiveAppFactory> StartInstanceAsync()
    {
        var app = new LiveAppFactory(Database.ConnectionString);
        app.StartServer();
        await WaitUntilLiveAsync(app);
        return app;
    }

    /// <summary>Waits until the instance LISTENs and its forwarder knows where to start (events after that reach its clients).</summary>
    public static async Task WaitUntilLiveAsync(GridGovAppFactory app)
    {
        var listener = app.Services.GetRequiredService<OutboxListener>();
        var forwarder = app.Services.GetRequiredService<OutboxForwarder>();
        await Eventually.TrueAsync(() => listener.Listening && forwarder.LastForwarded >= 0, "实例应在 30 秒内开始监听并知道从哪个事件转发");
    }

    /// <summary>A resident's report through <paramref name="app"/>: a real state change that writes one event. Returns its number.</summary>
    public Task<string> ReportThroughAsync(GridGovAppFactory app, string description = "路灯不亮好几天了", string? gridCode = null) =>
        ReportAsync(app, gridCode ?? GridCode, description);

    public static async Task<string> ReportAsync(GridGovAppFactory app, string gridCode, string description)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.ClientOptions.BaseAddress });
        var key = Guid.NewGuid().ToString("N");
        var response = await client.SendAsync(Post(gridCode, description, key));
        // A database restart answers 503 with Retry-After; a real client tries again with the same key, and so do we.
        for (var retry = 0; retry < 5 && response.StatusCode == HttpStatusCode.ServiceUnavailable; retry++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            response = await client.SendAsync(Post(gridCode, description, key));
        }
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
    }

    private static HttpRequestMessage Post(string gridCode, string description, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new { gridCode, requestType = "report", category = "C0101", description }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    /// <summary>The ids of the events a client following <paramref name="scope"/> must see, after <paramref name="after"/>.</summary>
    public async Task<List<long>> EventIdsAsync(string scope, long after)
    {
        await using var command = Database.DataSource.CreateCommand("SELECT id FROM outbox_event WHERE id > $1 AND scope_codes @> ARRAY[$2] ORDER BY id");
        command.Parameters.Add(new() { Value = after });
        command.Parameters.Add(new() { Value = scope });
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    public Task<long> NewestEventIdAsync() => Database.ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM outbox_event");

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
