using GridGovernance.Web.Features.Map;

namespace GridGovernance.Integration.Tests.Tiles;

public sealed class MapSettingsTests
{
    [Fact]
    public void A_Tianditu_key_gives_its_vector_map_and_Chinese_annotation_and_wins_over_the_basemap_url()
    {
        var settings = new MapSettings { BasemapUrl = "https://tiles.example/{z}/{x}/{y}.png", TiandituKey = " abc&123 " };

        var layers = settings.BasemapLayers();

        layers.Count.ShouldBe(2);
        layers[0].UrlTemplate.ShouldStartWith("https://t{s}.tianditu.gov.cn/vec_w/wmts?");
        layers[1].UrlTemplate.ShouldStartWith("https://t{s}.tianditu.gov.cn/cva_w/wmts?");
        layers.ShouldAllBe(l => l.UrlTemplate.EndsWith("&tk=abc%26123") && l.Subdomains == "01234567");
        layers[0].UrlTemplate.ShouldContain("TILEMATRIX={z}&TILEROW={y}&TILECOL={x}");
        layers[0].Attribution.ShouldBe("天地图");
    }

    [Fact]
    public void Without_a_key_the_configured_basemap_is_used_and_without_either_there_is_none()
    {
        new MapSettings { BasemapUrl = "https://tiles.example/{z}/{x}/{y}.png", BasemapAttribution = "© 示例" }.BasemapLayers()
            .ShouldHaveSingleItem().Attribution.ShouldBe("© 示例");
        new MapSettings { BasemapUrl = "  " }.BasemapLayers().ShouldBeEmpty();
    }
}
