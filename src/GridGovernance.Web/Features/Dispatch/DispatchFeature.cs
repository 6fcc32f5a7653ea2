using GridGovernance.Web.Features.Dispatch.Console;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Settings;

namespace GridGovernance.Web.Features.Dispatch;

/// <summary>
/// 乡镇吹哨、部门报到: staff actions on cases and work orders (the state machines of Domain/Cases, in one transaction each), and
/// the dispatcher's console /dispatch (Console/) that acts through them.
/// </summary>
internal static class DispatchFeature
{
    public static IServiceCollection AddDispatch(this IServiceCollection services)
    {
        services.AddSettings<DispatchOptions>(DispatchOptions.Section);
        services.AddSingleton<CaseActionService>();
        services.AddSingleton<WorkOrderActionService>();
        services.AddSingleton<CaseDeskService>();
        services.AddSingleton<CaseBatchService>();
        services.AddSingleton<OrderAssignmentService>();
        return services;
    }

    public static void MapDispatch(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/staff").RequireAuthorization(AuthSetup.StaffPolicy);
        staff.MapDispatchActions();
        app.MapConsole();
    }
}
