using System.Net;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GridGovernance.Integration.Tests.Live;

/// <summary>Logs in through the login form and returns the Cookie header a WebSocket (or another instance) can carry.</summary>
public static class LiveCookies
{
    public static async Task<string> LoginAsync(GridGovAppFactory app, string username)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync("/login");
        var antiforgery = CookiesOf(page);
        var form = StaffSession.HiddenInputs(await page.Content.ReadAsStringAsync()).DistinctBy(f => f.Key)
            .Append(new("Input.Username", username)).Append(new("Input.Password", StaffSession.DemoPassword)).Append(new("Input.ReturnUrl", ""));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = new FormUrlEncodedContent(form) };
        post.Headers.Add("Cookie", antiforgery);
        var response = await client.SendAsync(post);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{username} 应能登录");
        return CookiesOf(response);
    }

    /// <summary>An HttpClient of <paramref name="app"/> that sends <paramref name="cookie"/> (for the catch-up API).</summary>
    public static HttpClient ClientWith(GridGovAppFactory app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static string CookiesOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);
}
