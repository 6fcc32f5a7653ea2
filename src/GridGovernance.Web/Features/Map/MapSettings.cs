using System.ComponentModel.DataAnnotations;

namespace GridGovernance.Web.Features.Map;

/// <summary>
/// Basemap settings (GridGov:Map). The basemap is decoration: boundaries and labels are drawn from our own tiles and stay
/// readable on a plain background when the basemap cannot be reached (an intranet, a weak link, a missing key).
/// </summary>
internal sealed class MapSettings
{
    public const string Section = "GridGov:Map";

    public string BasemapUrl { get; set; } = "";
    public string BasemapAttribution { get; set; } = "";

    /// <summary>A Tianditu (天地图, the official basemap, CGCS2000 ≈ WGS-84) browser key; when set it wins over BasemapUrl.</summary>
    public string TiandituKey { get; set; } = "";

    /// <summary>
    /// How often the maps that follow no outbox (the public /map, the grid worker's field map) ask whether the territory has
    /// changed (GET /api/territory/revision), besides whenever the page comes back into view or the network returns.
    /// </summary>
    [Range(5, 3600)]
    public int TerritoryPollSeconds { get; set; } = 60;

    /// <summary>The raster layers to draw under the territory, bottom first; empty when no basemap is configured.</summary>
    public IReadOnlyList<BasemapLayer> BasemapLayers()
    {
        if (!string.IsNullOrWhiteSpace(TiandituKey))
        {
            var key = Uri.EscapeDataString(TiandituKey.Trim());
            return
            [
                new(TiandituUrl("vec", key), "天地图", "01234567"),
                new(TiandituUrl("cva", key), "", "01234567"),
            ];
        }
        return string.IsNullOrWhiteSpace(BasemapUrl) ? [] : [new(BasemapUrl.Trim(), BasemapAttribution, "abc")];
    }

    /// <summary>Tianditu's Web Mercator WMTS (vec = roads and land, cva = its Chinese annotation) as an XYZ template.</summary>
    private static string TiandituUrl(string layer, string key) =>
        $"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default"
        + $"&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}";
}

/// <summary>One XYZ raster layer under the map: URL template, attribution and the subdomains {s} stands for.</summary>
public sealed record BasemapLayer(string UrlTemplate, string Attribution, string Subdomains);
