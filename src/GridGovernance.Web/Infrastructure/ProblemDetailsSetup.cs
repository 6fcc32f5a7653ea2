using Microsoft.AspNetCore.Mvc;

namespace GridGovernance.Web.Infrastructure;

/// <summary>RFC 9457 problem details with Chinese titles, for every error the API returns.</summary>
internal static class ProblemDetailsSetup
{
    private static readonly Dictionary<int, string> ChineseTitles = new()
    {
        [400] = "请求参数有误",
        [401] = "请先登录",
        [403] = "无权访问",
        [404] = "未找到",
        [405] = "不支持该请求方法",
        [409] = "数据冲突",
        [413] = "内容过大",
        [415] = "不支持的内容类型",
        [422] = "数据无法处理",
        [429] = "请求过于频繁",
        [500] = "服务器内部错误",
        [503] = "服务暂不可用",
    };

    public static void AddGridGovernanceProblemDetails(this IServiceCollection services)
    {
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (ChineseTitles.TryGetValue(status, out var title) && (problem.Title is null || IsDefaultEnglishTitle(problem)))
                problem.Title = title;
            // An unhandled exception never shows its own text (it may hold SQL or personal data); a deliberate 503 keeps its detail.
            if (context.Exception is not null || (status == 500 && problem.Detail is null))
                problem.Detail = "服务器处理请求时出错，请稍后重试。如问题持续，请联系管理员。";
        });
    }

    /// <summary>A problem with the Chinese title for its status and the given detail.</summary>
    public static IResult Problem(int status, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(new ProblemDetails
        {
            Status = status,
            Title = ChineseTitles.GetValueOrDefault(status, "请求失败"),
            Detail = detail,
            Extensions = extensions ?? new Dictionary<string, object?>(),
        });

    private static bool IsDefaultEnglishTitle(ProblemDetails problem) =>
        problem.Title is { } t && t.Length > 0 && t.All(c => c < 128);
}
