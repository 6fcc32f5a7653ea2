namespace GridGovernance.Web.Features.Placards;

/// <summary>The grids' public QR codes and printable placards (二维码公示牌).</summary>
internal static class PlacardsFeature
{
    public static IEndpointRouteBuilder MapPlacards(this IEndpointRouteBuilder app) => PlacardEndpoints.Map(app);
}
