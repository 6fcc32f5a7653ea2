using GridGovernance.Domain.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace GridGovernance.Web.Infrastructure;

/// <summary>
/// Cookie login for staff (no ASP.NET Core Identity UI, no EF): pages redirect to /login, APIs answer 401/403 problem
/// details in Chinese, and every request re-checks the account's security stamp (see <see cref="SecurityStampCache"/>).
/// </summary>
internal static class AuthSetup
{
    /// <summary>Any signed-in staff member.</summary>
    public const string StaffPolicy = "Staff";

    /// <summary>Staff who serve a territory (not department staff): they may see that territory's households.</summary>
    public const string TerritorialStaffPolicy = "TerritorialStaff";

    /// <summary>Who manages accounts (/admin/accounts): the county administrator, and a township dispatcher for their township's field staff.</summary>
    public const string AccountAdminPolicy = "AccountAdmin";

    /// <summary>The county administrator only: the rest of /admin (departments, categories, calendar, audit).</summary>
    public const string CountyAdminPolicy = "CountyAdmin";

    public static void AddGridGovernanceAuth(this IServiceCollection services)
    {
        services.AddGridGovernanceDataProtection();
        services.AddMemoryCache();
        services.AddSingleton<SecurityStampCache>();
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "gg_auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/login";
                options.LogoutPath = "/logout";
                options.AccessDeniedPath = "/account/denied";
                options.ReturnUrlParameter = "returnUrl";
                // A field worker's phone stays signed in through a working day and the next, unless it sits unused for 3 days.
                options.ExpireTimeSpan = TimeSpan.FromDays(3);
                options.SlidingExpiration = true;
                options.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = SecurityStampCache.ValidateAsync,
                    OnRedirectToLogin = context => IsApi(context.Request)
                        ? WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "请先登录后再访问该接口（登录已失效或尚未登录）。")
                        : Redirect(context),
                    OnRedirectToAccessDenied = context => IsApi(context.Request)
                        ? WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "当前账号的角色无权访问该接口。")
                        : Redirect(context),
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(TerritorialStaffPolicy, policy => policy.RequireAuthenticatedUser()
                .RequireRole(StaffRoles.All.Where(r => r.IsTerritorial()).Select(r => r.DatabaseName())))
            .AddPolicy(AccountAdminPolicy, policy => policy.RequireAuthenticatedUser()
                .RequireRole(StaffRoles.All.Where(AccountAdministration.ManagesAccounts).Select(r => r.DatabaseName())))
            .AddPolicy(CountyAdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(StaffRole.CountyAdmin.DatabaseName()));
    }

    /// <summary>APIs are called by scripts, which cannot follow a redirect to a login page.</summary>
    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static async Task WriteProblemAsync(HttpContext httpContext, int status, string detail)
    {
        httpContext.Response.StatusCode = status;
        var problemDetails = httpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }
}
