using GridGovernance.Domain.Territory;
using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Placards;

/// <summary>
/// Public QR codes and printable placards (二维码公示牌) for each grid: posted on walls so residents can scan and report a
/// problem. Public on purpose, so they show masked phones only.
/// </summary>
internal static class PlacardEndpoints
{
    // The QR only encodes a URL that changes when the base URL is reconfigured; a day of caching is harmless.
    private const string QrCacheControl = "public, max-age=86400";
    // Staff change now and then; a placard printed from a five-minute-old page is still right.
    private const string PageCacheControl = "public, max-age=300";

    internal static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/g/{gridCode}/qr.svg", QrSvgAsync).WithName("GridQrSvg").AllowAnonymous();
        app.MapGet("/g/{gridCode}/qr.png", QrPngAsync).WithName("GridQrPng").AllowAnonymous();
        app.MapGet("/g/{gridCode}/placard", PlacardAsync).WithName("GridPlacard").AllowAnonymous();
        app.MapGet("/villages/{villageCode}/placards", VillageSheetAsync).WithName("VillagePlacards").AllowAnonymous();
        return app;
    }

    private static async Task<IResult> QrSvgAsync(string gridCode, HttpContext http, IOptions<GridGovOptions> options, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (await CheckGridAsync(gridCode, dataSource, ct) is { } problem) return problem;
        http.Response.Headers.CacheControl = QrCacheControl;
        return Results.Text(GridQrCode.Svg(GridQrCode.GridUrl(http.Request, options.Value, gridCode)), "image/svg+xml; charset=utf-8");
    }

    private static async Task<IResult> QrPngAsync(string gridCode, HttpContext http, IOptions<GridGovOptions> options, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (await CheckGridAsync(gridCode, dataSource, ct) is { } problem) return problem;
        http.Response.Headers.CacheControl = QrCacheControl;
        return Results.File(GridQrCode.Png(GridQrCode.GridUrl(http.Request, options.Value, gridCode)), "image/png");
    }

    private static async Task<IResult> PlacardAsync(string gridCode, HttpContext http, IOptions<GridGovOptions> options, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var size = http.Request.Query["size"].ToString().ToLowerInvariant();
        if (size is not ("" or "a5" or "a4"))
            return ErrorPage(400, $"纸张规格“{http.Request.Query["size"]}”不受支持：可用 a5（默认）或 a4。");
        if (CodeProblem(gridCode, TerritoryLevel.Grid) is { } bad) return ErrorPage(400, bad);
        var data = await PlacardQuery.ForGridAsync(dataSource, gridCode, ct);
        if (data is null) return ErrorPage(404, $"没有编码为 {gridCode} 的网格。");

        http.Response.Headers.CacheControl = PageCacheControl;
        var format = size == "a4" ? PlacardFormat.A4 : PlacardFormat.A5;
        return Page(200, format, $"{data.GridName} 二维码公示牌", [Item(data, http.Request, options.Value)]);
    }

    private static async Task<IResult> VillageSheetAsync(string villageCode, HttpContext http, IOptions<GridGovOptions> options, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (CodeProblem(villageCode, TerritoryLevel.Village) is { } bad) return ErrorPage(400, bad);
        var placards = await PlacardQuery.ForVillageAsync(dataSource, villageCode, ct);
        if (placards.Count == 0) return ErrorPage(404, $"没有编码为 {villageCode} 的村（社区），或该村（社区）尚未划分网格。");

        http.Response.Headers.CacheControl = PageCacheControl;
        var items = placards.Select(p => Item(p, http.Request, options.Value)).ToList();
        return Page(200, PlacardFormat.VillageSheet, $"{placards[0].VillageName} 网格二维码公示牌（{placards.Count} 张）", items);
    }

    private static PlacardItem Item(PlacardData data, HttpRequest request, GridGovOptions options)
    {
        var url = GridQrCode.GridUrl(request, options, data.GridCode);
        return new PlacardItem(data, url, GridQrCode.Svg(url));
    }

    private static async Task<IResult?> CheckGridAsync(string gridCode, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (CodeProblem(gridCode, TerritoryLevel.Grid) is { } bad) return ProblemDetailsSetup.Problem(400, bad);
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM grid WHERE code = $1)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = gridCode });
        return (bool)(await command.ExecuteScalarAsync(ct))! ? null : ProblemDetailsSetup.Problem(404, $"没有编码为 {gridCode} 的网格。");
    }

    /// <summary>The domain's explanation of a malformed code, kept short (it is shown on a page and in a problem).</summary>
    private static string? CodeProblem(string code, TerritoryLevel level) =>
        TerritoryCode.Problem(code, level) is { } problem
            ? problem.Length <= 80 ? problem : level == TerritoryLevel.Grid ? "网格编码应为 15 位数字。" : "村（社区）编码应为 12 位数字。"
            : null;

    private static RazorComponentResult<PlacardDocument> Page(int status, PlacardFormat format, string title, IReadOnlyList<PlacardItem> items) =>
        new(new Dictionary<string, object?>
        {
            [nameof(PlacardDocument.Format)] = format,
            [nameof(PlacardDocument.Title)] = title,
            [nameof(PlacardDocument.Items)] = items,
        }) { StatusCode = status };

    /// <summary>A person who follows a bad link gets a readable Chinese page with the right status, not JSON.</summary>
    private static RazorComponentResult<PlacardErrorPage> ErrorPage(int status, string message) =>
        new(new Dictionary<string, object?> { [nameof(PlacardErrorPage.Message)] = message }) { StatusCode = status };
}
