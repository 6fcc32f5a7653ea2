using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// A resident on a 360 px phone reports with their mobile number, sees 已提交, and later — without the link — finds the case by
/// its number and that phone; a wrong phone gets the one answer every miss gets.
/// </summary>
public sealed class ResidentLookupTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Timeout = 20_000;
    private const string Phone = "13787654321";

    [Fact]
    public async Task A_resident_finds_their_case_by_number_and_phone_and_a_wrong_phone_is_told_nothing()
    {
        var grid = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid ORDER BY code LIMIT 1");
        await using var context = await fixture.NewPhoneAsync(107.0, 24.0, 12);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        await page.GotoAsync($"/g/{grid}");
        await page.GetByRole(AriaRole.Radio, new() { Name = "求助", Exact = true }).CheckAsync();
        await page.Locator("#category").SelectOptionAsync("E0102");
        await page.Locator("#description").FillAsync("巷子里的垃圾桶坏了，垃圾散落一地。");
        await page.Locator("#phone").FillAsync(Phone);
        await page.Locator("[data-submit]").ClickAsync();
        await page.Locator("[data-report-accepted]").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("已提交");
        var number = await page.Locator("[data-case-number]").InnerTextAsync();
        await Screenshots.SaveAsync(page, "resident-lookup-1-submitted");

        // Later, the link lost: the page names the way back.
        await page.Locator("a[href='/t']").ClickAsync();
        await page.WaitForURLAsync("**/t", new() { Timeout = Timeout });
        await page.Locator("#number").FillAsync(number);
        await page.Locator("#phone").FillAsync("13700000000");
        await page.Locator("[data-lookup-submit]").ClickAsync();
        var message = page.Locator("[data-lookup-message]");
        await message.WaitForAsync(new() { Timeout = Timeout });
        (await message.InnerTextAsync()).ShouldStartWith("未查到与该案件编号和手机号相符的案件");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await Screenshots.SaveAsync(page, "resident-lookup-2-wrong-phone");

        await page.Locator("#phone").FillAsync(Phone);
        await page.Locator("[data-lookup-submit]").ClickAsync();
        await page.Locator("[data-timeline]").WaitForAsync(new() { Timeout = Timeout });
        (await page.Locator("[data-case-number]").InnerTextAsync()).ShouldBe(number);
        page.Url.ShouldMatch("/t/[A-Za-z0-9_-]{22}$");
        (await page.Locator("[data-remind]").IsVisibleAsync()).ShouldBeTrue();
        await Screenshots.SaveAsync(page, "resident-lookup-3-tracking");
        errors.ShouldBeEmpty();
    }
}
