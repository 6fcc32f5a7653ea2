using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;
using GridGovernance.Web.Features.Accounts;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// The current security stamp of each account, read from the database at most every few seconds per account and instance
/// (GridGov:Auth:StampCacheSeconds, default 30). A password change rotates the stamp and evicts the entry here at once, so on
/// this instance other sessions end on their next request; on other instances within the cache time.
/// </summary>
internal sealed class SecurityStampCache(NpgsqlDataSource dataSource, IMemoryCache cache, IOptions<AccountSettings> settings)
{
    private sealed record Entry(string? Stamp);

    private TimeSpan Lifetime => TimeSpan.FromSeconds(settings.Value.StampCacheSeconds);

    /// <summary>The stamp of an enabled account, or null when the account is gone or disabled.</summary>
    public async Task<string?> CurrentStampAsync(long accountId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(Key(accountId), out Entry? cached) && cached is not null) return cached.Stamp;
        await using var command = dataSource.CreateCommand("SELECT security_stamp::text FROM staff_account WHERE id = $1 AND NOT disabled");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });
        var stamp = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (Lifetime > TimeSpan.Zero) cache.Set(Key(accountId), new Entry(stamp), Lifetime);
        return stamp;
    }

    public void Forget(long accountId) => cache.Remove(Key(accountId));

    private static string Key(long accountId) => "gg:stamp:" + accountId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Cookie event: a cookie whose stamp is no longer the account's is rejected and deleted.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var staff = CurrentStaff.From(context.Principal);
        var stamps = context.HttpContext.RequestServices.GetRequiredService<SecurityStampCache>();
        if (staff is not null && await stamps.CurrentStampAsync(staff.Id, context.HttpContext.RequestAborted) == staff.SecurityStamp) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
