using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// RFC 9457 problem details with a Chinese title AND detail, for every error the app answers: the API's own problems, the
/// framework's (404 no route, 405 method, 415, a binding failure's 400 — these come without a body and get one here through
/// the status code pages), and refused input. A browser asking for a page gets the same message as a small Chinese page.
/// </summary>
internal static class ProblemDetailsSetup
{
    private static readonly Dictionary<int, string> ChineseTitles = new()
    {
        [400] = "请求参数有误",
        [401] = "请先登录",
        [403] = "无权访问",
        [404] = "未找到",
        [405] = "不支持该请求方法",
        [406] = "无法提供所需格式",
        [408] = "请求超时",
        [409] = "数据冲突",
        [411] = "缺少内容长度",
        [413] = "内容过大",
        [414] = "请求地址过长",
        [415] = "不支持的内容类型",
        [422] = "数据无法处理",
        [429] = "请求过于频繁",
        [431] = "请求头过大",
        [500] = "服务器内部错误",
        [503] = "服务暂不可用",
    };

    /// <summary>What a status means to the person who got it, when the code that answered gave no reason of its own.</summary>
    private static readonly Dictionary<int, string> ChineseDetails = new()
    {
        [400] = "请求的参数或内容格式不正确，请检查后重试。",
        [401] = "此功能需要登录，请先登录后再试。",
        [403] = "您的账号无权进行此操作。",
        [404] = "请求的地址不存在，或所需的内容已不可用。",
        [405] = "该地址不支持这种请求方法。",
        [406] = "无法按请求的格式提供内容。",
        [408] = "请求发送时间过长，已中止，请重试。",
        [409] = "数据已被他人修改，请刷新后重试。",
        [411] = "请求缺少内容长度（Content-Length）。",
        [413] = "提交的内容过大，已停止接收。",
        [414] = "请求地址（含查询参数）过长，请缩短后重试。",
        [415] = "请求内容的类型不受支持，请检查 Content-Type。",
        [422] = "提交的数据无法处理。",
        [429] = "请求过于频繁，请稍后再试。",
        [431] = "请求头过大。",
        [500] = "服务器处理请求时出错，请稍后重试。如问题持续，请联系管理员。",
        [503] = "服务暂时不可用，请稍后重试。",
    };

    public static void AddGridGovernanceProblemDetails(this IServiceCollection services)
    {
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddExceptionHandler<BadInputExceptionHandler>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (ChineseTitles.TryGetValue(status, out var title) && (problem.Title is null || IsEnglish(problem.Title)))
                problem.Title = title;
            // An unhandled exception never shows its own text (it may hold SQL or personal data); a deliberate 503 keeps its detail.
            if (context.Exception is not null || (status == 500 && problem.Detail is null))
                problem.Detail = ChineseDetails[500];
            else if (problem.Detail is null || IsEnglish(problem.Detail))
                problem.Detail = DetailFor(status);
            // The framework's "type" links point to an English RFC section; the status says the same.
            if (problem.Type is { } type && type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal)) problem.Type = null;
        });
    }

    /// <summary>A problem with the Chinese title for its status and the given detail.</summary>
    public static IResult Problem(int status, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(new ProblemDetails
        {
            Status = status,
            Title = TitleFor(status),
            Detail = detail,
            Extensions = extensions ?? new Dictionary<string, object?>(),
        });

    public static string TitleFor(int status) => ChineseTitles.GetValueOrDefault(status, status >= 500 ? "服务器错误" : "请求失败");

    public static string DetailFor(int status) =>
        ChineseDetails.GetValueOrDefault(status, status >= 500 ? ChineseDetails[500] : "请求未能完成，请检查后重试。");

    /// <summary>
    /// Writes an error the way the caller reads it: a Chinese page for a browser asking for a page, else problem details JSON.
    /// Used by the status code pages (empty framework answers), the input guard and the bad-input exception handler.
    /// </summary>
    public static async Task WriteErrorAsync(HttpContext context, int status, string? detail = null,
        IDictionary<string, object?>? extensions = null)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = status;
        detail ??= DetailFor(status);
        if (WantsPage(context.Request))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(ErrorPageHtml(TitleFor(status), detail));
            return;
        }
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        var problem = new ProblemDetails { Status = status, Title = TitleFor(status), Detail = detail };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>()) problem.Extensions[key] = value;
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            // A client that accepts neither JSON nor HTML still gets the Chinese text.
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"{problem.Title}：{detail}");
        }
    }

    /// <summary>The status code pages' answer: every 4xx/5xx without a body gets the Chinese problem (or page) for its status.</summary>
    public static void UseChineseStatusCodePages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context => WriteErrorAsync(context.HttpContext, context.HttpContext.Response.StatusCode));

    /// <summary>Pages are what a browser navigates to; the API, tiles, hubs and framework paths always answer JSON.</summary>
    internal static bool WantsPage(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/tiles") || path.StartsWithSegments("/hubs")
            || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_blazor"))
            return false;
        return request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }

    private static string ErrorPageHtml(string title, string detail)
    {
        var encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        return $"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>{encoder.Encode(title)} · 网格治理</title>
                <link rel="stylesheet" href="/css/site.css" />
            </head>
            <body>
                <main class="error-page">
                    <h1>{encoder.Encode(title)}</h1>
                    <p role="alert">{encoder.Encode(detail)}</p>
                    <p><a href="/">返回首页</a></p>
                </main>
            </body>
            </html>
            """;
    }

    private static bool IsEnglish(string text) => text.Length > 0 && text.All(c => c < 128);
}
