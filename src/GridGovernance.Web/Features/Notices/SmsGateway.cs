using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Features.Notices;

/// <summary>
/// One SMS = one POST of JSON to GridGov:Sms:GatewayUrl: <c>{ "to", "signature", "content", "event", "reference" }</c>
/// (reference: the outbox event id, so a provider can drop a repeat). A county whose provider speaks another shape puts a
/// small adapter at that URL. The phone is sent to the provider only — never logged.
/// </summary>
internal sealed class SmsGateway(HttpClient http, IOptions<SmsOptions> options)
{
    public sealed record Message(string To, string Signature, string Content, string Event, string Reference);

    /// <summary>True when the provider accepted the message (2xx).</summary>
    public async Task<(bool Accepted, int Status)> SendAsync(Message message, CancellationToken ct)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.GatewayUrl)
        {
            Content = JsonContent.Create(new
            {
                to = message.To, signature = message.Signature, content = message.Content, @event = message.Event, reference = message.Reference,
            }),
        };
        if (settings.ApiKey.Length > 0) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        using var response = await http.SendAsync(request, timeout.Token);
        return (response.IsSuccessStatusCode, (int)response.StatusCode);
    }
}
