using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;

namespace GridGovernance.Web.Features.Photos;

/// <summary>
/// A safety net: an endpoint that lets a <see cref="PhotoRejectedException"/> escape still answers with a Chinese 4xx problem
/// carrying the exception's message, never a 500. Endpoints that render a form should catch it and show the message themselves.
/// </summary>
internal sealed class PhotoRejectedExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not PhotoRejectedException rejected) return false;
        httpContext.Response.StatusCode = rejected.StatusCode;
        await ProblemDetailsSetup.Problem(rejected.StatusCode, rejected.Message).ExecuteAsync(httpContext);
        return true;
    }
}
