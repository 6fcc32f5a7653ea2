using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GridGovernance.Integration.Tests.Accounts;

public sealed class LoginTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task A_demo_grid_worker_logs_in_and_the_cookie_opens_the_staff_api()
    {
        using var session = StaffSession.Start(fixture.Factory);
        var response = await session.LoginAsync("gridworker", StaffSession.DemoPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.PathAndQuery().ShouldBe("/field");
        response.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("gg_auth=") && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));

        var me = await session.Client.GetFromJsonAsync<JsonElement>("/api/staff/me");
        me.GetProperty("username").GetString().ShouldBe("gridworker");
        me.GetProperty("role").GetString().ShouldBe("grid_worker");
        me.GetProperty("roleName").GetString().ShouldBe("网格员");
        me.GetProperty("scope").GetProperty("code").GetString().ShouldBe("451027100001001");
        me.GetProperty("scope").GetProperty("name").GetString().ShouldBe("泗城镇 解放社区第1网格");
        // The demo grid worker is the person the demo county names as that grid's worker.
        me.GetProperty("displayName").GetString().ShouldBe(await fixture.Database.ScalarAsync<string>(
            "SELECT name FROM grid_staff WHERE grid_code = '451027100001001' AND role = 'grid_worker' ORDER BY id LIMIT 1"));

        var account = await session.Client.GetStringAsync("/account");
        account.ShouldContain("网格员");
        account.ShouldContain("退出登录");
    }

    [Fact]
    public async Task Usernames_are_not_case_sensitive_and_return_urls_must_stay_on_the_site()
    {
        using var session = StaffSession.Start(fixture.Factory);
        var local = await session.LoginAsync("GridWorker", StaffSession.DemoPassword, "/account/password");
        local.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        local.Headers.Location!.PathAndQuery().ShouldBe("/account/password");

        foreach (var foreign in new[] { "https://evil.example/", "//evil.example/x", "/\\evil.example" })
        {
            using var other = StaffSession.Start(fixture.Factory);
            var response = await other.LoginAsync("gridworker", StaffSession.DemoPassword, foreign);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            response.Headers.Location!.PathAndQuery().ShouldBe("/field", $"returnUrl {foreign} 不应被采用：网格员回到自己的网格");
        }
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_Chinese_message()
    {
        using var session = StaffSession.Start(fixture.Factory);
        var wrongPassword = await session.LoginAsync("dispatcher", "not-the-password");
        var unknownUser = await session.LoginAsync("nobody", "not-the-password");

        wrongPassword.StatusCode.ShouldBe(HttpStatusCode.OK);
        unknownUser.StatusCode.ShouldBe(HttpStatusCode.OK);
        var message = await StaffSession.ErrorOn(wrongPassword);
        message.ShouldBe("用户名或密码错误。");
        (await StaffSession.ErrorOn(unknownUser)).ShouldBe(message);
        wrongPassword.Headers.TryGetValues("Set-Cookie", out var cookies).ShouldBe(cookies?.Any(c => c.StartsWith("gg_auth=")) == true);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith("gg_auth="));
        (await fixture.Database.ScalarAsync<int>("SELECT failed_attempts FROM staff_account WHERE username = 'dispatcher'")).ShouldBe(1);

        // A right password clears the count.
        await session.LoggedInAsync("dispatcher");
        (await fixture.Database.ScalarAsync<int>("SELECT failed_attempts FROM staff_account WHERE username = 'dispatcher'")).ShouldBe(0);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_password_until_the_lock_expires()
    {
        using var session = StaffSession.Start(fixture.Factory);
        for (var i = 1; i <= 4; i++)
            (await StaffSession.ErrorOn(await session.LoginAsync("cadre", $"wrong-{i}"))).ShouldBe("用户名或密码错误。");

        var fifth = await StaffSession.ErrorOn(await session.LoginAsync("cadre", "wrong-5"));
        fifth.ShouldNotBeNull();
        fifth.ShouldStartWith("密码连续输错次数过多，账号已锁定，请于 ");
        var lockedUntil = await fixture.Database.ScalarAsync<DateTime>("SELECT locked_until FROM staff_account WHERE username = 'cadre'");
        (lockedUntil - DateTime.UtcNow).TotalMinutes.ShouldBeInRange(14, 15.1);
        fifth.ShouldContain(new DateTimeOffset(lockedUntil, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(8)).ToString("HH:mm"));

        var rightButLocked = await session.LoginAsync("cadre", StaffSession.DemoPassword);
        rightButLocked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StaffSession.ErrorOn(rightButLocked)).ShouldBe(fifth);

        // The window passes (moved into the past here rather than waiting 15 minutes).
        await fixture.Database.ScalarAsync<int>("WITH u AS (UPDATE staff_account SET locked_until = now() - interval '1 second' WHERE username = 'cadre' RETURNING 1) SELECT count(*)::int FROM u");
        await session.LoggedInAsync("cadre");
        (await fixture.Database.ScalarAsync<int>("SELECT failed_attempts FROM staff_account WHERE username = 'cadre'")).ShouldBe(0);
    }

    [Fact]
    public async Task Logging_out_ends_the_session()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        (await session.Client.GetAsync("/api/staff/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var accountPage = await session.Client.GetStringAsync("/account");
        var token = StaffSession.HiddenInputs(accountPage).First(f => f.Key == "__RequestVerificationToken");
        var logout = await session.Client.PostAsync("/logout", new FormUrlEncodedContent([token]));

        logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        logout.Headers.Location!.OriginalString.ShouldStartWith("/login");
        (await session.Client.GetAsync("/api/staff/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_logout_without_an_antiforgery_token_is_refused_and_the_session_stays()
    {
        using var session = await StaffSession.Start(fixture.Factory).LoggedInAsync("gridworker");
        var logout = await session.Client.PostAsync("/logout", new FormUrlEncodedContent([]));
        logout.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await session.Client.GetAsync("/api/staff/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_login_post_without_an_antiforgery_token_is_refused_with_400()
    {
        using var session = StaffSession.Start(fixture.Factory);
        var response = await session.Client.PostAsync("/login", new FormUrlEncodedContent(
        [
            new("_handler", "login"), new("Input.Username", "gridworker"), new("Input.Password", StaffSession.DemoPassword),
        ]));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith("gg_auth="));
    }

    [Fact]
    public async Task The_staff_api_without_a_cookie_answers_401_problem_json_in_Chinese_not_a_redirect()
    {
        using var session = StaffSession.Start(fixture.Factory);
        foreach (var path in new[] { "/api/staff/me", "/api/staff/households/4510271000010010001" })
        {
            var response = await session.Client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            problem.GetProperty("status").GetInt32().ShouldBe(401);
            problem.GetProperty("title").GetString().ShouldBe("请先登录");
            problem.GetProperty("detail").GetString()!.ShouldContain("登录");
        }
    }

    [Fact]
    public async Task A_staff_page_without_a_cookie_redirects_to_the_login_page_keeping_the_return_url()
    {
        using var session = StaffSession.Start(fixture.Factory);
        var response = await session.Client.GetAsync("/account/password");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.PathAndQuery().ShouldBe("/login?returnUrl=%2Faccount%2Fpassword");
    }

    [Fact]
    public async Task Changing_the_password_retires_the_old_one_and_signs_out_other_sessions_but_not_this_one()
    {
        using var phone = await StaffSession.Start(fixture.Factory).LoggedInAsync("leader");
        using var desk = await StaffSession.Start(fixture.Factory).LoggedInAsync("leader");

        var tooShort = await phone.SubmitFormAsync("/account/password",
            ("Input.OldPassword", StaffSession.DemoPassword), ("Input.NewPassword", "short"), ("Input.Confirmation", "short"));
        (await StaffSession.ErrorOn(tooShort)).ShouldBe("新密码至少 8 个字符。", $"{tooShort.StatusCode} {await tooShort.Content.ReadAsStringAsync()}");
        var wrongOld = await phone.SubmitFormAsync("/account/password",
            ("Input.OldPassword", "not-it"), ("Input.NewPassword", "Leader#2027"), ("Input.Confirmation", "Leader#2027"));
        (await StaffSession.ErrorOn(wrongOld)).ShouldBe("原密码不正确。");
        (await desk.Client.GetAsync("/api/staff/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "未成功的修改不影响其他会话");

        var changed = await phone.SubmitFormAsync("/account/password",
            ("Input.OldPassword", StaffSession.DemoPassword), ("Input.NewPassword", "Leader#2027"), ("Input.Confirmation", "Leader#2027"));
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await changed.Content.ReadAsStringAsync()).ShouldContain("密码已修改");

        (await phone.Client.GetAsync("/api/staff/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "本设备的会话已重新签发");
        (await desk.Client.GetAsync("/api/staff/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "其他会话因安全戳变化而失效");

        using var fresh = StaffSession.Start(fixture.Factory);
        (await StaffSession.ErrorOn(await fresh.LoginAsync("leader", StaffSession.DemoPassword))).ShouldBe("用户名或密码错误。");
        await fresh.LoggedInAsync("leader", "Leader#2027");
    }
}

internal static class UriExtensions
{
    public static string PathAndQuery(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
