using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GridGovernance.Integration.Tests.Accounts;

namespace GridGovernance.Integration.Tests.Dispatch;

/// <summary>The staff action API as the console and inbox scripts call it: antiforgery header, JSON for cases, a form for orders.</summary>
public static class DispatchApi
{
    public static async Task<HttpRequestMessage> SignedAsync(StaffSession session, HttpMethod method, string path)
    {
        var tokens = await session.Client.GetFromJsonAsync<JsonElement>("/api/staff/antiforgery");
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(tokens.GetProperty("headerName").GetString()!, tokens.GetProperty("token").GetString());
        return request;
    }

    public static string NewKey() => Guid.NewGuid().ToString("N");

    /// <summary>POST /api/staff/cases/{id}/actions with <paramref name="body"/> (a requestKey is added unless given).</summary>
    public static async Task<HttpResponseMessage> CaseAsync(StaffSession session, long caseId, string action, object? extra = null, string? key = null)
    {
        var body = new Dictionary<string, object?> { ["action"] = action, ["requestKey"] = key ?? NewKey() };
        if (extra is not null)
            foreach (var property in extra.GetType().GetProperties()) body[property.Name] = property.GetValue(extra);
        using var request = await SignedAsync(session, HttpMethod.Post, $"/api/staff/cases/{caseId}/actions");
        request.Content = JsonContent.Create(body);
        return await session.Client.SendAsync(request);
    }

    /// <summary>POST /api/staff/orders/{id}/actions as a multipart form; <paramref name="photos"/> JPEGs as after-photos.</summary>
    public static async Task<HttpResponseMessage> OrderAsync(StaffSession session, long orderId, string action, string? reason = null,
        (double Lng, double Lat)? position = null, DateTimeOffset? until = null, int photos = 0, string? key = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(action), "action" },
            { new StringContent(key ?? NewKey()), "requestKey" },
        };
        if (reason is not null) form.Add(new StringContent(reason), "reason");
        if (position is { } p)
        {
            form.Add(new StringContent(p.Lng.ToString("R", CultureInfo.InvariantCulture)), "lng");
            form.Add(new StringContent(p.Lat.ToString("R", CultureInfo.InvariantCulture)), "lat");
        }
        if (until is { } u) form.Add(new StringContent(u.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)), "until");
        for (var i = 0; i < photos; i++)
        {
            var file = new ByteArrayContent(Intake.ResidentForm.Photo);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "photos", $"after-{i}.jpg");
        }
        using var request = await SignedAsync(session, HttpMethod.Post, $"/api/staff/orders/{orderId}/actions");
        request.Content = form;
        return await session.Client.SendAsync(request);
    }

    public static async Task<string> StateOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("state").GetString()!;
    }

    public static async Task<string> ProblemOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
}
