using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Field;

namespace GridGovernance.Integration.Tests.Inbox;

/// <summary>
/// Test data the way it arises: a grid worker reports through the field form (with a photo), the dispatcher accepts and then
/// dispatches or whistles through the staff action API; the department works through the inbox's own plain forms.
/// </summary>
public static partial class InboxScenario
{
    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)""")]
    private static partial Regex AntiforgeryPattern();

    [GeneratedRegex("""name="requestKey" value="([^"]+)""")]
    private static partial Regex KeyPattern();

    public static async Task<long> ReportAsync(InboxFixture fixture, StaffSession worker, string category = "C0101")
    {
        var page = await FieldForms.OpenAsync(worker, "/field/report");
        return FieldForms.CaseIdFrom(await worker.Client.PostAsync("/field/report", FieldForms.Report(page, fixture.Inside, category)));
    }

    /// <summary>Reported, accepted and whistled (or, with <paramref name="whistleKind"/> null, dispatched to the first unit); returns the case id.</summary>
    public static async Task<long> CaseForAsync(InboxFixture fixture, StaffSession worker, StaffSession dispatcher, string[] units,
        string? whistleKind = "emergency")
    {
        var caseId = await ReportAsync(fixture, worker);
        // A grid worker's patrol report needs no verification: the dispatcher accepts it at once.
        await CaseActionAsync(dispatcher, caseId, new { action = "accept" });
        await CaseActionAsync(dispatcher, caseId, whistleKind is null
            ? new { action = "dispatch", units, whistleKind = (string?)null }
            : new { action = "whistle", units, whistleKind = (string?)whistleKind });
        return caseId;
    }

    public static Task<long> OrderOfAsync(InboxFixture fixture, long caseId, string unit) =>
        fixture.Database.ScalarAsync<long>("SELECT id FROM work_order WHERE case_id = $1 AND unit_code = $2", caseId, unit);

    private static async Task CaseActionAsync(StaffSession dispatcher, long caseId, object body)
    {
        var tokens = await dispatcher.Client.GetFromJsonAsync<JsonElement>("/api/staff/antiforgery");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/cases/{caseId}/actions");
        request.Headers.Add(tokens.GetProperty("headerName").GetString()!, tokens.GetProperty("token").GetString());
        var fields = JsonSerializer.SerializeToElement(body).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        fields["requestKey"] = Guid.NewGuid().ToString("N");
        request.Content = JsonContent.Create(fields);
        var response = await dispatcher.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The order page's form for <paramref name="action"/>, as a phone without JavaScript sends it.</summary>
    public sealed record OrderForm(string Token, string Key);

    public static async Task<OrderForm> OpenFormAsync(StaffSession unit, long orderId, string action)
    {
        var response = await unit.Client.GetAsync($"/inbox/orders/{orderId}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        var key = KeyPattern().Matches(html).Select(m => m.Groups[1].Value).FirstOrDefault(k => k.EndsWith("-" + action, StringComparison.Ordinal));
        key.ShouldNotBeNull($"订单页应提供“{action}”表单");
        return new OrderForm(AntiforgeryPattern().Match(html).Groups[1].Value, key);
    }

    public static async Task<HttpResponseMessage> ActAsync(StaffSession unit, long orderId, string action, string? reason = null,
        (double Lng, double Lat)? position = null, string? until = null, int photos = 0, OrderForm? form = null)
    {
        form ??= await OpenFormAsync(unit, orderId, action);
        var content = new MultipartFormDataContent
        {
            { new StringContent(form.Token), "__RequestVerificationToken" },
            { new StringContent(action), "action" },
            { new StringContent(form.Key), "requestKey" },
            { new StringContent(reason ?? ""), "reason" },
            { new StringContent(position is { } p ? p.Lng.ToString("R", CultureInfo.InvariantCulture) : ""), "lng" },
            { new StringContent(position is { } q ? q.Lat.ToString("R", CultureInfo.InvariantCulture) : ""), "lat" },
        };
        if (until is not null) content.Add(new StringContent(until), "until");
        for (var i = 0; i < photos; i++)
        {
            var file = new ByteArrayContent(Intake.ResidentForm.Photo);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            content.Add(file, "photos", $"after-{i}.jpg");
        }
        return await unit.Client.PostAsync($"/inbox/orders/{orderId}/act", content);
    }

    /// <summary>A successful action answers 303 back to the order page with a notice.</summary>
    public static async Task ShouldLandAsync(HttpResponseMessage response, long orderId, string action)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await StaffSession.ErrorOn(response) ?? "");
        response.Headers.Location!.OriginalString.ShouldBe($"/inbox/orders/{orderId}?done={action}");
    }
}
