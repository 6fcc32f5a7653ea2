using System.Net;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace GridGovernance.Integration.Tests.Accounts;

/// <summary>The app with a login throttle of three attempts a minute per client address.</summary>
public sealed class ThrottledLoginFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public ThrottledAppFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithDemoCountyAsync();
        Factory = new ThrottledAppFactory(Database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    public sealed class ThrottledAppFactory(string connectionString) : GridGovAppFactory(connectionString)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("GridGov:RateLimits:LoginPerClientPerMinute", "3");
        }
    }
}

public sealed class LoginThrottleTests(ThrottledLoginFixture fixture) : IClassFixture<ThrottledLoginFixture>
{
    [Fact]
    public async Task One_address_trying_passwords_on_many_accounts_is_slowed_down_with_a_chinese_429()
    {
        using var session = StaffSession.Start(fixture.Factory);
        foreach (var username in new[] { "admin", "dispatcher", "cadre" })
            (await session.LoginAsync(username, "guess-1")).StatusCode.ShouldBe(HttpStatusCode.OK, "前三次尝试应正常处理（密码错误）");

        var throttled = await session.LoginAsync("gridworker", StaffSession.DemoPassword);
        throttled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter.ShouldNotBeNull();
        (await throttled.Content.ReadAsStringAsync()).ShouldContain("登录尝试过于频繁");
        // The throttle answered before the password was checked: no account collected a failure from it.
        (await fixture.Database.ScalarAsync<int>("SELECT failed_attempts FROM staff_account WHERE username = 'gridworker'")).ShouldBe(0);
        // Reading the login page is not an attempt.
        (await session.Client.GetAsync("/login")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
