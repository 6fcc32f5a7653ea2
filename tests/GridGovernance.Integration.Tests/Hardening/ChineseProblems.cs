using System.Net;
using System.Text.Json;

namespace GridGovernance.Integration.Tests.Hardening;

/// <summary>What every error answer must be: Chinese problem details (title and detail), or a page with a Chinese message.</summary>
public static class ChineseProblems
{
    public static bool HasChinese(string? text) => text is not null && text.Any(c => c is >= '\u4e00' and <= '\u9fff');

    /// <summary>Null when <paramref name="response"/> is a proper error answer, else why not.</summary>
    public static async Task<string?> ProblemWithAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500 && response.StatusCode != HttpStatusCode.ServiceUnavailable) return $"status {status}";
        if (status < 400) return null;
        var body = await response.Content.ReadAsStringAsync();
        var type = response.Content.Headers.ContentType?.MediaType ?? "";
        if (type.Contains("json", StringComparison.Ordinal))
        {
            try
            {
                var json = JsonDocument.Parse(body).RootElement;
                var title = json.TryGetProperty("title", out var t) ? t.GetString() : null;
                var detail = json.TryGetProperty("detail", out var d) ? d.GetString() : null;
                return HasChinese(title) && HasChinese(detail) ? null : $"status {status}: problem without Chinese title and detail: {Cut(body)}";
            }
            catch (JsonException)
            {
                return $"status {status}: unreadable JSON: {Cut(body)}";
            }
        }
        if (type == "text/html") return HasChinese(body) ? null : $"status {status}: page without Chinese: {Cut(body)}";
        return $"status {status}: body of type '{type}' ({body.Length} chars): {Cut(body)}";
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", body);
        var json = JsonDocument.Parse(body).RootElement;
        HasChinese(json.GetProperty("title").GetString()).ShouldBeTrue(body);
        HasChinese(json.GetProperty("detail").GetString()).ShouldBeTrue(body);
        return json;
    }

    private static string Cut(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
