using GridGovernance.Web.Features.Metrics;

namespace GridGovernance.Web.Infrastructure;

internal static class Pipeline
{
    public static void UseGridGovernancePipeline(this WebApplication app)
    {
        // First: the client's address and scheme as nginx saw them (when configured), for logs and per-client limits.
        app.UseTrustedProxies();
        // /metrics for loopback and the configured networks only (Features/Metrics), before request logging.
        app.UseMetricsEndpoint();
        app.UseGridGovernanceRequestLogging();
        // Unhandled errors become a Chinese problem details response, never a stack trace.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        // Public submissions are counted per client and per grid (Features/Intake/IntakeRateLimits); other requests pass.
        app.UseRateLimiter();
        // Static files need no login; antiforgery must come after authentication so its tokens are tied to the signed-in user.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }
}
