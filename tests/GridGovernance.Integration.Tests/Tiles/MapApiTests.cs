using System.Globalization;
using System.Net;
using System.Text.Json;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Tiles;

/// <summary>The map page and the small endpoints its script calls: search, grid card, name labels.</summary>
public sealed class MapApiTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    private const string MaskedPhone = @"^1\d{2}\*{4}\d{4}$";

    [Fact]
    public async Task Searching_a_village_by_its_name_lists_it_first_with_its_township_and_a_box_around_it()
    {
        var (code, name, township) = await Row3("""
            SELECT v.code, v.name, t.name FROM village v JOIN township t ON t.code = v.township_code ORDER BY v.code LIMIT 1
            """);

        var body = await GetJson($"/api/search?q={Uri.EscapeDataString(name)}");

        var first = body.GetProperty("results")[0];
        first.GetProperty("code").GetString().ShouldBe(code);
        first.GetProperty("name").GetString().ShouldBe(name);
        first.GetProperty("level").GetString().ShouldBe("village");
        first.GetProperty("levelName").GetString().ShouldBe("村（社区）");
        first.GetProperty("parents").EnumerateArray().Select(p => p.GetString()).ShouldBe([township]);
        var bbox = first.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var inside = await fixture.Database.ScalarAsync<bool>(
            "SELECT ST_Covers(ST_MakeEnvelope($1, $2, $3, $4, 4326), geom) FROM village WHERE code = $5",
            bbox[0], bbox[1], bbox[2], bbox[3], code);
        inside.ShouldBeTrue();
    }

    [Fact]
    public async Task Searching_part_of_a_grid_name_finds_grids_with_their_village_and_township()
    {
        var (code, name, village) = await Row3("""
            SELECT g.code, g.name, v.name FROM grid g JOIN village v ON v.code = g.village_code ORDER BY g.code DESC LIMIT 1
            """);

        var results = (await GetJson($"/api/search?q={Uri.EscapeDataString(name)}")).GetProperty("results");

        var grid = results.EnumerateArray().First(r => r.GetProperty("code").GetString() == code);
        grid.GetProperty("level").GetString().ShouldBe("grid");
        grid.GetProperty("parents").EnumerateArray().Select(p => p.GetString()).ToList()[1].ShouldBe(village);
    }

    [Fact]
    public async Task Searching_a_code_prefix_finds_that_township_first_and_never_more_than_20_places()
    {
        var township = await fixture.Database.ScalarAsync<string>("SELECT code FROM township ORDER BY code LIMIT 1");

        var results = (await GetJson($"/api/search?q={township}")).GetProperty("results");

        results.GetArrayLength().ShouldBe(20);
        results[0].GetProperty("code").GetString().ShouldBe(township);
        results.EnumerateArray().ShouldAllBe(r => r.GetProperty("code").GetString()!.StartsWith(township, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("不存在的地名")]
    public async Task Search_text_is_matched_literally_so_wildcards_find_nothing(string text)
    {
        var results = (await GetJson($"/api/search?q={Uri.EscapeDataString(text)}")).GetProperty("results");
        results.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task An_empty_search_is_refused_with_a_Chinese_problem()
    {
        var response = await fixture.Client.GetAsync("/api/search?q=%20");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("请输入");
    }

    [Fact]
    public async Task The_grid_card_names_the_grid_its_village_and_township_and_masks_every_phone()
    {
        var code = await fixture.Database.ScalarAsync<string>(
            "SELECT grid_code FROM grid_staff GROUP BY grid_code HAVING count(*) >= 2 ORDER BY grid_code LIMIT 1");

        var card = await GetJson($"/api/grids/{code}");

        card.GetProperty("code").GetString().ShouldBe(code);
        card.GetProperty("village").GetProperty("code").GetString().ShouldBe(code[..12]);
        card.GetProperty("township").GetProperty("code").GetString().ShouldBe(code[..9]);
        card.GetProperty("village").GetProperty("name").GetString().ShouldBe(
            await fixture.Database.ScalarAsync<string>("SELECT name FROM village WHERE code = $1", code[..12]));
        var staff = card.GetProperty("gridHeads").EnumerateArray().Concat(card.GetProperty("gridWorkers").EnumerateArray()).ToList();
        staff.Count.ShouldBe((int)await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM grid_staff WHERE grid_code = $1", code));
        staff.ShouldAllBe(s => s.GetProperty("phone").GetString()!.Length == 11);
        foreach (var member in staff) member.GetProperty("phone").GetString()!.ShouldMatch(MaskedPhone);
        var json = card.GetRawText();
        foreach (var phone in await Strings("SELECT phone FROM grid_staff WHERE grid_code = $1", code)) json.ShouldNotContain(phone);
    }

    [Fact]
    public async Task The_grid_card_counts_households_people_and_link_units_and_gives_the_area_in_square_kilometres()
    {
        var code = await fixture.Database.ScalarAsync<string>("SELECT grid_code FROM household GROUP BY grid_code ORDER BY count(*) DESC LIMIT 1");

        var card = await GetJson($"/api/grids/{code}");

        card.GetProperty("households").GetInt64().ShouldBe(
            await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM household WHERE grid_code = $1", code));
        card.GetProperty("people").GetInt64().ShouldBe(
            await fixture.Database.ScalarAsync<long>("SELECT sum(members) FROM household WHERE grid_code = $1", code));
        card.GetProperty("linkUnits").GetInt64().ShouldBe(
            await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM link_unit WHERE grid_code = $1", code));
        var area = await fixture.Database.ScalarAsync<double>("SELECT ST_Area(geom::geography) / 1e6 FROM grid WHERE code = $1", code);
        card.GetProperty("areaKm2").GetDouble().ShouldBe(area, 0.001);
        card.GetProperty("areaKm2").GetDouble().ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("451027999999999", 404, "没有编码为")]
    [InlineData("12345", 400, "15 位数字")]
    [InlineData("45102710120100x", 400, "15 位数字")]
    public async Task Unknown_or_malformed_grid_codes_get_Chinese_problem_details(string code, int status, string detail)
    {
        var response = await fixture.Client.GetAsync($"/api/grids/{code}");
        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain(detail);
    }

    [Fact]
    public async Task Name_labels_are_GeoJSON_points_inside_each_village_for_the_box_asked_for()
    {
        var (west, south, east, north) = await CountyBounds.OfAsync(fixture.DataSource);
        var box = string.Join(",", new[] { west, south, east, north }.Select(v => v.ToString(CultureInfo.InvariantCulture)));

        var labels = await GetJson($"/api/map/labels/villages?bbox={box}");

        labels.GetProperty("type").GetString().ShouldBe("FeatureCollection");
        var features = labels.GetProperty("features").EnumerateArray().ToList();
        features.Count.ShouldBe((int)await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM village"));
        foreach (var feature in features.Take(20))
        {
            var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
            var code = feature.GetProperty("properties").GetProperty("code").GetString()!;
            (await fixture.Database.ScalarAsync<bool>(
                "SELECT ST_Covers(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) FROM village WHERE code = $3",
                coordinates[0].GetDouble(), coordinates[1].GetDouble(), code)).ShouldBeTrue(code);
        }
        (await fixture.Client.GetAsync("/api/map/labels/villages?bbox=1,2,3")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await fixture.Client.GetAsync("/api/map/labels/households?bbox=1,2,3,4")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_map_page_is_Chinese_server_rendered_HTML_with_the_county_bounds_and_the_demo_data_notice()
    {
        var response = await fixture.Client.GetAsync("/map");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();

        html.ShouldContain("<html lang=\"zh-CN\">");
        html.ShouldContain("示意数据");
        html.ShouldContain("id=\"grid-card\"");
        html.ShouldContain("id=\"map-search-input\"");
        // The grid tiles are asked for at the territory's revision (?v=), so a grid edit is never served from an old cache.
        LayerSpecs(html).Any(spec => spec.TryGetProperty("url", out var url)
            && url.GetString()!.StartsWith("tiles/grids/{z}/{x}/{y}.mvt?v=", StringComparison.Ordinal)).ShouldBeTrue();
        html.ShouldContain("<script type=\"module\" src=\"js/map.js\"></script>");
        html.ShouldNotContain("blazor.web.js");
        // Every script and style comes from this app: none from a CDN.
        html.ShouldNotMatch("(src|href)=\"(https?:)?//");

        var (west, _, _, north) = await CountyBounds.OfAsync(fixture.DataSource);
        var bounds = ViewBounds(html);
        bounds[0].ShouldBe(west, 1e-6);
        bounds[3].ShouldBe(north, 1e-6);
    }

    [Theory]
    [InlineData("/lib/leaflet/leaflet.js", "javascript")]
    [InlineData("/lib/leaflet/leaflet.css", "css")]
    [InlineData("/lib/leaflet.vectorgrid/Leaflet.VectorGrid.bundled.min.js", "javascript")]
    [InlineData("/js/map.js", "javascript")]
    [InlineData("/css/map.css", "css")]
    public async Task The_map_scripts_and_styles_are_served_by_the_app_itself(string path, string type)
    {
        var response = await fixture.Client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType!.ShouldContain(type);
    }

    [Fact]
    public async Task The_front_page_sends_people_to_the_map()
    {
        using var client = fixture.Factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/map");
    }

    [Fact]
    public async Task A_focus_code_opens_the_map_on_that_village()
    {
        var code = await fixture.Database.ScalarAsync<string>("SELECT code FROM village ORDER BY code DESC LIMIT 1");
        var west = await fixture.Database.ScalarAsync<double>("SELECT ST_XMin(geom) FROM village WHERE code = $1", code);

        var html = await (await fixture.Client.GetAsync($"/map?focus={code}")).Content.ReadAsStringAsync();

        html.ShouldContain($"data-focus-code=\"{code}\"");
        ViewBounds(html)[0].ShouldBe(west, 1e-6);
    }

    [Fact]
    public async Task Before_any_import_the_map_page_still_renders_and_says_to_import_and_tiles_are_empty()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var app = new GridGovAppFactory(database.ConnectionString);
        using var client = app.CreateClient();

        var html = await (await client.GetAsync("/map")).Content.ReadAsStringAsync();

        html.ShouldContain("尚未导入区划数据");
        ViewBounds(html).ShouldBe([73.5, 18, 135.1, 53.6]);
        (await client.GetAsync("/tiles/townships/8/206/110.mvt")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync("/api/search?q=村")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_grid_card_as_markup_is_the_same_card_text_only_and_a_focus_grid_comes_with_its_card_on_the_page()
    {
        var code = await fixture.Database.ScalarAsync<string>("SELECT code FROM grid ORDER BY code OFFSET 7 LIMIT 1");
        var json = await GetJson($"/api/grids/{code}");

        var response = await fixture.Client.GetAsync($"/map/grid-card/{code}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var card = await response.Content.ReadAsStringAsync();
        card.ShouldNotContain("<html");
        card.ShouldContain($"<h2 id=\"grid-card-name\">{json.GetProperty("name").GetString()}</h2>");
        card.ShouldContain($"<dd id=\"grid-card-code\">{code}</dd>");
        card.ShouldContain($"<dd id=\"grid-card-area\">{json.GetProperty("areaKm2").GetDouble().ToString("F2", CultureInfo.InvariantCulture)} 平方千米</dd>");
        card.ShouldNotMatch(@"1[3-9]\d{9}");

        // /map?focus=GRID renders the same card with the page, open.
        var page = await fixture.Client.GetStringAsync($"/map?focus={code}");
        page.ShouldContain($"<dd id=\"grid-card-code\">{code}</dd>");
        page.ShouldContain($"data-loaded=\"true\" data-code=\"{code}\"");
    }

    [Theory]
    [InlineData("451027999999999", 404, "没有编码为")]
    [InlineData("12345", 400, "15 位数字")]
    public async Task The_grid_card_markup_refuses_unknown_or_malformed_codes_with_Chinese_problems(string code, int status, string detail)
    {
        var response = await fixture.Client.GetAsync($"/map/grid-card/{code}");
        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain(detail);
    }

    /// <summary>The LeafletMap's options (data-leaflet) and its layers' specs (data-leaflet-layer), as the JS core reads them.</summary>
    private static double[] ViewBounds(string html) =>
        JsonDocument.Parse(Attribute(html, "data-leaflet").Single()).RootElement.GetProperty("view").GetProperty("bounds").Deserialize<double[]>()!;

    private static List<JsonElement> LayerSpecs(string html) =>
        Attribute(html, "data-leaflet-layer").Select(json => JsonDocument.Parse(json).RootElement.Clone()).ToList();

    private static IEnumerable<string> Attribute(string html, string name) =>
        System.Text.RegularExpressions.Regex.Matches(html, $" {name}=\"([^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));

    private async Task<JsonElement> GetJson(string url)
    {
        var response = await fixture.Client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<(string, string, string)> Row3(string sql)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetString(1), reader.GetString(2));
    }

    private async Task<List<string>> Strings(string sql, params object[] parameters)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = p });
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}
