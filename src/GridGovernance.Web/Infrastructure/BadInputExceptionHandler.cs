using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// Input the app could not even read, or that PostgreSQL refused, is the client's mistake: a Chinese 4xx, never a 500.
/// The input guard (<see cref="InputGuard"/>) catches nearly all of it before any endpoint runs; this is the net behind it
/// (a form read by the antiforgery middleware, a body that breaks off while an endpoint reads it, a value the guard let pass).
/// </summary>
internal sealed class BadInputExceptionHandler(NpgsqlDataSource dataSource, ILogger<BadInputExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var answer = Classify(exception);
        if (answer is null) return false;
        if (exception is PostgresException { SqlState: var state } && state.StartsWith("22", StringComparison.Ordinal))
        {
            // Npgsql 10.0.3 (npgsql/npgsql#6391): a statement that fails while it is being auto-prepared — a NUL in a text
            // parameter fails at Bind, on exactly the execution that prepares it — leaves its connection's bookkeeping out of
            // step, and the next command on that pooled connection dies with "Received unexpected backend message DataRow".
            // The connection is back in the pool by now: clearing the pool closes it (and the other idle ones) instead of
            // handing it to the next request. Rare: the input guard refuses NUL before it reaches SQL.
            dataSource.Clear();
            logger.LogWarning("PostgreSQL refused a value ({SqlState}) for {Path}; pool cleared", state, context.Request.Path);
        }
        else
        {
            logger.LogInformation("Unreadable request to {Path}: {Status} ({Reason})", context.Request.Path, answer.Value.Status, exception.GetType().Name);
        }
        await ProblemDetailsSetup.WriteErrorAsync(context, answer.Value.Status, answer.Value.Detail);
        return true;
    }

    internal static (int Status, string Detail)? Classify(Exception exception) => exception switch
    {
        BadHttpRequestException bad => (bad.StatusCode, BadRequestDetail(bad.StatusCode)),
        InvalidDataException invalid => InputGuard.FormProblem(invalid),
        PostgresException { SqlState: "22021" or "22P05" } => (400, "提交的文字含有不允许的字符（如 NUL），请删除后重试。"),
        PostgresException { SqlState: "22008" or "22007" } => (400, "日期或时间超出允许的范围。"),
        PostgresException { SqlState: "22003" } => (400, "数值超出允许的范围。"),
        PostgresException { SqlState: "22001" } => (400, "提交的文字过长。"),
        _ => null,
    };

    private static string BadRequestDetail(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "提交的内容过大，已停止接收。",
        StatusCodes.Status408RequestTimeout => "请求内容发送过慢，已中止，请重试。",
        _ => "请求内容不完整或格式不正确（可能在发送途中中断），请重试。",
    };
}
