using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Dispatch;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Integration.Tests.Intake;
using GridGovernance.Web.Features.Notices;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GridGovernance.Integration.Tests.Notices;

/// <summary>The app with GridGov:Sms settings of the test's choosing; the SMS loop is driven by the test (RunOnceAsync).</summary>
public sealed class SmsAppFactory(string connectionString, IReadOnlyDictionary<string, string> sms) : GridGovAppFactory(connectionString)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("GridGov:Sms:Enabled", "false");
        builder.UseSetting("GridGov:PublicBaseUrl", "https://wangge.example.cn");
        foreach (var (key, value) in sms) builder.UseSetting("GridGov:Sms:" + key, value);
    }
}

/// <summary>A stand-in for the county's SMS provider: an HTTP server on a loopback port that records every request it gets.</summary>
public sealed class RecordingGateway : IDisposable
{
    private readonly HttpListener _listener = new();
    public ConcurrentQueue<(string? Authorization, JsonElement Body)> Requests { get; } = new();
    public string Url { get; }

    public RecordingGateway()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/sms/send/";
            probe.Stop();
        }
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            using (var reader = new StreamReader(context.Request.InputStream))
                Requests.Enqueue((context.Request.Headers["Authorization"], JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone()));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}

public sealed class SmsGatewayTests : IAsyncLifetime
{
    private const string Phone = "13612345678";
    private TestDatabase _database = null!;
    private string _grid = "";

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateWithDemoCountyAsync();
        _grid = await _database.ScalarAsync<string>("SELECT code FROM grid ORDER BY code LIMIT 1");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<long> ResidentReportAsync(SmsAppFactory factory, string? phone)
    {
        using var resident = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var form = await ResidentForm.OpenAsync(resident, _grid);
        (await resident.PostAsync($"/g/{_grid}", ResidentForm.Content(form, "巷口路灯坏了一个星期", phone: phone))).StatusCode.ShouldBe(HttpStatusCode.OK);
        return await _database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", form.IdempotencyKey);
    }

    [Fact]
    public async Task The_gateway_gets_one_request_per_configured_event_of_a_case_with_a_phone_and_none_for_the_rest()
    {
        using var gateway = new RecordingGateway();
        await using var factory = new SmsAppFactory(_database.ConnectionString, new Dictionary<string, string>
        {
            ["GatewayUrl"] = gateway.Url, ["ApiKey"] = "county-key", ["Signature"] = "【凌云县网格治理】",
            ["TemplateVerify"] = "您反映的问题（{number}）已核实，正在处理：{link}",
            ["TemplateClose"] = "您反映的问题（{number}）已{state}，请评价：{link}",
        });
        using var worker = await StaffSession.Start(factory).LoggedInAsync("gridworker");
        using var dispatcher = await StaffSession.Start(factory).LoggedInAsync("dispatcher");
        var notifier = factory.Services.GetRequiredService<SmsNotifier>();
        await notifier.RunOnceAsync(CancellationToken.None); // start from now

        var withPhone = await ResidentReportAsync(factory, Phone);
        var anonymous = await ResidentReportAsync(factory, null);
        foreach (var id in new[] { withPhone, anonymous })
            (await DispatchApi.CaseAsync(worker, id, "verify")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // 受理立案 has no template: it sends nothing.
        (await DispatchApi.CaseAsync(dispatcher, withPhone, "accept")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var run = await notifier.RunOnceAsync(CancellationToken.None);
        run.Sent.ShouldBe(1);
        gateway.Requests.Count.ShouldBe(1);
        gateway.Requests.TryPeek(out var request).ShouldBeTrue();
        request.Authorization.ShouldBe("Bearer county-key");
        var number = await _database.ScalarAsync<string>("SELECT number FROM case_file WHERE id = $1", withPhone);
        request.Body.GetProperty("to").GetString().ShouldBe(Phone);
        request.Body.GetProperty("signature").GetString().ShouldBe("【凌云县网格治理】");
        request.Body.GetProperty("event").GetString().ShouldBe("case.verify");
        request.Body.GetProperty("content").GetString()!.ShouldMatch($"^您反映的问题（{number}）已核实，正在处理：https://wangge\\.example\\.cn/t/[A-Za-z0-9_-]{{22}}$");

        // Each event once: a second run (or a second instance) finds nothing new.
        (await notifier.RunOnceAsync(CancellationToken.None)).Sent.ShouldBe(0);
        gateway.Requests.Count.ShouldBe(1);
        (await _database.ScalarAsync<string>("SELECT string_agg(event_type || ':' || accepted, ',') FROM sms_message WHERE case_id = $1", withPhone))
            .ShouldBe("case.verify:true");
    }

    [Fact]
    public async Task Without_a_gateway_url_nothing_is_sent_even_with_templates()
    {
        using var gateway = new RecordingGateway();
        await using var factory = new SmsAppFactory(_database.ConnectionString, new Dictionary<string, string>
        {
            ["TemplateVerify"] = "您反映的问题（{number}）已核实：{link}",
        });
        using var worker = await StaffSession.Start(factory).LoggedInAsync("gridworker");
        var id = await ResidentReportAsync(factory, Phone);
        (await DispatchApi.CaseAsync(worker, id, "verify")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await factory.Services.GetRequiredService<SmsNotifier>().RunOnceAsync(CancellationToken.None))
            .ShouldBe(new SmsNotifier.Run(0, 0, 0));
        gateway.Requests.ShouldBeEmpty();
        (await _database.ScalarAsync<long>("SELECT count(*) FROM sms_message")).ShouldBe(0);
    }
}
