using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Intake;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GridGovernance.Integration.Tests.Hardening;

/// <summary>
/// The bad-input sweep, built from the app's own endpoint list: every endpoint and method, every route value and every input
/// name the app reads (query, form, JSON), with NUL and wild values (huge, negative, out of range, far-off dates, 10,000
/// repeats), and bodies that are malformed, cut short or of the wrong type. Never a 500; every error is a Chinese problem
/// (or a page with a Chinese message). A new endpoint is swept the day it is mapped.
/// </summary>
public sealed class BadInputSweepTests(IntakeFixture fixture, ITestOutputHelper output) : IClassFixture<IntakeFixture>
{
    /// <summary>Every input name the app reads from a query, a form or a JSON body (collected from the endpoints' code).</summary>
    private static readonly string[] Inputs =
    [
        "q", "bbox", "crs", "lng", "lat", "longitude", "latitude", "after", "scope", "case", "caseId", "category", "state", "source",
        "area", "overdue", "page", "done", "tab", "size", "thumbnail", "returnUrl", "focus", "accepted", "code", "gridCode",
        "requestType", "description", "phone", "idempotencyKey", "action", "requestKey", "reason", "until", "units", "whistleKind",
        "closureType", "rating", "resolved", "comment", "satisfaction", "note", "household", "Input.Username", "Input.Password",
        "Input.ReturnUrl", "Input.OldPassword", "Input.NewPassword", "Input.Confirmation",
    ];

    /// <summary>Wild values, each sent in every input at once (a NUL is sent in one input at a time, so its refusal can name it).</summary>
    private static readonly string[] WildValues =
    [
        new string('宽', 3000), "-1", "-99999999999999999999", "99999999999999999999", "1e309", "NaN", "0001-01-01T00:00",
        "9999-12-31T23:59", "<script>alert(1)</script>' OR 1=1 --",
    ];

    private int _sent;
    private readonly List<string> _failures = [];

    [Fact]
    public async Task No_input_to_any_endpoint_answers_500_and_every_error_is_a_Chinese_problem()
    {
        // The hub's own transport endpoints speak SignalR's protocol (plain-text errors), not ours: README says so.
        var endpoints = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.SignalR.HubMetadata>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"])
                .Select(method => (Method: method, Pattern: e.RoutePattern)))
            .Where(e => e.Method is "GET" or "POST" or "PUT" or "DELETE")
            .DistinctBy(e => (e.Method, e.Pattern.RawText))
            .ToList();
        output.WriteLine($"{endpoints.Count} endpoint × method pairs");

        var sessions = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = fixture.NewClient(),
            ["dispatcher"] = (await StaffSession.Start(fixture.Factory).LoggedInAsync("dispatcher")).Client,
            ["gridworker"] = (await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker")).Client,
            ["dept-police"] = (await StaffSession.Start(fixture.Factory).LoggedInAsync("dept-police")).Client,
        };
        var tokens = new Dictionary<string, (string Header, string Value)>();
        foreach (var (name, client) in sessions.Where(s => s.Key != "anonymous"))
        {
            var json = await client.GetFromJsonAsync<JsonElement>("/api/staff/antiforgery");
            tokens[name] = (json.GetProperty("headerName").GetString()!, json.GetProperty("token").GetString()!);
        }

        foreach (var (method, pattern) in endpoints)
        {
            var identity = IdentityFor(pattern.RawText ?? "");
            var client = sessions[identity];
            var token = tokens.GetValueOrDefault(identity);
            var routeNames = pattern.Parameters.Select(p => p.Name).ToList();
            string PathWith(string? wildName, string? wildValue) => "/" + string.Join("/", pattern.PathSegments.Select(segment =>
                string.Concat(segment.Parts.Select(part => part switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter =>
                        Uri.EscapeDataString(parameter.Name == wildName ? wildValue! : GoodValueFor(parameter.Name)),
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                    _ => "",
                }))));

            // Route values (not NUL: the path decoder refuses it before the app, Kestrel with its own 400).
            foreach (var name in routeNames)
                foreach (var value in WildValues)
                    await SendAsync(client, token, method, PathWith(name, value), null);
            var path = PathWith(null, null);
            // Query: NUL in each input; each wild value in every input at once; one input 10,000 times.
            foreach (var input in Inputs) await SendAsync(client, token, method, $"{path}?{Uri.EscapeDataString(input)}=a%00b", null);
            foreach (var value in WildValues)
                await SendAsync(client, token, method, path + "?" + string.Join("&", Inputs.Select(i => $"{Uri.EscapeDataString(i)}={Uri.EscapeDataString(value)}")), null);
            await SendAsync(client, token, method, path + "?" + string.Join("&", Enumerable.Repeat("units=451027-police", 10_000)), null);
            if (method is "GET" or "DELETE") continue;

