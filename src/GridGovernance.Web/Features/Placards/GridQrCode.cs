using GridGovernance.Web.Infrastructure;
using QRCoder;

namespace GridGovernance.Web.Features.Placards;

/// <summary>
/// The QR code of a grid's public page. Error correction Q (25 %): a placard on an outdoor wall gets dirty, faded and torn,
/// and the URL is short, so the denser code still scans from a phone at arm's length.
/// </summary>
internal static class GridQrCode
{
    /// <summary>The absolute URL of /g/{gridCode}: GridGov:PublicBaseUrl when set (behind a proxy the request's host is internal), else the request's.</summary>
    public static string GridUrl(HttpRequest request, GridGovOptions options, string gridCode)
    {
        var baseUrl = options.PublicBase()
                      ?? $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}";
        return $"{baseUrl}/g/{gridCode}";
    }

    /// <summary>An SVG that scales to its container (viewBox only), black on white with the quiet zone scanners need.</summary>
    public static string Svg(string url)
    {
        using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.Q);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>A PNG at 12 px per module: large enough to paste into a document or a WeChat message without blurring.</summary>
    public static byte[] Png(string url)
    {
        using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.Q);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(12);
    }
}
