using System.Net;
using System.Text.RegularExpressions;
using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace GridGovernance.Integration.Tests.Intake;

/// <summary>The real app with its own photo directory and configurable rate limits.</summary>
public sealed class IntakeAppFactory(string connectionString, string photoDirectory, int perClientPerMinute, int perGridPerHour, long maxUploadBytes)
    : GridGovAppFactory(connectionString)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("GridGov:Storage:PhotoDirectory", photoDirectory);
        builder.UseSetting("GridGov:RateLimits:PerClientPerMinute", perClientPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("GridGov:RateLimits:PerGridPerHour", perGridPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("GridGov:Photos:MaxUploadBytes", maxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>A copy of the demo county, the app in front of it, and a grid to report in.</summary>
public class IntakeFixture : IAsyncLifetime
{
    public const long MaxUploadBytes = 2 * 1024 * 1024;

    protected virtual int PerClientPerMinute => 100_000;
    protected virtual int PerGridPerHour => 100_000;

    public TestDatabase Database { get; private set; } = null!;
    public IntakeAppFactory Factory { get; private set; } = null!;
    public string PhotoDirectory { get; } = Path.Combine(Path.GetTempPath(), "gg-intake-photos-" + Guid.NewGuid().ToString("N"));

    /// <summary>A grid of the demo county, a point inside it and a point well outside it (inside another grid).</summary>
    public string GridCode { get; private set; } = "";
    public (double Lng, double Lat) Inside { get; private set; }
    public (double Lng, double Lat) Outside { get; private set; }
    public string OtherGridCode { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithDemoCountyAsync();
        Directory.CreateDirectory(PhotoDirectory);
        Factory = new IntakeAppFactory(Database.ConnectionString, PhotoDirectory, PerClientPerMinute, PerGridPerHour, MaxUploadBytes);
        GridCode = await Database.ScalarAsync<string>("SELECT code FROM grid ORDER BY code LIMIT 1");
        Inside = await PointOnAsync(GridCode);
        OtherGridCode = await Database.ScalarAsync<string>(
            "SELECT o.code FROM grid o, grid g WHERE g.code = $1 AND NOT ST_Intersects(o.geom, g.geom) ORDER BY o.code LIMIT 1", GridCode);
        Outside = await PointOnAsync(OtherGridCode);
    }

    private async Task<(double, double)> PointOnAsync(string grid)
    {
        var lng = await Database.ScalarAsync<double>("SELECT ST_X(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid);
        var lat = await Database.ScalarAsync<double>("SELECT ST_Y(ST_PointOnSurface(geom)) FROM grid WHERE code = $1", grid);
        return (lng, lat);
    }

    public HttpClient NewClient() => Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        try { Directory.Delete(PhotoDirectory, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    public int FilesOnDisk() => Directory.Exists(PhotoDirectory)
        ? Directory.EnumerateFiles(PhotoDirectory, "*", SearchOption.AllDirectories).Count()
        : 0;
}

/// <summary>A fixture whose client may submit only twice a minute.</summary>
public sealed class RateLimitedIntakeFixture : IntakeFixture
{
    protected override int PerClientPerMinute => 2;
}

/// <summary>A fixture whose every grid accepts one form submission an hour.</summary>
public sealed class GridLimitedIntakeFixture : IntakeFixture
{
    protected override int PerGridPerHour => 1;
}

/// <summary>The resident's form as a browser without JavaScript would send it.</summary>
public static partial class ResidentForm
{
    [GeneratedRegex("""name="(__RequestVerificationToken)" value="([^"]+)""")]
    private static partial Regex AntiforgeryPattern();

    [GeneratedRegex("""name="idempotencyKey" value="([^"]+)""")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("""data-case-number[^>]*>([EC][0-9]{16,17})<""")]
    private static partial Regex NumberPattern();

    [GeneratedRegex("""data-tracking-link[^>]*>[^<]*(/t/[A-Za-z0-9_-]{22})<""")]
    private static partial Regex TrackingPattern();

    public sealed record FormPage(string Token, string IdempotencyKey);

    public static async Task<FormPage> OpenAsync(HttpClient client, string gridCode)
    {
        var response = await client.GetAsync($"/g/{gridCode}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return FormIn(await response.Content.ReadAsStringAsync());
    }

    public static FormPage FormIn(string html) =>
        new(AntiforgeryPattern().Match(html).Groups[2].Value, KeyPattern().Match(html).Groups[1].Value);

    public static MultipartFormDataContent Content(FormPage page, string description = "小区门口垃圾堆了三天没人清运",
        string category = "E0102", string requestType = "complaint", string? phone = null, (double Lng, double Lat)? position = null,
        IEnumerable<(string FileName, byte[] Bytes)>? photos = null)
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(page.Token), "__RequestVerificationToken" },
            { new StringContent(page.IdempotencyKey), "idempotencyKey" },
            { new StringContent(requestType), "requestType" },
            { new StringContent(category), "category" },
            { new StringContent(description), "description" },
            { new StringContent(phone ?? ""), "phone" },
            { new StringContent(position is { } p ? p.Lng.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : ""), "lng" },
            { new StringContent(position is { } q ? q.Lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : ""), "lat" },
        };
        foreach (var (name, bytes) in photos ?? [])
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
            content.Add(file, "photos", name);
        }
        return content;
    }

    public static string? NumberIn(string html) => NumberPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    public static string? TrackingPathIn(string html) => TrackingPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    public static byte[] Photo => File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "GridGovernance.Integration.Tests", "Intake", "Fixtures", "photo.jpg"));
}
