using System.Net;
using System.Security.Cryptography;
using System.Text;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Setup;

/// <summary>
/// The first county administrator of a fresh installation, without SQL: /setup with the token from the start-up log (kept in
/// the database as a hash only), refusals by field writing nothing, one transaction that creates the account, declares the
/// county and closes setup for good.
/// </summary>
public sealed class FirstRunSetupTests(FreshInstallFixture fixture) : IClassFixture<FreshInstallFixture>
{
    private static (string, string)[] Form(string token, string username = "zhangsan", string password = "Lingyun#2027") =>
    [
        ("Input.Token", token), ("Input.CountyCode", "451027"), ("Input.CountyName", "凌云县"), ("Input.DisplayName", "张三"),
        ("Input.Username", username), ("Input.Password", password), ("Input.Confirmation", password),
    ];

    [Fact]
    public async Task A_fresh_install_creates_its_first_county_admin_with_the_logged_token_and_then_setup_is_gone_for_everyone()
    {
        var token = fixture.LoggedToken();
        token.Length.ShouldBe(35);
        // Only the hash is stored.
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM setup_token")).ShouldBe(1);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM setup_token WHERE token_sha256 = $1",
            SHA256.HashData(Encoding.ASCII.GetBytes(token)))).ShouldBe(1);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM setup_token WHERE position(convert_to($1, 'UTF8') IN token_sha256) > 0", token)).ShouldBe(0);

        using var anonymous = StaffSession.Start(fixture.Factory);
        var login = await (await anonymous.Client.GetAsync("/login")).Content.ReadAsStringAsync();
        login.ShouldContain("本系统尚未初始化");
        login.ShouldContain("href=\"/setup\"");

        // A wrong token, and bad fields: each named by its field, nothing written.
        var wrong = await anonymous.SubmitFormAsync("/setup", Form("0000-wrong"));
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        wrongHtml.ShouldContain("设置令牌不正确");
        var bad = await anonymous.SubmitFormAsync("/setup", ("Input.Token", token), ("Input.CountyCode", "45102"), ("Input.CountyName", ""),
            ("Input.DisplayName", "张三"), ("Input.Username", "Zhang San"), ("Input.Password", "short"), ("Input.Confirmation", "short"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var badHtml = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        badHtml.ShouldContain("id=\"setup-countyCode-error\"");
        badHtml.ShouldContain("请填写县（区）名称。");
        badHtml.ShouldContain("用户名为 2–32 位小写英文字母");
        badHtml.ShouldContain("id=\"setup-password-error\"");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM staff_account")).ShouldBe(0);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM county_declared")).ShouldBe(0);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'setup.first_admin'")).ShouldBe(0);

        // The token as pasted from a log line (upper case, spaces) still works.
        var done = await anonymous.SubmitFormAsync("/setup", Form($"  {token.ToUpperInvariant()} "));
        done.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await done.Content.ReadAsStringAsync()).ShouldContain("id=\"setup-done\"");
        (await fixture.Database.ScalarAsync<string>("SELECT role || ' ' || scope_code || ' ' || display_name || ' ' || must_change_password FROM staff_account WHERE username = 'zhangsan'"))
            .ShouldBe("county_admin 451027 张三 false");
        (await fixture.Database.ScalarAsync<string>("SELECT name FROM county_declared WHERE code = '451027'")).ShouldBe("凌云县");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM setup_token")).ShouldBe(0);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM setup_completed")).ShouldBe(1);
        var audit = await fixture.Database.ScalarAsync<string>(
            "SELECT summary || ' ' || after::text FROM audit_log WHERE action = 'setup.first_admin' AND subject_id = (SELECT id::text FROM staff_account WHERE username = 'zhangsan')");
        audit.ShouldContain("首次安装：创建县级管理员 zhangsan");
        audit.ShouldNotContain("Lingyun#2027");
        audit.ShouldNotContain(token);

        // Closed for good: the page is gone for the anonymous and for the new administrator alike; a second post creates nothing.
        (await anonymous.Client.GetAsync("/setup")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var again = StaffSession.Start(fixture.Factory);
        var page = await again.Client.GetAsync("/login");
        var hidden = StaffSession.HiddenInputs(await page.Content.ReadAsStringAsync()).DistinctBy(f => f.Key)
            .Concat(Form(token, "lisi").Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));
        (await again.Client.PostAsync("/setup", new FormUrlEncodedContent(hidden))).StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM staff_account")).ShouldBe(1);

        using var admin = StaffSession.Start(fixture.Factory);
        (await admin.LoginAsync("zhangsan", "Lingyun#2027")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.Client.GetAsync("/setup")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var territory = await admin.Client.GetAsync("/admin/territory");
        territory.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await territory.Content.ReadAsStringAsync()).ShouldContain("区域数据尚未导入");
        (await (await anonymous.Client.GetAsync("/login")).Content.ReadAsStringAsync()).ShouldNotContain("本系统尚未初始化");

        // Even with every county administrator gone (disabled), setup stays closed: a token issued now is refused at once.
        (await fixture.Service<GridGovernance.Web.Features.Setup.FirstRunSetup>().IssueTokenAsync(default)).ShouldBeNull();
    }
}

/// <summary>An installation that has its county administrators (the demo): /setup is not there for anyone, and issues no token.</summary>
public sealed class SetupClosedTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("admin")]
    [InlineData("gridworker")]
    public async Task Setup_answers_404_to_anonymous_and_to_every_role_and_shows_no_form(string? username)
    {
        using var session = StaffSession.Start(fixture.Factory);
        if (username is not null) await session.LoggedInAsync(username);
        var get = await session.Client.GetAsync("/setup");
        get.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await get.Content.ReadAsStringAsync()).ShouldNotContain("setup-form");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM setup_token")).ShouldBe(0);
        fixture.Factory.Log.Entries.ShouldNotContain(e => e.Category.EndsWith("SetupTokenIssuer", StringComparison.Ordinal) && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
    }
}
