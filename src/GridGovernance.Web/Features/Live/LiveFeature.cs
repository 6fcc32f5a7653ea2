using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Live;

/// <summary>Live updates (issue 5): so far the outbox (migration 0012) and the catch-up API; the SignalR hub comes next.</summary>
internal static class LiveFeature
{
    public static void MapLive(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/events", EventsEndpoint.GetAsync).RequireAuthorization(AuthSetup.StaffPolicy);
}
