using System.ComponentModel.DataAnnotations;
using GridGovernance.Web.Infrastructure.Settings;

namespace GridGovernance.Web.Features.Notices;

/// <summary>
/// GridGov:Sms — the county's SMS provider, reached over HTTP (<see cref="SmsGateway"/>). Without <see cref="GatewayUrl"/> no SMS
/// is sent at all; an empty template leaves its event silent. Templates take {number} (case number), {state} (state in Chinese)
/// and {link} (the resident's tracking link).
/// </summary>
internal sealed class SmsOptions : ISettingsCheck
{
    public const string Section = "GridGov:Sms";

    /// <summary>The provider's HTTP endpoint; each SMS is one POST of JSON to it. Empty: SMS off.</summary>
    public string GatewayUrl { get; set; } = "";

    /// <summary>Sent as "Authorization: Bearer …" when set (the provider's key).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The registered signature, e.g. 【凌云县网格治理】, sent beside the text.</summary>
    public string Signature { get; set; } = "";

    public string TemplateVerify { get; set; } = "";
    public string TemplateAccept { get; set; } = "";
    public string TemplateClose { get; set; } = "";
    public string TemplateVoid { get; set; } = "";
    public string TemplateReopen { get; set; } = "";

    /// <summary>How often the outbox is read for new progress events.</summary>
    [Range(1, 3600)]
    public int IntervalSeconds { get; set; } = 10;

    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>False stops the background loop (tests drive <see cref="SmsNotifier.RunOnceAsync"/>).</summary>
    public bool Enabled { get; set; } = true;

    public bool Configured => GatewayUrl.Length > 0;

    /// <summary>The template of an outbox event type (case.verify …), or null when that event sends nothing.</summary>
    public string? TemplateFor(string eventType) => (eventType switch
    {
        "case.verify" => TemplateVerify,
        "case.accept" => TemplateAccept,
        "case.check_pass" or "case.resolve_on_spot" => TemplateClose,
        "case.void" => TemplateVoid,
        "case.reopen" => TemplateReopen,
        _ => "",
    }) is { Length: > 0 } template ? template : null;

    public static IReadOnlyList<string> EventTypes { get; } =
        ["case.verify", "case.accept", "case.check_pass", "case.resolve_on_spot", "case.void", "case.reopen"];

    public IEnumerable<(string Property, string Expectation)> Problems()
    {
        if (GatewayUrl.Length > 0 && !(Uri.TryCreate(GatewayUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            yield return (nameof(GatewayUrl), "应为以 http:// 或 https:// 开头的完整地址，例如 https://sms.example.cn/send");
    }
}
