using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace GridGovernance.Web.Features.Accounts;

/// <summary>POST /logout from the user menu's form: a POST with an antiforgery token, so another site cannot sign a user out.</summary>
internal static class LogoutEndpoint
{
    public static async Task<IResult> PostAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "表单已过期或来源无效，请刷新页面后重试。");
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/login?loggedOut=1");
    }
}
