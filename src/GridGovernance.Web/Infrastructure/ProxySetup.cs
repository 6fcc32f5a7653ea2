using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// Behind nginx every request comes from the proxy's address: the per-client limits (submissions, logins) would count all
/// residents of a county as one. <c>GridGov:TrustedProxies</c> (comma-separated IPs, e.g. "127.0.0.1") names the proxies whose
/// X-Forwarded-For / X-Forwarded-Proto are believed; nobody's are by default, so a client cannot pick its own address.
/// </summary>
internal static class ProxySetup
{
    public static void UseTrustedProxies(this WebApplication app)
    {
        var proxies = (app.Configuration["GridGov:TrustedProxies"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (proxies.Length == 0) return;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            if (!IPAddress.TryParse(proxy, out var address))
                throw new InvalidOperationException($"GridGov:TrustedProxies 中的“{proxy}”不是 IP 地址。");
            options.KnownProxies.Add(address);
        }
        app.UseForwardedHeaders(options);
    }
}
