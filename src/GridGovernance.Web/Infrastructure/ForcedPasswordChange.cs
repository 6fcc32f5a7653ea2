namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// An account whose password an administrator set (a new account, a reset: the login cookie says so) may open only the
/// password page until it has chosen its own: pages redirect there, APIs answer 403 in Chinese. The one-time password
/// was seen by the administrator, so it must not stay usable for work.
/// </summary>
internal sealed class ForcedPasswordChange(RequestDelegate next)
{
    public const string PasswordPage = "/account/password";

    // What such an account still needs: the password page itself, signing out, the login page, health probes.
    private static readonly string[] Allowed = [PasswordPage, "/logout", "/login", "/account/denied", "/healthz", "/readyz"];

    public Task InvokeAsync(HttpContext context)
    {
        if (CurrentStaff.From(context.User) is not { MustChangePassword: true }
            || Allowed.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            return next(context);
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs")
            || context.Request.Path.StartsWithSegments("/tiles") || context.Request.Path.StartsWithSegments("/_blazor"))
            return WriteProblemAsync(context);
        context.Response.Redirect(PasswordPage);
        return Task.CompletedTask;
    }

    private static async Task WriteProblemAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Detail = "请先修改管理员设置的初始密码（/account/password），再使用系统。",
            },
        });
    }
}
