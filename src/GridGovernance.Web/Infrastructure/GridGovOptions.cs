using System.Net;
using GridGovernance.Web.Infrastructure.Settings;

namespace GridGovernance.Web.Infrastructure;

/// <summary>The app-wide settings directly under <c>GridGov</c>.</summary>
internal sealed class GridGovOptions : ISettingsCheck
{
    public const string Section = "GridGov";

    /// <summary>Operators who migrate with `gridgov migrate` before a rolling deploy turn this off.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public bool LoadDemoWhenEmpty { get; set; } = true;

    /// <summary>Empty: geodata/lingyun found by walking up from the content root.</summary>
    public string DemoDataDirectory { get; set; } = "";

    /// <summary>Empty: &lt;content root&gt;/App_Data. Photos go under it unless GridGov:Storage:PhotoDirectory says otherwise.</summary>
    public string DataDirectory { get; set; } = "";

    public bool JsonLogs { get; set; }

    /// <summary>Comma-separated proxy IPs whose X-Forwarded-For / -Proto are believed (<see cref="ProxySetup"/>).</summary>
    public string TrustedProxies { get; set; } = "";

    /// <summary>Base of the URLs printed in QR codes and tracking links; empty: the request's scheme and host.</summary>
    public string PublicBaseUrl { get; set; } = "";

    public IReadOnlyList<IPAddress> TrustedProxyAddresses() => Items(TrustedProxies).Select(IPAddress.Parse).ToList();

    /// <summary>The configured public base without a trailing slash, or null when URLs follow the request.</summary>
    public string? PublicBase() => PublicBaseUrl is { Length: > 0 } url ? url.TrimEnd('/') : null;

    public IEnumerable<(string Property, string Expectation)> Problems()
    {
        foreach (var proxy in Items(TrustedProxies).Where(p => !IPAddress.TryParse(p, out _)))
            yield return (nameof(TrustedProxies), $"“{proxy}”不是 IP 地址（应为逗号分隔的 IP 地址）");
        if (PublicBaseUrl.Length > 0 && !(Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            yield return (nameof(PublicBaseUrl), "应为以 http:// 或 https:// 开头的完整地址，例如 https://wangge.example.cn");
    }

    internal static string[] Items(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
