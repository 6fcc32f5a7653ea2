using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Features.Intake;

/// <summary>
/// The per-grid limit for POST /api/cases. The form posts are limited per grid by the global limiter, which reads the grid
/// from the route before the body is read; the API names its grid inside the JSON body, so its handler asks this limiter once
/// the body is parsed. Same budget (GridGov:RateLimits:PerGridPerHour), counted separately per channel.
/// </summary>
internal sealed class ApiGridLimiter(IOptions<IntakeRateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(grid =>
        RateLimitPartition.GetFixedWindowLimiter(grid, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.PerGridPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0,
        }));

    /// <summary>Null when the grid may take one more submission; otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(string gridCode)
    {
        using var lease = _limiter.AttemptAcquire(gridCode);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromHours(1);
    }

    public void Dispose() => _limiter.Dispose();
}
