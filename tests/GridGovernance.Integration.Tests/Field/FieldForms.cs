using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Accounts;

namespace GridGovernance.Integration.Tests.Field;

/// <summary>The field pages' forms as a phone browser without JavaScript sends them (multipart, hidden fields from the page).</summary>
public static partial class FieldForms
{
    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)""")]
    private static partial Regex AntiforgeryPattern();

    [GeneratedRegex("""name="(idempotencyKey|requestKey)" value="([^"]+)""")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("""^/field/cases/([0-9]+)\?""")]
    private static partial Regex CaseLocationPattern();

    public sealed record Page(string Token, string Key, string Html);

    public static async Task<Page> OpenAsync(StaffSession session, string path)
    {
        var response = await session.Client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{path} 应能打开");
        var html = await response.Content.ReadAsStringAsync();
        return new Page(AntiforgeryPattern().Match(html).Groups[1].Value, KeyPattern().Match(html).Groups[2].Value, html);
    }

    public static MultipartFormDataContent Report(Page page, (double Lng, double Lat)? position, string category = "C0101",
        string description = "井盖缺失，路口有坑，已放警示桩", string? household = null, int photos = 1)
    {
        var content = Common(page, "idempotencyKey", photos);
        content.Add(new StringContent("report"), "requestType");
        content.Add(new StringContent(category), "category");
        content.Add(new StringContent(description), "description");
        content.Add(new StringContent(""), "phone");
        content.Add(new StringContent(position is { } p ? p.Lng.ToString("R", CultureInfo.InvariantCulture) : ""), "lng");
        content.Add(new StringContent(position is { } q ? q.Lat.ToString("R", CultureInfo.InvariantCulture) : ""), "lat");
        if (household is not null) content.Add(new StringContent(household), "household");
        return content;
    }

    public static MultipartFormDataContent Resolve(Page page, string note = "已联系供水公司补齐井盖，路面恢复平整", int photos = 1) =>
        Common(page, "requestKey", photos).With(note, "note");

    private static MultipartFormDataContent With(this MultipartFormDataContent content, string value, string name)
    {
        content.Add(new StringContent(value), name);
        return content;
    }

    private static MultipartFormDataContent Common(Page page, string keyField, int photos)
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(page.Token), "__RequestVerificationToken" },
            { new StringContent(page.Key), keyField },
        };
        for (var i = 0; i < photos; i++)
        {
            var file = new ByteArrayContent(Intake.ResidentForm.Photo);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            content.Add(file, "photos", $"after-{i}.jpg");
        }
        return content;
    }

    /// <summary>The case id a successful report redirects to (303 See Other → /field/cases/{id}?accepted=1).</summary>
    public static long CaseIdFrom(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var match = CaseLocationPattern().Match(response.Headers.Location!.OriginalString);
        match.Success.ShouldBeTrue($"应跳转到案件页，实际 {response.Headers.Location}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
