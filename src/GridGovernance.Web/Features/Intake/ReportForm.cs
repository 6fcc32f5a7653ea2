namespace GridGovernance.Web.Features.Intake;

/// <summary>What the resident typed, kept to re-render the form after an error (files cannot be kept by a browser).</summary>
public sealed record ReportFormValues(
    string? RequestType = null, string? Category = null, string? Description = null, string? Phone = null,
    string? Longitude = null, string? Latitude = null, int PhotoCount = 0, bool CallBack = false,
    bool ResolveNow = false, string? ResolveNote = null);
