using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

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
        var proxies = app.Services.GetRequiredService<IOptions<GridGovOptions>>().Value.TrustedProxyAddresses();
        if (proxies.Count == 0) return;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        // Each is an IP address: GridGovOptions refuses anything else at start-up.
        foreach (var proxy in proxies) options.KnownProxies.Add(proxy);
        app.UseForwardedHeaders(options);
    }
}
