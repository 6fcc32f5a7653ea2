using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GridGovernance.Integration.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace GridGovernance.Integration.Tests.Tiles;

public sealed class TileEndpointTests(DemoCountyFixture fixture, ITestOutputHelper output) : IClassFixture<DemoCountyFixture>
{
    private static readonly string[] Layers = ["townships", "villages", "grids", "link-units", "households"];

    /// <summary>Household tiles are for signed-in staff (the county admin sees them all); every other layer is public.</summary>
    private async Task<HttpClient> ClientFor(string layer) =>
        layer != "households" ? fixture.Client : (_admin ??= await Accounts.StaffSession.Start(fixture.Factory).LoggedInAsync("admin")).Client;

    private Accounts.StaffSession? _admin;

    [Fact]
    public async Task A_zoom_14_tile_over_a_grid_carries_exactly_the_grids_that_the_tile_touches()
    {
        var (code, lng, lat) = await FirstGridLabelPoint();
        var (x, y) = TileMath.TileOf(lng, lat, 14);

        var tile = await MvtDecoder.DecodeAsync(await TileBytes("grids", 14, x, y));

        tile.Layers.Keys.ShouldBe(["grids"]);
        var layer = tile.Layers["grids"];
        layer.Extent.ShouldBe(4096);
        layer.Features.ShouldAllBe(f => f.Type == "Polygon");
        var codes = layer.Features.Select(f => f.Text("code")!).ToHashSet();
        codes.ShouldContain(code);
        codes.Count.ShouldBe(layer.Features.Count, "每个网格在一张瓦片里只出现一次");

        // Every grid with a real share of the tile must be there; nothing may come from beyond the tile and its clip buffer.
        // (A sliver thinner than the tile's 1/4096 grid may collapse when quantised, so only shares of ≥ 4 units² must show.)
        var mustShow = await Codes("""
            SELECT code FROM grid
            WHERE ST_Area(ST_Intersection(ST_Transform(geom, 3857), ST_TileEnvelope(@z, @x, @y)))
                  >= 4 * power(ST_XMax(ST_TileEnvelope(@z, @x, @y)) - ST_XMin(ST_TileEnvelope(@z, @x, @y)), 2) / (4096.0 * 4096.0)
            """, 14, x, y);
        var mayShow = await Codes("""
            SELECT code FROM grid WHERE ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope(@z, @x, @y, margin => 64.0 / 4096))
            """, 14, x, y);
        var touching = await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM grid WHERE ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope(14, $1, $2))", x, y);

