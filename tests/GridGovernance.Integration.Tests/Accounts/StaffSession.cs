using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GridGovernance.Integration.Tests.Accounts;

/// <summary>One browser-like session against the real app: its own cookie jar, redirects not followed, forms posted with their hidden fields.</summary>
public sealed partial class StaffSession : IDisposable
{
    public const string DemoPassword = "Demo@2026";

    private StaffSession(HttpClient client) => Client = client;

    public HttpClient Client { get; }

    /// <summary>A session over a client of one's own (the browser tests' app listens on a real port).</summary>
    public static StaffSession Over(HttpClient client) => new(client);

    public static StaffSession Start<T>(WebApplicationFactory<T> factory) where T : class =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>GETs <paramref name="pagePath"/>, then posts its form with the hidden fields (antiforgery token, handler) plus <paramref name="fields"/>.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string pagePath, params (string Name, string Value)[] fields)
    {
        var page = await Client.GetAsync(pagePath);
        page.StatusCode.ShouldBe(HttpStatusCode.OK, $"{pagePath} 应能打开");
        var html = await page.Content.ReadAsStringAsync();
        // A page may hold several forms (the user menu's logout form too); a browser posts one, so each hidden field once.
        var form = HiddenInputs(html).DistinctBy(f => f.Key).Concat(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await Client.PostAsync(pagePath, new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> LoginAsync(string username, string password, string? returnUrl = null) =>
        SubmitFormAsync("/login", ("Input.Username", username), ("Input.Password", password), ("Input.ReturnUrl", returnUrl ?? ""));

    /// <summary>Logs in and insists it worked (a redirect away from the login page).</summary>
    public async Task<StaffSession> LoggedInAsync(string username, string password = DemoPassword)
    {
        var response = await LoginAsync(username, password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{username} 应能登录：{await ErrorOn(response)}");
        return this;
    }

    /// <summary>The error a page shows (role=alert), or null.</summary>
    public static async Task<string?> ErrorOn(HttpResponseMessage response)
    {
        var match = AlertPattern().Match(await response.Content.ReadAsStringAsync());
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    public static IEnumerable<KeyValuePair<string, string>> HiddenInputs(string html) =>
        HiddenPattern().Matches(html)
            .Select(m => (Tag: m.Value, Name: NamePattern().Match(m.Value), Value: ValuePattern().Match(m.Value)))
            .Where(t => t.Name.Success && t.Name.Groups[1].Value != "Input.ReturnUrl")
            .Select(t => new KeyValuePair<string, string>(WebUtility.HtmlDecode(t.Name.Groups[1].Value),
                WebUtility.HtmlDecode(t.Value.Success ? t.Value.Groups[1].Value : "")));

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("""<input[^>]*type="hidden"[^>]*>""")]
    private static partial Regex HiddenPattern();

    [GeneratedRegex("""\bname="([^"]*)"[^>]*""")]
    private static partial Regex NamePattern();

    [GeneratedRegex("""\bvalue="([^"]*)"[^>]*""")]
    private static partial Regex ValuePattern();

    [GeneratedRegex("""role="alert"[^>]*>([^<]*)<""")]
    private static partial Regex AlertPattern();
}
