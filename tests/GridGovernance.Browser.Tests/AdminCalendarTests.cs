using System.Text.Json;
using GridGovernance.Domain.Calendar;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// The county administrator enters a holiday on /admin/calendar, and the deadline of a case accepted afterwards moves past
/// it: the console's drawer shows the later 办理时限 for a case accepted after the holiday than for one accepted before.
/// </summary>
public sealed class AdminCalendarTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 30_000;

    /// <summary>A resident's report through the public API (路灯, 5 working days), verified and accepted by the dispatcher.</summary>
    private async Task<long> AcceptedCaseAsync(IAPIRequestContext anonymous, IAPIRequestContext dispatcher, string description)
    {
        var created = await anonymous.PostAsync("/api/cases", new()
        {
            DataObject = new { gridCode = "451027100001001", requestType = "report", category = "C0102", description },
            Headers = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString("N") },
        });
        created.Status.ShouldBe(201, await created.TextAsync());
        var number = (await created.JsonAsync())!.Value.GetProperty("number").GetString()!;
        var id = await fixture.Database.ScalarAsync<long>("SELECT id FROM case_file WHERE number = $1", number);
        var tokens = (await (await dispatcher.GetAsync("/api/staff/antiforgery")).JsonAsync())!.Value;
        foreach (var action in new[] { "verify", "accept" })
        {
            var response = await dispatcher.PostAsync($"/api/staff/cases/{id}/actions", new()
            {
                DataObject = new { action, requestKey = Guid.NewGuid().ToString("N") },
                Headers = new Dictionary<string, string> { [tokens.GetProperty("headerName").GetString()!] = tokens.GetProperty("token").GetString()! },
            });
            response.Status.ShouldBe(200, $"{action}: {await response.TextAsync()}");
        }
        return id;
    }

    private async Task<string> DeadlineTextAsync(IPage page, long caseId)
    {
        await page.GotoAsync($"/dispatch?state=all&case={caseId}");
        return (await page.Locator("[data-case-deadline]").InnerTextAsync(new() { Timeout = Timeout })).Trim();
    }

    [Fact]
    public async Task A_holiday_entered_by_the_county_admin_moves_the_deadline_of_a_case_accepted_after_it()
    {
        await using var admin = await fixture.NewPageAsync(1366, 900);
        await using var desk = await fixture.NewPageAsync(1366, 900);
        await BrowserFixture.LoginAsync(admin.Page, "admin", "**/dispatch", Timeout);
        await BrowserFixture.LoginAsync(desk.Page, "dispatcher", "**/dispatch", Timeout);

        var before = await AcceptedCaseAsync(admin.Page.Context.APIRequest, desk.Page.Context.APIRequest, "日历测试：节日前受理的路灯不亮");
        var textBefore = await DeadlineTextAsync(desk.Page, before);

        // The next working day after today (China time) becomes a county holiday.
        var calendar = await GridGovernance.Data.Calendar.WorkCalendarLoader.LoadAsync(fixture.Database.DataSource, "451027");
        var day = ChinaTime.Date(DateTimeOffset.UtcNow).AddDays(1);
        while (!calendar.IsWorkday(day)) day = day.AddDays(1);
        var page = admin.Page;
        await page.GotoAsync("/admin/calendar");
        await page.Locator("[data-admin-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        await page.FillAsync("#day-date", day.ToString("yyyy-MM-dd"));
        await page.SelectOptionAsync("#day-kind", "holiday");
        await page.FillAsync("#day-name", "县庆（测试）");
        await page.ClickAsync("#day-add");
        await page.Locator("#calendar-notice").WaitForAsync(new() { Timeout = Timeout });
        var cell = page.Locator($"[data-day='{day:yyyy-MM-dd}']");
        (await cell.GetAttributeAsync("data-workday")).ShouldBe("false");
        (await cell.InnerTextAsync()).ShouldContain("县庆（测试）");
        await Screenshots.SaveAsync(page, "admin-calendar-1-holiday-entered");

        var after = await AcceptedCaseAsync(admin.Page.Context.APIRequest, desk.Page.Context.APIRequest, "日历测试：节日后受理的路灯不亮");
        var textAfter = await DeadlineTextAsync(desk.Page, after);
        await Screenshots.SaveAsync(desk.Page, "admin-calendar-2-deadline-moved");

        var deadlineBefore = new DateTimeOffset(await fixture.Database.ScalarAsync<DateTime>("SELECT deadline_at FROM case_file WHERE id = $1", before), TimeSpan.Zero);
        var deadlineAfter = new DateTimeOffset(await fixture.Database.ScalarAsync<DateTime>("SELECT deadline_at FROM case_file WHERE id = $1", after), TimeSpan.Zero);
        (deadlineAfter - deadlineBefore).ShouldBeGreaterThan(TimeSpan.FromHours(20), "节日之后受理的案件，期限应顺延一个工作日");
        textBefore.ShouldContain($"办理时限 {ChinaTime.Text(deadlineBefore)}");
        textAfter.ShouldContain($"办理时限 {ChinaTime.Text(deadlineAfter)}");
        textAfter.ShouldNotBe(textBefore);

        // The other sections, as the administrator sees them (the entered holiday is in the audit trail).
        await page.GotoAsync("/admin/categories");
        await page.Locator("[data-admin-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-category-limit='C0102']").InnerTextAsync(new() { Timeout = Timeout })).ShouldBe("5 个工作日");
        await Screenshots.SaveAsync(page, "admin-calendar-3-categories");
        await page.GotoAsync("/admin/audit");
        await page.Locator("[data-admin-ready='true']").WaitForAsync(new() { Timeout = Timeout });
        await page.Locator("[data-audit-action='calendar.day_set']").First.WaitForAsync(new() { Timeout = Timeout });
        await Screenshots.SaveAsync(page, "admin-calendar-4-audit");
        admin.ScriptErrors.ShouldBeEmpty();
    }
}
