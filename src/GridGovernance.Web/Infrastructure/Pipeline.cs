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
        // CSP, nosniff, framing and referrer headers on every answer, errors included.
        app.UseMiddleware<SecurityHeaders>();
        // Unhandled errors become a Chinese problem details response, never a stack trace; unreadable input a Chinese 4xx.
        app.UseExceptionHandler();
        // Any 4xx/5xx without a body (no route, wrong method, a binding failure) gets the Chinese problem or page for its status.
        app.UseChineseStatusCodePages();
        app.UseStaticFiles();
        // A WebSocket from another site's page would carry the user's cookie: refused before anything else looks at it.
        app.UseMiddleware<SocketOriginCheck>();
        // Public submissions are counted per client and per grid (Features/Intake/IntakeRateLimits); other requests pass.
        app.UseRateLimiter();
        // Static files need no login; antiforgery must come after authentication so its tokens are tied to the signed-in user.
        app.UseAuthentication();
        // An account with an administrator's one-time password may open nothing but the password page until it has changed it.
        app.UseMiddleware<ForcedPasswordChange>();
        app.UseAuthorization();
        // After authorization (an anonymous client cannot make the app buffer a staff form), before anything reads the body.
        app.UseMiddleware<InputGuard>();
        app.UseAntiforgery();
    }
}
