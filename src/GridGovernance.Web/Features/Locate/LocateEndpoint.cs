using System.Globalization;
using System.Text.Json;
using GridGovernance.Domain.Geo;
using GridGovernance.Domain.Privacy;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Infrastructure.Settings;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridGovernance.Web.Features.Locate;

/// <summary>GET /api/locate?lng=…&amp;lat=…[&amp;crs=wgs84|gcj02]: which township, village and grid a point falls in, and who serves it.</summary>
internal static class LocateEndpoint
{
    public static IServiceCollection AddLocate(this IServiceCollection services)
    {
        services.AddSettings<LocateOptions>(LocateOptions.Section);
        return services.AddSingleton<LocateGate>();
    }

    public static void MapLocate(this IEndpointRouteBuilder app)
    {
        var gate = app.ServiceProvider.GetRequiredService<LocateGate>();
        // The app's JSON settings (as every other endpoint answers), with this endpoint's generated serialiser.
        var json = new LocateJsonContext(new JsonSerializerOptions(
            app.ServiceProvider.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions)).LocateResponse;
        app.MapGet("/api/locate", (HttpRequest request, NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
            HandleAsync(request, dataSource, gate, json, cancellationToken)).WithName("Locate");
    }

    private static async Task<IResult> HandleAsync(
        HttpRequest request, NpgsqlDataSource dataSource, LocateGate gate,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<LocateResponse> json, CancellationToken cancellationToken)
    {
        var lng = ParseCoordinate(request, "lng", 180);
        if (lng.Error is not null) return lng.Error;
        var lat = ParseCoordinate(request, "lat", 90);
        if (lat.Error is not null) return lat.Error;
        var input = new LngLat(lng.Value, lat.Value);

        var crs = request.Query["crs"].ToString().ToLowerInvariant();
        LngLat wgs;
        switch (crs)
        {
            case "" or "wgs84" or "epsg:4326":
                crs = "wgs84";
                wgs = input;
                break;
            case "gcj02":
                wgs = ChinaCoordinates.Gcj02ToWgs84(input);
                break;
            default:
                return ProblemDetailsSetup.Problem(400, $"参数 crs 的值“{request.Query["crs"]}”不受支持：可用 wgs84（默认，GPS/天地图）或 gcj02（高德/腾讯/微信地图）。",
                    new Dictionary<string, object?> { ["parameter"] = "crs" });
        }

        var row = await gate.RunAsync(token => LocateQuery.RunAsync(dataSource, wgs.Lng, wgs.Lat, token), cancellationToken);
        if (row is null)
            return ProblemDetailsSetup.Problem(404,
                $"该位置（经度 {wgs.Lng.ToString("0.######", CultureInfo.InvariantCulture)}，纬度 {wgs.Lat.ToString("0.######", CultureInfo.InvariantCulture)}）不在本系统管辖的县域范围内。");

        return Results.Json(ToResponse(row, wgs, crs, input), json);
    }

    private static LocateResponse ToResponse(LocateRow row, LngLat wgs, string crs, LngLat input)
    {
        // Staff come ordered by role, then id (LocateQuery): the first 网格长 is the head, every 网格员 is listed.
        LocatePerson? head = null;
        var workers = new List<LocatePerson>(row.StaffRoles.Length);
        for (var i = 0; i < row.StaffRoles.Length; i++)
        {
            var person = new LocatePerson(row.StaffNames[i], PhoneMask.Mask(row.StaffPhones[i]));
            if (row.StaffRoles[i] == "grid_head") head ??= person;
            else if (row.StaffRoles[i] == "grid_worker") workers.Add(person);
        }

        return new LocateResponse(
            Point: new LocatePoint(Math.Round(wgs.Lng, 7), Math.Round(wgs.Lat, 7), "wgs84"),
            Input: crs == "wgs84" ? null : new LocatePoint(input.Lng, input.Lat, crs),
            Township: new LocateArea(row.TownshipCode, row.TownshipName),
            Village: new LocateArea(row.VillageCode, row.VillageName),
            Grid: new LocateArea(row.GridCode, row.GridName),
            InsideGrid: row.InsideGrid,
            GridHead: head,
            GridWorkers: workers,
            LinkUnit: row.LinkUnitCode is null ? null : new LocateLinkUnit(
                row.LinkUnitCode, row.LinkUnitName, Math.Round(row.LinkUnitDistanceMetres ?? 0, 1),
                row.LeaderName is null ? null : new LocatePerson(row.LeaderName, PhoneMask.Mask(row.LeaderPhone))));
    }

    private readonly record struct Parsed(double Value, IResult? Error);

    /// <summary>Our own parsing, so a bad value gets a Chinese message naming the parameter instead of the framework's 400.</summary>
    private static Parsed ParseCoordinate(HttpRequest request, string name, double limit)
    {
        var label = name == "lng" ? "经度" : "纬度";
        var raw = request.Query[name].ToString().Trim();
        IResult Bad(string detail) => ProblemDetailsSetup.Problem(400, detail, new Dictionary<string, object?> { ["parameter"] = name });
        if (raw.Length == 0) return new(0, Bad($"缺少参数 {name}（{label}）。"));
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            return new(0, Bad($"参数 {name}（{label}）的值“{raw}”不是数字。"));
        if (!double.IsFinite(value)) return new(0, Bad($"参数 {name}（{label}）必须是有限的数字，不能是 {raw}。"));
        if (Math.Abs(value) > limit) return new(0, Bad($"参数 {name}（{label}）应在 −{limit} 到 {limit} 之间，实际为 {raw}。"));
        return new(value, null);
    }
}
