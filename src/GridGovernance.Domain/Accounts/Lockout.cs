using GridGovernance.Domain.Calendar;

namespace GridGovernance.Domain.Accounts;

/// <summary>How many wrong passwords in a row lock an account, and for how long.</summary>
public sealed record LockoutPolicy(int MaxFailedAttempts, TimeSpan Window)
{
    public static LockoutPolicy Default { get; } = new(5, TimeSpan.FromMinutes(15));
}

/// <summary>An account's failure counter and lock, as stored.</summary>
public readonly record struct LockoutState(int FailedAttempts, DateTimeOffset? LockedUntil)
{
    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>After a wrong password: one more failure, and a lock once the limit is reached. An expired lock starts the count afresh.</summary>
    public LockoutState AfterFailure(DateTimeOffset now, LockoutPolicy policy)
    {
        var previous = LockedUntil is { } until && until <= now ? 0 : FailedAttempts;
        var failures = previous + 1;
        return failures >= policy.MaxFailedAttempts
            ? new LockoutState(failures, now + policy.Window)
            : new LockoutState(failures, LockedUntil is { } stillLocked && stillLocked > now ? stillLocked : null);
    }

    /// <summary>A right password clears the counter.</summary>
    public static LockoutState AfterSuccess => new(0, null);
}

/// <summary>The Chinese message a locked-out user sees, in Beijing time (<see cref="ChinaTime"/>).</summary>
public static class LockoutMessage
{
    public static string For(DateTimeOffset lockedUntil, DateTimeOffset now)
    {
        var when = ChinaTime.Date(lockedUntil) == ChinaTime.Date(now) ? ChinaTime.Clock(lockedUntil) : ChinaTime.Text(lockedUntil);
        return $"密码连续输错次数过多，账号已锁定，请于 {when} 后再试（北京时间）。";
    }
}
