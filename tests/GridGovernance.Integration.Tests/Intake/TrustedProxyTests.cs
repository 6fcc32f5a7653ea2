using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GridGovernance.Integration.Tests.Intake;

/// <summary>Behind nginx (GridGov:TrustedProxies) residents are limited by their own address, never by the proxy's.</summary>
public class TrustedProxyTests(RateLimitedIntakeFixture fixture) : IClassFixture<RateLimitedIntakeFixture>
{
    /// <summary>Every test request arrives from 127.0.0.1, as requests from nginx on the same host do.</summary>
    private sealed class FromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private async Task<HttpStatusCode> ReportFromAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new { gridCode = fixture.GridCode, requestType = "report", category = "C0102", description = "路灯不亮已经一周了" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_resident_has_their_own_limit_and_otherwise_the_header_is_ignored()
    {
        await using var behindNginx = fixture.Factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("GridGov:TrustedProxies", "127.0.0.1");
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FromLoopback>());
        });
        using var proxied = behindNginx.CreateClient();
        (await ReportFromAsync(proxied, "10.0.0.1")).ShouldBe(HttpStatusCode.Created);
        (await ReportFromAsync(proxied, "10.0.0.1")).ShouldBe(HttpStatusCode.Created);
        (await ReportFromAsync(proxied, "10.0.0.1")).ShouldBe(HttpStatusCode.TooManyRequests, "two a minute per resident");
        (await ReportFromAsync(proxied, "10.0.0.2")).ShouldBe(HttpStatusCode.Created, "another resident behind the same proxy");

        // Without a trusted proxy a client cannot dodge its limit by naming another address.
        await using var direct = fixture.Factory.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FromLoopback>()));
        using var client = direct.CreateClient();
        (await ReportFromAsync(client, "10.0.1.1")).ShouldBe(HttpStatusCode.Created);
        (await ReportFromAsync(client, "10.0.1.2")).ShouldBe(HttpStatusCode.Created);
        (await ReportFromAsync(client, "10.0.1.3")).ShouldBe(HttpStatusCode.TooManyRequests);
    }
}
