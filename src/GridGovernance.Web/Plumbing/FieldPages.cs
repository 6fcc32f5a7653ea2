using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GridGovernance.Web.Plumbing;

/// <summary>Answers shared by the field endpoints.</summary>
internal static class FieldPages
{
    /// <summary>After a successful POST: "see the result over there" (303), so that a refresh or "back" never posts twice.</summary>
    public static IResult SeeOther(string path) => new SeeOtherResult(path);

    /// <summary>A signed-in staff member whose role has no grid of its own (a dispatcher, a cadre) opened a grid worker's page.</summary>
    public static IResult OnlyForGridStaff(CurrentStaff staff, IAntiforgery antiforgery, HttpContext context) =>
        Message(staff, antiforgery, context, StatusCodes.Status403Forbidden, "此功能供网格员和联户长使用",
            "您的账号没有固定的网格。可以在“网格案件”中查看管辖范围内的案件，或打开网格地图。");

    /// <summary>A case that does not exist or lies outside the caller's scope: the same words for both.</summary>
    public static IResult CaseNotFound(CurrentStaff staff, IAntiforgery antiforgery, HttpContext context, long caseId) =>
        Message(staff, antiforgery, context, StatusCodes.Status404NotFound, "未找到该案件",
            $"编号为 {caseId} 的案件不存在，或不在您的管辖范围内。");

    public static IResult Message(CurrentStaff staff, IAntiforgery antiforgery, HttpContext context, int status, string title, string message) =>
        new RazorComponentResult<FieldMessagePage>(new Dictionary<string, object?>
        {
            [nameof(FieldMessagePage.User)] = FieldUser.Of(staff),
            [nameof(FieldMessagePage.Antiforgery)] = FieldAntiforgery.Issue(antiforgery, context),
            [nameof(FieldMessagePage.Title)] = title,
            [nameof(FieldMessagePage.Message)] = message,
        }) { StatusCode = status };

    private sealed class SeeOtherResult(string path) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = path;
            return Task.CompletedTask;
        }
    }
}
