using GridGovernance.Web.Features.Notices;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using GridGovernance.Web.Features.Accounts;
using GridGovernance.Web.Features.Admin;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Features.Departments;
using GridGovernance.Web.Features.Dispatch;
using GridGovernance.Web.Features.Field;
using GridGovernance.Web.Features.GridEditing;
using GridGovernance.Web.Features.Health;
using GridGovernance.Web.Features.Inbox;
using GridGovernance.Web.Features.Intake;
using GridGovernance.Web.Features.Live;
using GridGovernance.Web.Features.Locate;
using GridGovernance.Web.Components;
using GridGovernance.Web.Features.Map;
using GridGovernance.Web.Features.Territory;
using GridGovernance.Web.Features.Setup;
using GridGovernance.Web.Features.Metrics;
using GridGovernance.Web.Infrastructure.Settings;
using GridGovernance.Web.Features.Photos;
using GridGovernance.Web.Features.Placards;
using GridGovernance.Web.Features.Stats;
using GridGovernance.Web.Features.Supervision;
using GridGovernance.Web.Features.Tiles;

namespace GridGovernance.Web.Infrastructure;

/// <summary>The one place that lists every feature: read this to see what the app does.</summary>
internal static class FeatureRegistration
{
    public static void AddGridGovernanceFeatures(this WebApplicationBuilder builder)
    {
        builder.Services.AddGridGovernanceProblemDetails();
        builder.Services.AddGridGovernanceJson();
        builder.Services.AddAntiforgery();
        // Razor would otherwise write every Chinese character as &#x…; — valid, but it triples page size on a weak link.
        builder.Services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        // Static server rendering for every page; interactive server components only where a page asks for them (@rendermode).
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Blazor's script (/_framework/blazor.web.js) is a static web asset of the framework's package: a publish copies it into
        // wwwroot, a build serves it through the build's manifest — which ASP.NET Core reads only in Development unless asked.
        // (No manifest, as in a publish: nothing to add.)
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddGridGovernanceSettings();
        builder.Services.AddGridGovernanceMetrics();
        builder.Services.AddAccounts();
        builder.Services.AddLocate();
        builder.Services.AddTiles();
        builder.Services.AddMapFeature();
        builder.Services.AddPhotos();
        builder.Services.AddCases();
        builder.Services.AddIntake();
        builder.Services.AddField();
        builder.Services.AddDispatch();
        builder.Services.AddSupervision();
        builder.Services.AddInbox();
        builder.Services.AddLive();
        builder.Services.AddSetup();
        builder.Services.AddAdmin();
        builder.Services.AddGridEditing();
        builder.Services.AddTerritory();
        builder.Services.AddStats();
        builder.Services.AddNotices();
    }

    public static void MapGridGovernanceFeatures(this WebApplication app)
    {
        app.MapHealth();
        app.MapLocate();
        app.MapAccounts();
        app.MapTiles();
        app.MapMapApi();
        app.MapPlacards();
        app.MapCases();
        app.MapIntake();
        app.MapField();
        app.MapDispatch();
        app.MapLive();
        app.MapDepartments();
        app.MapInbox();
        app.MapStats();
        app.MapTerritory();
        app.MapGridEditing();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
