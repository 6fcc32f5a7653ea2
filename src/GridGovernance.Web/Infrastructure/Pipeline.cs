namespace GridGovernance.Web.Infrastructure;

internal static class Pipeline
{
    public static void UseGridGovernancePipeline(this WebApplication app)
    {
        app.UseMiddleware<RequestLogging>();
        // Unhandled errors become a Chinese problem details response, never a stack trace.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseAntiforgery();
    }
}
