using System.Net;
using GridGovernance.Web.Infrastructure.Settings;

namespace GridGovernance.Web.Features.Metrics;

/// <summary>GridGov:Metrics: who may read /metrics besides this machine.</summary>
internal sealed class MetricsOptions : ISettingsCheck
{
    public const string Section = "GridGov:Metrics";

    /// <summary>
    /// Comma-separated networks (CIDR, e.g. "10.0.0.0/8", or single addresses) whose clients may scrape /metrics; loopback
    /// always may. Empty: loopback only.
    /// </summary>
    public string AllowedNetworks { get; set; } = "";

    public IReadOnlyList<System.Net.IPNetwork> Networks() => Items().Select(Parse).OfType<System.Net.IPNetwork>().ToList();

    public IEnumerable<(string Property, string Expectation)> Problems() =>
        Items().Where(item => Parse(item) is null)
            .Select(item => (nameof(AllowedNetworks), $"“{item}”不是网段（应为逗号分隔的 CIDR 网段或 IP 地址，例如 10.0.0.0/8）"));

    private IEnumerable<string> Items() => AllowedNetworks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static System.Net.IPNetwork? Parse(string item)
    {
        if (System.Net.IPNetwork.TryParse(item, out var network)) return network;
        return IPAddress.TryParse(item, out var address)
            ? new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : null;
    }
}