        mustShow.ShouldBeSubsetOf(codes);
        codes.ShouldBeSubsetOf(mayShow);
        codes.Count.ShouldBeInRange((int)Math.Min(touching, mustShow.Count), mayShow.Count);
        output.WriteLine($"z14 tile {x}/{y}: {codes.Count} grids (touching the tile: {touching}, with its buffer: {mayShow.Count})");
    }

    [Fact]
    public async Task Grid_features_carry_codes_Chinese_names_household_counts_and_grid_worker_names_but_no_phone()
    {
        var (code, lng, lat) = await FirstGridLabelPoint();
        var (x, y) = TileMath.TileOf(lng, lat, 15);

        var grid = (await MvtDecoder.DecodeAsync(await TileBytes("grids", 15, x, y))).Layers["grids"].Features
            .Single(f => f.Text("code") == code);

        grid.Text("name").ShouldBe(await fixture.Database.ScalarAsync<string>("SELECT name FROM grid WHERE code = $1", code));
        grid.Text("village_name").ShouldBe(await fixture.Database.ScalarAsync<string>(
            "SELECT v.name FROM grid g JOIN village v ON v.code = g.village_code WHERE g.code = $1", code));
        grid.Properties["households"].GetInt64().ShouldBe(
            await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE grid_code = $1", code));
        var workers = await fixture.Database.ScalarAsync<string>(
            "SELECT string_agg(name, '、' ORDER BY id) FROM grid_staff WHERE grid_code = $1 AND role = 'grid_worker'", code);
        grid.Text("grid_workers").ShouldBe(workers);
        grid.Properties.Keys.ShouldNotContain(k => k.Contains("phone", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(11, false)]
    [InlineData(12, false)]
    [InlineData(13, true)]
    [InlineData(14, true)]
    public async Task Grid_features_carry_household_counts_and_grid_worker_names_only_from_zoom_13_on(int zoom, bool detailed)
    {
        var (code, lng, lat) = await FirstGridLabelPoint();
        var (x, y) = TileMath.TileOf(lng, lat, zoom);

        var features = (await MvtDecoder.DecodeAsync(await TileBytes("grids", zoom, x, y))).Layers["grids"].Features;
        var grid = features.Single(f => f.Text("code") == code);

        // What the map draws and labels with at every zoom.
        grid.Text("name").ShouldBe(await fixture.Database.ScalarAsync<string>("SELECT name FROM grid WHERE code = $1", code));
        grid.Text("kind").ShouldNotBeNullOrWhiteSpace();
        grid.Text("village_name").ShouldNotBeNullOrWhiteSpace();
        // The counts live on the grid card (/api/grids/{code}) below zoom 13, where a tile holds hundreds of grids.
        if (detailed)
        {
            grid.Properties["households"].GetInt64().ShouldBe(
                await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE grid_code = $1", code));
            grid.Text("grid_workers").ShouldNotBeNullOrWhiteSpace();
        }
        else
        {
            features.ShouldAllBe(f => f.Properties.Keys.Order().SequenceEqual(new[] { "code", "kind", "name", "village_name" }), $"z{zoom}");
        }
    }

    [Fact]
    public async Task Household_points_carry_only_their_code_and_size_and_are_not_for_shared_caches()
    {
        var (lng, lat) = await DensestHouseholdSpot();
        var (x, y) = TileMath.TileOf(lng, lat, 16);

        var response = await (await ClientFor("households")).GetAsync($"/tiles/households/16/{x}/{y}.mvt");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.Private.ShouldBeTrue();
        response.Headers.CacheControl.Public.ShouldBeFalse();

        var households = (await MvtDecoder.DecodeAsync(await response.Content.ReadAsByteArrayAsync())).Layers["households"].Features;
        households.ShouldNotBeEmpty();
        households.ShouldAllBe(h => h.Type == "Point" && h.Properties.Keys.Order().SequenceEqual(new[] { "code", "members" }));
    }

    [Fact]
    public async Task Low_zoom_tiles_never_carry_households_link_units_or_grids()
    {
        var (west, south, east, north) = await CountyBounds.OfAsync(fixture.DataSource);
        foreach (var zoom in new[] { 6, 8, 10 })
        {
            foreach (var (x, y) in TileMath.Covering(west, south, east, north, zoom))
            {
                foreach (var layer in new[] { "grids", "link-units", "households" })
                {
                    var response = await (await ClientFor(layer)).GetAsync($"/tiles/{layer}/{zoom}/{x}/{y}.mvt");
                    response.StatusCode.ShouldBe(HttpStatusCode.NoContent, $"{layer} z{zoom}");
                    (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
                }
                var townships = await MvtDecoder.DecodeAsync(await TileBytes("townships", zoom, x, y));
                townships.Layers.Keys.ShouldBe(["townships"]);
            }
        }

        // Households start at zoom 15, link units at 14: one zoom below, the densest spot's tile is empty.
        var (lng, lat) = await DensestHouseholdSpot();
        var (hx, hy) = TileMath.TileOf(lng, lat, 14);
        (await (await ClientFor("households")).GetAsync($"/tiles/households/14/{hx}/{hy}.mvt")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await fixture.Client.GetAsync($"/tiles/link-units/14/{hx}/{hy}.mvt")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var (ux, uy) = TileMath.TileOf(lng, lat, 13);
        (await fixture.Client.GetAsync($"/tiles/link-units/13/{ux}/{uy}.mvt")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task The_zoom_8_tiles_over_the_county_carry_every_township_once_with_its_Chinese_name()
    {
        var (west, south, east, north) = await CountyBounds.OfAsync(fixture.DataSource);
        var tiles = new List<byte[]>();
        foreach (var (x, y) in TileMath.Covering(west, south, east, north, 8)) tiles.Add(await TileBytes("townships", 8, x, y));

        var found = new Dictionary<string, string>();
        foreach (var tile in await MvtDecoder.DecodeAsync(tiles))
            foreach (var feature in tile.Layers["townships"].Features)
                found[feature.Text("code")!] = feature.Text("name")!;

        var expected = await NamesByCode("SELECT code, name FROM township");
        expected.Count.ShouldBe(8);
        found.ShouldBe(expected, ignoreOrder: true);
        output.WriteLine($"z8: {tiles.Count} tile(s) cover the county; townships: {string.Join("、", found.Values)}");
    }

    [Fact]
    public async Task Village_tiles_start_at_zoom_9_and_name_each_village_and_its_township()
    {
        var (west, south, east, north) = await CountyBounds.OfAsync(fixture.DataSource);
        var found = new Dictionary<string, string>();
        var tiles = new List<byte[]>();
        foreach (var (x, y) in TileMath.Covering(west, south, east, north, 9)) tiles.Add(await TileBytes("villages", 9, x, y));
        foreach (var tile in await MvtDecoder.DecodeAsync(tiles))
            foreach (var feature in tile.Layers["villages"].Features)
            {
                feature.Text("township_name").ShouldNotBeNullOrWhiteSpace();
                found[feature.Text("code")!] = feature.Text("name")!;
            }

        found.ShouldBe(await NamesByCode("SELECT code, name FROM village"), ignoreOrder: true);
        var (x8, y8) = TileMath.TileOf((west + east) / 2, (south + north) / 2, 8);
        (await fixture.Client.GetAsync($"/tiles/villages/8/{x8}/{y8}.mvt")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task No_tile_over_the_county_exceeds_500_KB_at_any_zoom()
    {
        var (west, south, east, north) = await CountyBounds.OfAsync(fixture.DataSource);
        var largest = new Dictionary<(string Layer, int Zoom), int>();
        // Every tile from zoom 6 to 13; from 14 on, the tiles around the spot with the most households (the worst case).
        var (lng, lat) = await DensestHouseholdSpot();
        for (var zoom = 6; zoom <= 18; zoom++)
        {
            var tiles = zoom <= 13
                ? TileMath.Covering(west, south, east, north, zoom).ToList()
                : Around(TileMath.TileOf(lng, lat, zoom)).ToList();
            foreach (var layer in Layers)
            {
                foreach (var (x, y) in tiles)
                {
                    var response = await (await ClientFor(layer)).GetAsync($"/tiles/{layer}/{zoom}/{x}/{y}.mvt");
                    response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
                    var size = (await response.Content.ReadAsByteArrayAsync()).Length;
                    size.ShouldBeLessThan(500 * 1024, $"{layer}/{zoom}/{x}/{y}");
                    largest[(layer, zoom)] = Math.Max(largest.GetValueOrDefault((layer, zoom)), size);
                }
            }
        }

        output.WriteLine("largest tile (bytes) by zoom: " + string.Join("  ", Layers));
        for (var zoom = 6; zoom <= 18; zoom++)
            output.WriteLine($"z{zoom,-2} " + string.Join(" ", Layers.Select(l => $"{largest[(l, zoom)],10:N0}")));
    }

    [Fact]
    public async Task Tiles_carry_a_content_type_an_entity_tag_and_a_five_minute_public_cache_and_answer_304_when_unchanged()
    {
        var (_, lng, lat) = await FirstGridLabelPoint();
        var (x, y) = TileMath.TileOf(lng, lat, 14);
        var url = $"/tiles/grids/14/{x}/{y}.mvt";

        var first = await fixture.Client.GetAsync(url);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.mapbox-vector-tile");
        first.Headers.CacheControl!.Public.ShouldBeTrue();
        first.Headers.CacheControl.MaxAge.ShouldBe(TimeSpan.FromMinutes(5));
        var etag = first.Headers.ETag!;
        etag.IsWeak.ShouldBeFalse();

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        var revalidated = await fixture.Client.SendAsync(conditional);
        revalidated.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await revalidated.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        revalidated.Headers.ETag.ShouldBe(etag);

        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        (await fixture.Client.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The same tile of another layer is other content with another tag.
        var townships = await fixture.Client.GetAsync($"/tiles/townships/14/{x}/{y}.mvt");
        townships.Headers.ETag.ShouldNotBe(etag);
    }

    [Theory]
    [InlineData("/tiles/roads/10/0/0.mvt", 404)]
    [InlineData("/tiles/grids/23/0/0.mvt", 400)]
    [InlineData("/tiles/grids/-1/0/0.mvt", 400)]
    [InlineData("/tiles/grids/abc/0/0.mvt", 400)]
    [InlineData("/tiles/grids/12/4096/0.mvt", 400)]
    [InlineData("/tiles/grids/12/0/4096.mvt", 400)]
    [InlineData("/tiles/grids/12/0/99999999999999.mvt", 400)]
    [InlineData("/tiles/grids/12/1.5/0.mvt", 400)]
    public async Task Bad_layers_and_coordinates_get_Chinese_problem_details_never_a_server_error(string url, int status)
    {
        var response = await fixture.Client.GetAsync(url);

        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("title").GetString().ShouldBe(status == 404 ? "未找到" : "请求参数有误");
        problem.RootElement.GetProperty("detail").GetString()!.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}");
    }

    private static IEnumerable<(int X, int Y)> Around((int X, int Y) centre)
    {
        for (var dx = -1; dx <= 1; dx++)
            for (var dy = -1; dy <= 1; dy++)
                yield return (centre.X + dx, centre.Y + dy);
    }

    private async Task<byte[]> TileBytes(string layer, int z, int x, int y)
    {
        var response = await fixture.Client.GetAsync($"/tiles/{layer}/{z}/{x}/{y}.mvt");
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<(string Code, double Lng, double Lat)> FirstGridLabelPoint()
    {
        await using var command = fixture.DataSource.CreateCommand(
            "SELECT code, ST_X(label_point), ST_Y(label_point) FROM grid ORDER BY code LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2));
    }

    /// <summary>The household nearest the centre of the densest zoom-16 tile: where point tiles are largest.</summary>
    private async Task<(double Lng, double Lat)> DensestHouseholdSpot()
    {
        await using var command = fixture.DataSource.CreateCommand("""
            SELECT ST_X(ST_Centroid(ST_Collect(geom))), ST_Y(ST_Centroid(ST_Collect(geom)))
            FROM household
            GROUP BY ST_SnapToGrid(ST_Transform(geom, 3857), 611.5)
            ORDER BY count(*) DESC LIMIT 1
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetDouble(0), reader.GetDouble(1));
    }

    private async Task<HashSet<string>> Codes(string sql, int z, int x, int y)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("z", z));
        command.Parameters.Add(new NpgsqlParameter("x", x));
        command.Parameters.Add(new NpgsqlParameter("y", y));
        var codes = new HashSet<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) codes.Add(reader.GetString(0));
        return codes;
    }

    private async Task<Dictionary<string, string>> NamesByCode(string sql)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        var names = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names[reader.GetString(0)] = reader.GetString(1);
        return names;
    }
}