            // Bodies, as an urlencoded form, a multipart form and JSON: NUL in each input; each wild value in every input at once.
            foreach (var input in Inputs)
            {
                await SendAsync(client, token, method, path, () => new FormUrlEncodedContent([new(input, "a\0b"), new("action", "verify")]));
                await SendAsync(client, token, method, path, () => new MultipartFormDataContent { { new StringContent("a\0b"), input } });
                await SendAsync(client, token, method, path, () => JsonContent.Create(new Dictionary<string, object> { [input] = "a\0b", ["action"] = "whistle" }));
            }
            foreach (var value in WildValues)
            {
                await SendAsync(client, token, method, path, () => new FormUrlEncodedContent(Inputs.Select(i => new KeyValuePair<string, string>(i, value))));
                await SendAsync(client, token, method, path, () =>
                {
                    var multipart = new MultipartFormDataContent();
                    foreach (var input in Inputs) multipart.Add(new StringContent(value), input);
                    return multipart;
                });
                await SendAsync(client, token, method, path, () => JsonContent.Create(Inputs.ToDictionary(i => i, _ => value)));
            }
            // 10,000 values; broken, cut-short and mistyped bodies.
            await SendAsync(client, token, method, path, () => new FormUrlEncodedContent(
                Enumerable.Range(0, 10_000).Select(i => new KeyValuePair<string, string>("units", $"451027-u{i}"))));
            await SendAsync(client, token, method, path, () => JsonContent.Create(new
            {
                action = "whistle", whistleKind = "emergency", requestKey = Guid.NewGuid().ToString("N"),
                units = Enumerable.Range(0, 10_000).Select(i => $"451027-u{i}").ToArray(),
            }));
            await SendAsync(client, token, method, path, () => Typed("--b\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\nx\r\n--", "multipart/form-data; boundary=b"));
            await SendAsync(client, token, method, path, () => Typed("--b\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\nx\r\n--b--", "multipart/form-data"));
            await SendAsync(client, token, method, path, () => new TruncatedContent(Encoding.UTF8.GetBytes("--b\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\nxx"), 4000, "multipart/form-data; boundary=b"));
            await SendAsync(client, token, method, path, () => new TruncatedContent(Encoding.UTF8.GetBytes("{\"reason\":\"xx"), 4000, "application/json"));
            await SendAsync(client, token, method, path, () => Typed("{\"reason\":", "application/json"));
            await SendAsync(client, token, method, path, () => Typed("reason=x", "text/plain"));
            await SendAsync(client, token, method, path, () => Typed("", "application/octet-stream"));
            await SendAsync(client, token, method, path, () => null);
        }

        output.WriteLine($"{_sent} requests sent; {_failures.Count} failures");
        foreach (var group in _failures.GroupBy(f => f.Split(" [")[0].Split('?')[0] + " → " + f.Split("]: ")[^1].Split(':')[0]).OrderByDescending(g => g.Count()).Take(40))
            output.WriteLine($"{group.Count(),6} × {group.Key}   e.g. {group.First()}");
        foreach (var client in sessions.Values) client.Dispose();
        _failures.Take(20).ShouldBeEmpty();
        _sent.ShouldBeGreaterThan(5_000);
    }

    private async Task SendAsync(HttpClient client, (string Header, string Value) token, string method, string path, Func<HttpContent?>? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body?.Invoke() };
        if (token.Header is not null) request.Headers.TryAddWithoutValidation(token.Header, token.Value);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString("N"));
        _sent++;
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            _failures.Add($"{method} {Cut(path)}: the request failed: {e.GetType().Name} {e.Message}");
            return;
        }
        using (response)
            if (await ChineseProblems.ProblemWithAsync(response) is { } problem) _failures.Add($"{method} {Cut(path)} [{Describe(request)}]: {problem}");
    }

    private static string Describe(HttpRequestMessage request) => request.Content?.Headers.ContentType?.MediaType ?? "no body";

    private static string Cut(string text) => text.Length > 160 ? text[..160] + "…" : text;

    private static StringContent Typed(string text, string contentType)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>Who may reach the endpoint's code: a department's pages, the field pages, other staff, or anyone.</summary>
    private static string IdentityFor(string route) =>
        route.StartsWith("/inbox", StringComparison.Ordinal) || route.StartsWith("/api/staff/orders", StringComparison.Ordinal) ? "dept-police"
        : route.StartsWith("/field", StringComparison.Ordinal) || route.StartsWith("/api/staff/field", StringComparison.Ordinal) ? "gridworker"
        : route.StartsWith("/api/staff", StringComparison.Ordinal) || route.StartsWith("/dispatch", StringComparison.Ordinal)
          || route.StartsWith("/api/events", StringComparison.Ordinal) || route.StartsWith("/account", StringComparison.Ordinal) ? "dispatcher"
        : "anonymous";

    private string GoodValueFor(string parameter) => parameter switch
    {
        "gridCode" or "code" => fixture.GridCode,
        "villageCode" => fixture.GridCode[..12],
        "caseId" or "orderId" => "1",
        "layer" => "grids",
        "z" => "12",
        "x" => "3300",
        "y" => "1700",
        "token" => "AAAAAAAAAAAAAAAAAAAAAA",
        "sha" => new string('a', 64),
        _ => "1",
    };
}
