using System.Net;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Intake;

namespace GridGovernance.Integration.Tests.Console;

/// <summary>Makes cases through the resident intake and acts on them through the console's page forms, as a browser without JS would.</summary>
public static partial class ConsoleSession
{
    public const string OwnGrid = "451027100001001";       // 泗城镇 解放社区第1网格
    public const string OwnVillage = "451027100001";

    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)""")]
    private static partial Regex AntiforgeryPattern();

    /// <summary>A resident reports through the grid's QR page; answers the new case's id and number.</summary>
    public static async Task<(long Id, string Number)> ReportAsync(IntakeFixture fixture, string grid, string category = "E0102",
        string description = "小区门口垃圾堆了三天没人清运")
    {
        using var resident = fixture.NewClient();
        var page = await ResidentForm.OpenAsync(resident, grid);
        (await resident.PostAsync($"/g/{grid}", ResidentForm.Content(page, description, category))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE idempotency_key = $1", page.IdempotencyKey);
        var number = await fixture.Database.ScalarAsync<string>("SELECT number FROM case_file WHERE id = $1", id);
        return (id, number);
    }

    /// <summary>A grid of another township than 泗城镇.</summary>
    public static Task<string> OtherTownshipGridAsync(IntakeFixture fixture) =>
        fixture.Database.ScalarAsync<string>("SELECT code FROM grid WHERE NOT starts_with(code, '451027100') ORDER BY code LIMIT 1");

    /// <summary>A new township dispatcher of <paramref name="township"/> (with the demo dispatcher's password); answers the username.</summary>
    public static async Task<string> AddTownshipDispatcherAsync(IntakeFixture fixture, string township)
    {
        var username = "disp" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Database.AddStaffAsync(username, "另一镇调度员", "township_dispatcher", township, passwordOf: "dispatcher");
        return username;
    }

    /// <summary>Opens the drawer page and posts one of its action forms with the page's antiforgery token and a fresh request key.</summary>
    public static async Task<HttpResponseMessage> ActAsync(StaffSession session, long caseId, string action, string? query = null,
        params (string Name, string Value)[] fields)
    {
        var page = await session.Client.GetAsync($"/dispatch?case={caseId}");
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryPattern().Match(html).Groups[1].Value;
        token.ShouldNotBeEmpty("调度台页面应带防伪令牌");
        var form = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", WebUtility.HtmlDecode(token)),
            new("requestKey", Guid.NewGuid().ToString("N")),
            new("action", action),
        };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await session.Client.PostAsync($"/dispatch/cases/{caseId}/act{query}", new FormUrlEncodedContent(form));
    }
}
