using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// When PostgreSQL is restarting or unreachable, or every pooled connection is busy for longer than the pool waits, a request gets 503 with Retry-After and a Chinese problem, not a 500: the
/// client may simply try again (submissions carry idempotency keys). The idle pooled connections are dropped at the same
/// time, since after a restart every one of them is dead and would fail one more request each.
/// </summary>
internal sealed class DatabaseUnavailableHandler(NpgsqlDataSource dataSource, IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!IsUnavailable(exception)) return false;
        logger.LogWarning("Database unavailable for {Endpoint}: {Message}", RequestLogging.EndpointOf(context), exception.Message);
        // A timeout (an exhausted pool, a slow statement) leaves the pool's connections good; a server that went away does not.
        if (!HasTimeout(exception)) dataSource.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = 503, Detail = "数据库暂时不可用（可能正在重启），请几秒后重试；已提交的内容不会丢失。" },
        });
    }

    private static bool HasTimeout(Exception? exception) =>
        exception is not null && (exception is TimeoutException || HasTimeout(exception.InnerException));

    /// <summary>The server went away (shutdown, crash, network) rather than refusing this statement.</summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException p => p.SqlState is "57P01" or "57P02" or "57P03" || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.IsTransient,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };
}
