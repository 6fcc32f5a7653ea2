using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GridGovernance.Web.Features.Accounts;

/// <summary>Staff accounts: login/logout/password pages (Razor components in this folder) and the scoped staff API.</summary>
internal static class AccountsFeature
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddGridGovernanceAuth();
        services.AddSettings<AccountSettings>(AccountSettings.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IPasswordHasher<StaffAccount>, PasswordHasher<StaffAccount>>();
        services.AddSingleton<LoginService>();
        services.AddSingleton<PasswordChangeService>();
        return services;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/logout", LogoutEndpoint.PostAsync).WithName("Logout").ExcludeFromDescription();
        var staff = app.MapGroup("/api/staff").RequireAuthorization(AuthSetup.StaffPolicy);
        staff.MapGet("/me", StaffMeEndpoint.GetAsync).WithName("GetCurrentStaff");
        staff.MapGet("/households/{code}", HouseholdCardEndpoint.GetAsync).WithName("GetStaffHouseholdCard")
            .RequireAuthorization(AuthSetup.TerritorialStaffPolicy);
        // The same card as markup, for the field map (the server renders it; the page puts it in).
        staff.MapGet("/households/{code}/card", HouseholdCardEndpoint.GetHtmlAsync).WithName("GetStaffHouseholdCardHtml")
            .RequireAuthorization(AuthSetup.TerritorialStaffPolicy).ExcludeFromDescription();
        // 查看/拨打 on the card: the full number, audited (phone.reveal).
        staff.MapPost("/households/{code}/phone", HouseholdPhoneReveal.RevealAsync).WithName("RevealStaffHouseholdPhone")
            .RequireAuthorization(AuthSetup.TerritorialStaffPolicy).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }
}
