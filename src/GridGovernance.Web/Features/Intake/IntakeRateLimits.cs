using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Settings;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Features.Intake;

/// <summary>Limits for public submissions (configuration section GridGov:RateLimits).</summary>
internal sealed class IntakeRateLimitOptions
{
    public const string Section = "GridGov:RateLimits";

    /// <summary>Submissions per client IP per minute: a person reports a few things, a script reports hundreds.</summary>
    [Range(1, 10_000_000)]
    public int PerClientPerMinute { get; set; } = 10;

    /// <summary>Submissions per grid per hour: a placard copied onto a spam site must not flood one grid worker.</summary>
    [Range(1, 10_000_000)]
    public int PerGridPerHour { get; set; } = 120;

    /// <summary>
    /// Login attempts per client IP per minute. The per-account lockout stops guessing one password; this stops one address
    /// trying one password on many accounts. A township office behind one NAT logs in a few times a minute, not dozens.
    /// </summary>
    [Range(1, 10_000_000)]
    public int LoginPerClientPerMinute { get; set; } = 20;
}

/// <summary>Marks an endpoint as a public submission, which the global limiter counts.</summary>
internal sealed class PublicSubmissionMetadata
{
    public static readonly PublicSubmissionMetadata Instance = new();
}

/// <summary>
/// ASP.NET Core rate limiting for public submissions and login attempts: a chained global limiter (submissions per client IP,
/// then per grid from the route's {gridCode}; login posts per client IP) that lets every other request through untouched. Behind a reverse proxy the client IP is only right once
/// forwarded headers are configured for that proxy.
/// </summary>
internal static class IntakeRateLimits
{
    public static IServiceCollection AddIntakeRateLimits(this IServiceCollection services)
    {
        services.AddSettings<IntakeRateLimitOptions>(IntakeRateLimitOptions.Section);
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                {
                    if (!IsPublicSubmission(context)) return RateLimitPartition.GetNoLimiter("other");
                    var limits = context.RequestServices.GetRequiredService<IOptions<IntakeRateLimitOptions>>().Value;
                    var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                    return RateLimitPartition.GetFixedWindowLimiter("ip:" + client, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PerClientPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                    });
                }),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                {
                    if (!IsPublicSubmission(context) || context.Request.RouteValues["gridCode"] is not string grid)
                        return RateLimitPartition.GetNoLimiter("other");
                    var limits = context.RequestServices.GetRequiredService<IOptions<IntakeRateLimitOptions>>().Value;
                    return RateLimitPartition.GetFixedWindowLimiter("grid:" + grid, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PerGridPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0,
                    });
                }),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                {
                    if (!IsLoginAttempt(context)) return RateLimitPartition.GetNoLimiter("other");
                    var limits = context.RequestServices.GetRequiredService<IOptions<IntakeRateLimitOptions>>().Value;
                    var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                    return RateLimitPartition.GetFixedWindowLimiter("login:" + client, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.LoginPerClientPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                    });
                }));
            options.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    private static bool IsPublicSubmission(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<PublicSubmissionMetadata>() is not null;

    private static bool IsLoginAttempt(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase);

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var login = IsLoginAttempt(context);
        var message = login ? $"登录尝试过于频繁，请 {WaitText(seconds)}后再试。" : $"提交过于频繁，请 {WaitText(seconds)}后再试。";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await ProblemDetailsSetup.Problem(StatusCodes.Status429TooManyRequests, message).ExecuteAsync(context);
            return;
        }
        // The resident's page posts a form: answer with a page, not JSON. The message is our own text, no input in it.
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>请求过于频繁 · 网格治理</title><link rel="stylesheet" href="/css/site.css"><link rel="stylesheet" href="/css/report.css"></head>
            <body><main class="report"><h1>请求过于频繁</h1><p class="report-error-summary" role="alert">{message}</p>
            <p>{(login ? "如忘记密码，请联系县级管理员重置。" : "您填写的内容已保存在本机（如浏览器允许），返回上一页即可重新提交。")}</p></main></body></html>
            """, ct);
    }

    internal static string WaitText(int seconds) => seconds < 90 ? $"{seconds} 秒" : $"{(seconds + 59) / 60} 分钟";
}
