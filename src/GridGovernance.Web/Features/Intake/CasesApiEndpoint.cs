using System.Text.Json;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Cases;
using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Intake;

/// <summary>The JSON body of POST /api/cases (Open311-style clients and other channels).</summary>
internal sealed record CaseApiRequest(
    string? GridCode, string? RequestType, string? Category, string? Description, double? Longitude, double? Latitude, string? Phone);

internal sealed record CaseApiResponse(string Number, string TrackingUrl);

/// <summary>
/// POST /api/cases: public, rate limited per client and per grid, requires an Idempotency-Key header (a retry with the same key returns the same case
/// and link). The same validation as the resident's page; errors are Chinese problem details with an `errors` map by field.
/// </summary>
internal static class CasesApiEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapCasesApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/cases", HandleAsync).WithMetadata(PublicSubmissionMetadata.Instance);

    private static async Task<IResult> HandleAsync(HttpContext context, CaseIntake intake, ApiGridLimiter gridLimiter, CancellationToken ct)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
            return ProblemDetailsSetup.Problem(StatusCodes.Status415UnsupportedMediaType, "请求体须为 JSON（Content-Type: application/json）。");
        var key = request.Headers["Idempotency-Key"].ToString();
        if (key.Length == 0)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "缺少 Idempotency-Key 请求头：请为每个新诉求生成一个唯一键，重试时沿用。");

        CaseApiRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<CaseApiRequest>(request.Body, Json, ct);
        }
        catch (JsonException)
        {
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "请求体不是有效的 JSON，或字段类型不对。");
        }
        if (body is null) return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "请求体为空。");
        if (body.GridCode is { Length: > 0 } grid && gridLimiter.TryAcquire(grid) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ProblemDetailsSetup.Problem(StatusCodes.Status429TooManyRequests, $"该网格的提交过于频繁，请 {IntakeRateLimits.WaitText(seconds)}后再试。");
        }

        var result = await intake.SubmitAsync(new IntakeRequest(CaseSource.External, key, body.GridCode, body.RequestType, body.Category,
            body.Description, body.Longitude, body.Latitude, body.Phone, [], ActorKind: "system", ActorRole: "external"), ct);
        switch (result)
        {
            case IntakeResult.Accepted accepted:
                var url = TrackingToken.UrlOf(context, accepted.TrackingToken);
                if (accepted.Replayed) context.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Created(url, new CaseApiResponse(accepted.CaseNumber, url));
            case IntakeResult.Invalid invalid:
                return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, string.Join(" ", invalid.Errors.Values),
                    new Dictionary<string, object?> { ["errors"] = invalid.Errors });
            default:
                throw new InvalidOperationException("Unknown intake result");
        }
    }
}
