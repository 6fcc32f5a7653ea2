using GridGovernance.Domain.Accounts;

namespace GridGovernance.Domain.Tests.Accounts;

public sealed class LockoutTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero); // 10:00 in Beijing
    private static readonly LockoutPolicy Policy = LockoutPolicy.Default;

    [Fact]
    public void The_fifth_wrong_password_in_a_row_locks_the_account_for_fifteen_minutes()
    {
        var state = new LockoutState(0, null);
        for (var i = 1; i <= 4; i++)
        {
            state = state.AfterFailure(Now, Policy);
            state.FailedAttempts.ShouldBe(i);
            state.IsLocked(Now).ShouldBeFalse();
        }
        state = state.AfterFailure(Now, Policy);
        state.IsLocked(Now).ShouldBeTrue();
        state.LockedUntil.ShouldBe(Now.AddMinutes(15));
        state.IsLocked(Now.AddMinutes(15)).ShouldBeFalse();
    }

    [Fact]
    public void A_right_password_clears_the_counter()
    {
        LockoutState.AfterSuccess.ShouldBe(new LockoutState(0, null));
        var state = new LockoutState(4, null).AfterFailure(Now, Policy);
        state.IsLocked(Now).ShouldBeTrue("计数未清零时第 5 次失败就锁定");
        LockoutState.AfterSuccess.AfterFailure(Now, Policy).FailedAttempts.ShouldBe(1);
    }

    [Fact]
    public void After_a_lock_expires_the_count_starts_again_from_one()
    {
        var expired = new LockoutState(5, Now.AddSeconds(-1));
        var next = expired.AfterFailure(Now, Policy);
        next.FailedAttempts.ShouldBe(1);
        next.IsLocked(Now).ShouldBeFalse();
        next.LockedUntil.ShouldBeNull();
    }

    [Fact]
    public void The_lockout_message_is_Chinese_and_says_when_it_unlocks_in_Beijing_time()
    {
        LockoutMessage.For(Now.AddMinutes(15), Now).ShouldBe("密码连续输错次数过多，账号已锁定，请于 10:15 后再试（北京时间）。");
        // Past midnight in Beijing the date is named too.
        LockoutMessage.For(new DateTimeOffset(2026, 11, 22, 16, 5, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 22, 15, 55, 0, TimeSpan.Zero))
            .ShouldContain("11月23日 00:05");
    }

    [Theory]
    [InlineData("gridworker", "short1", "short1", "至少 8 个字符")]
    [InlineData("gridworker", "longenough1", "longenough2", "不一致")]
    [InlineData("gridworker", "GridWorker", "GridWorker", "不能与用户名相同")]
    [InlineData("gridworker", "", "", "请输入新密码")]
    public void A_new_password_is_refused_with_the_reason(string username, string password, string confirmation, string reason) =>
        PasswordRules.Problem(username, password, confirmation).ShouldNotBeNull().ShouldContain(reason);

    [Fact]
    public void A_new_password_of_eight_characters_that_is_not_the_username_is_accepted() =>
        PasswordRules.Problem("gridworker", "Grid@2027", "Grid@2027").ShouldBeNull();
}
