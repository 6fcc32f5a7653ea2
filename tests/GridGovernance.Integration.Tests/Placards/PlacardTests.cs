using System.Net;
using System.Text.Json;
using GridGovernance.Integration.Tests.Infrastructure;
using GridGovernance.Integration.Tests.Photos;
using Microsoft.AspNetCore.Hosting;

namespace GridGovernance.Integration.Tests.Placards;

public sealed class PlacardTests(DemoCountyFixture fixture) : IClassFixture<DemoCountyFixture>
{
    private const string UnknownGrid = "999999999999001";

    private Task<string> FirstGridCodeAsync() =>
        fixture.Database.ScalarAsync<string>("SELECT grid_code FROM grid_staff GROUP BY grid_code HAVING count(*) >= 2 ORDER BY grid_code LIMIT 1");

    [Fact]
    public async Task The_PNG_QR_code_decodes_to_the_grids_public_address()
    {
        var code = await FirstGridCodeAsync();
        var response = await fixture.Client.GetAsync($"/g/{code}/qr.png");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        response.Headers.CacheControl!.Public.ShouldBeTrue();
        (await ZBar.DecodeAsync(await response.Content.ReadAsByteArrayAsync(), ".png")).ShouldBe($"http://localhost/g/{code}");
    }

    [Fact]
    public async Task The_SVG_QR_code_decodes_to_the_grids_public_address()
    {
        var code = await FirstGridCodeAsync();
        var response = await fixture.Client.GetAsync($"/g/{code}/qr.svg");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        var svg = await response.Content.ReadAsStringAsync();
        svg.ShouldStartWith("<svg");
        svg.ShouldContain("viewBox");
        // zbar reads bitmaps: let libvips (librsvg) rasterise the SVG as a browser would.
        var dir = Directory.CreateTempSubdirectory("gridgov-svg-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "qr.svg"), svg);
            await Vips.RunAsync("vips", "copy", Path.Combine(dir, "qr.svg[dpi=150]"), Path.Combine(dir, "qr.png"));
            (await ZBar.DecodeAsync(await File.ReadAllBytesAsync(Path.Combine(dir, "qr.png")), ".png")).ShouldBe($"http://localhost/g/{code}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_QR_code_uses_the_configured_public_base_URL_when_there_is_one()
    {
        var code = await FirstGridCodeAsync();
        await using var factory = new PublicUrlFactory(fixture.ConnectionString);
        var png = await factory.CreateClient().GetByteArrayAsync($"/g/{code}/qr.png");

        (await ZBar.DecodeAsync(png, ".png")).ShouldBe($"https://wangge.example.cn/g/{code}");
    }

    [Theory]
    [InlineData("qr.svg")]
    [InlineData("qr.png")]
    public async Task An_unknown_grid_has_no_QR_code_and_a_Chinese_404_problem(string file)
    {
        var response = await fixture.Client.GetAsync($"/g/{UnknownGrid}/{file}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("detail").GetString().ShouldBe($"没有编码为 {UnknownGrid} 的网格。");
    }

    [Fact]
    public async Task A_malformed_grid_code_gets_a_Chinese_400_problem()
    {
        var response = await fixture.Client.GetAsync("/g/12ab/qr.svg");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("title").GetString().ShouldBe("请求参数有误");
        problem.RootElement.GetProperty("detail").GetString()!.ShouldContain("编码");
    }

    [Fact]
    public async Task The_placard_shows_the_grid_its_village_and_masked_phones_but_never_a_full_phone_number()
    {
        var code = await FirstGridCodeAsync();
        var name = await fixture.Database.ScalarAsync<string>("SELECT name FROM grid WHERE code = $1", code);
        var village = await fixture.Database.ScalarAsync<string>("SELECT v.name FROM grid g JOIN village v ON v.code = g.village_code WHERE g.code = $1", code);
        var phones = await fixture.Database.ScalarAsync<string[]>("SELECT array_agg(phone) FROM grid_staff WHERE grid_code = $1", code);
        var staffNames = await fixture.Database.ScalarAsync<string[]>("SELECT array_agg(name) FROM grid_staff WHERE grid_code = $1", code);

        var response = await fixture.Client.GetAsync($"/g/{code}/placard");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();

        html.ShouldContain(name);
        html.ShouldContain(code);
        html.ShouldContain(village);
        html.ShouldContain("<svg");
        html.ShouldContain("/css/placard-page-a5.css");
        html.ShouldContain("示意数据");
        html.ShouldContain("微信或手机相机扫描二维码");
        foreach (var staff in staffNames) html.ShouldContain(staff);
        foreach (var phone in phones)
        {
            html.ShouldContain($"{phone[..3]}****{phone[^4..]}");
            html.ShouldNotContain(phone);
        }
        html.ShouldMatch("本网格共 [0-9]+ 个十联户");
    }

    [Fact]
    public async Task The_placard_prints_on_A4_when_asked_and_refuses_an_unknown_paper_size()
    {
        var code = await FirstGridCodeAsync();

        (await fixture.Client.GetStringAsync($"/g/{code}/placard?size=a4")).ShouldContain("/css/placard-page-a4.css");
        var bad = await fixture.Client.GetAsync($"/g/{code}/placard?size=letter");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("纸张规格“letter”不受支持");
    }

    [Fact]
    public async Task An_unknown_grid_has_no_placard_and_the_page_says_so_in_Chinese()
    {
        var response = await fixture.Client.GetAsync($"/g/{UnknownGrid}/placard");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain($"没有编码为 {UnknownGrid} 的网格。");
    }

    [Fact]
    public async Task The_village_sheet_holds_one_placard_per_grid_two_to_an_A4_page()
    {
        var code = await FirstGridCodeAsync();
        var village = code[..12];
        var grids = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM grid WHERE village_code = $1", village);

        var html = await fixture.Client.GetStringAsync($"/villages/{village}/placards");

        CountOf(html, "<article class=\"placard\"").ShouldBe((int)grids);
        CountOf(html, "<div class=\"placard-sheet\"").ShouldBe((int)((grids + 1) / 2));
        html.ShouldContain("/css/placard-page-sheet.css");
        (await fixture.Client.GetAsync("/villages/999999999999/placards")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await fixture.Client.GetAsync("/villages/abc/placards")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static int CountOf(string text, string needle)
    {
        var count = 0;
        for (var i = text.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = text.IndexOf(needle, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }

    private sealed class PublicUrlFactory(string connectionString) : GridGovAppFactory(connectionString)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("GridGov:PublicBaseUrl", "https://wangge.example.cn/");
        }
    }
}
