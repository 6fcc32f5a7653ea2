using Microsoft.AspNetCore.Antiforgery;

namespace GridGovernance.Web.Plumbing;

/// <summary>The antiforgery form field for a field page's forms (logout, report, resolve), issued by the endpoint that renders it.</summary>
public sealed record FieldAntiforgery(string FieldName, string Token)
{
    internal static FieldAntiforgery Issue(IAntiforgery antiforgery, HttpContext context)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new FieldAntiforgery(tokens.FormFieldName, tokens.RequestToken!);
    }
}
