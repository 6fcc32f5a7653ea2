using GridGovernance.Domain.Geo;

namespace GridGovernance.Domain.Tests.Geo;

public class ChinaCoordinatesTests
{
    // Published pairs (WGS-84 → GCJ-02) from the eviltransform and coordtransform test suites.
    public static TheoryData<double, double, double, double> KnownPairs => new()
    {
        { 121.5272106, 31.1774276, 121.531541859215, 31.17530398364597 },   // Shanghai
        { 113.912316, 22.543847, 113.9171764808363, 22.540796131694766 },   // Shenzhen
        { 116.377817, 39.911954, 116.38404722455657, 39.91334545536069 },   // Beijing
        { 116.404, 39.915, 116.41024449916938, 39.91640428150164 },        // Beijing, coordtransform
    };

    [Theory]
    [MemberData(nameof(KnownPairs))]
    public void Wgs84_converts_to_the_published_Gcj02_point(double wgsLng, double wgsLat, double gcjLng, double gcjLat)
    {
        var gcj = ChinaCoordinates.Wgs84ToGcj02(new LngLat(wgsLng, wgsLat));
        ChinaCoordinates.DistanceMetres(gcj, new LngLat(gcjLng, gcjLat)).ShouldBeLessThan(0.01);
    }

    [Theory]
    [MemberData(nameof(KnownPairs))]
    public void Gcj02_converts_back_to_Wgs84_within_one_metre(double wgsLng, double wgsLat, double gcjLng, double gcjLat)
    {
        var wgs = ChinaCoordinates.Gcj02ToWgs84(new LngLat(gcjLng, gcjLat));
        ChinaCoordinates.DistanceMetres(wgs, new LngLat(wgsLng, wgsLat)).ShouldBeLessThan(1.0);
    }

    [Fact]
    public void The_inverse_is_within_a_centimetre_everywhere_in_the_demo_county()
    {
        for (var lng = 106.2; lng <= 106.9; lng += 0.05)
        for (var lat = 24.0; lat <= 24.7; lat += 0.05)
        {
            var wgs = new LngLat(lng, lat);
            var back = ChinaCoordinates.Gcj02ToWgs84(ChinaCoordinates.Wgs84ToGcj02(wgs));
            ChinaCoordinates.DistanceMetres(back, wgs).ShouldBeLessThan(0.01);
        }
    }

    [Fact]
    public void The_offset_at_Lingyun_is_several_hundred_metres_so_conversion_matters()
    {
        var wgs = new LngLat(106.56, 24.35);
        var offset = ChinaCoordinates.DistanceMetres(wgs, ChinaCoordinates.Wgs84ToGcj02(wgs));
        offset.ShouldBeInRange(300, 700);
    }

    [Fact]
    public void Points_outside_China_are_not_offset()
    {
        var london = new LngLat(-0.1276, 51.5072);
        ChinaCoordinates.Wgs84ToGcj02(london).ShouldBe(london);
        ChinaCoordinates.Gcj02ToWgs84(london).ShouldBe(london);
    }

    [Fact]
    public void Distance_of_one_degree_of_latitude_is_about_111_km() =>
        ChinaCoordinates.DistanceMetres(new LngLat(106, 24), new LngLat(106, 25)).ShouldBeInRange(111_000, 111_400);
}
