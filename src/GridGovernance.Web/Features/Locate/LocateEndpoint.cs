using System.Globalization;
using GridGovernance.Domain.Geo;
using GridGovernance.Domain.Privacy;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Locate;

/// <summary>GET /api/locate?lng=…&amp;lat=…[&amp;crs=wgs84|gcj02]: which township, village and grid a point falls in, and who serves it.</summary>
internal static class LocateEndpoint
{
    public static void MapLocate(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/locate", HandleAsync).WithName("Locate");

    private static async Task<IResult> HandleAsync(HttpRequest request, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (ParseCoordinate(request, "lng", 180) is { Error: { } lngError }) return lngError;
        if (ParseCoordinate(request, "lat", 90) is { Error: { } latError }) return latError;
        var input = new LngLat(ParseCoordinate(request, "lng", 180).Value, ParseCoordinate(request, "lat", 90).Value);

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

        var row = await LocateQuery.RunAsync(dataSource, wgs.Lng, wgs.Lat, cancellationToken);
        if (row is null)
            return ProblemDetailsSetup.Problem(404,
                $"该位置（经度 {wgs.Lng.ToString("0.######", CultureInfo.InvariantCulture)}，纬度 {wgs.Lat.ToString("0.######", CultureInfo.InvariantCulture)}）不在本系统管辖的县域范围内。");

        return Results.Json(ToResponse(row, wgs, crs, input));
    }

    private static object ToResponse(LocateRow row, LngLat wgs, string crs, LngLat input)
    {
        var staff = row.StaffRoles.Select((role, i) => new { role, name = row.StaffNames[i], phone = PhoneMask.Mask(row.StaffPhones[i]) }).ToList();
        return new
        {
            point = new { lng = Math.Round(wgs.Lng, 7), lat = Math.Round(wgs.Lat, 7), crs = "wgs84" },
            input = crs == "wgs84" ? null : new { lng = input.Lng, lat = input.Lat, crs },
            township = new { code = row.TownshipCode, name = row.TownshipName },
            village = new { code = row.VillageCode, name = row.VillageName },
            grid = new { code = row.GridCode, name = row.GridName },
            // False when the point lies in a sliver between grids and was assigned to the nearest one (属地兜底).
            insideGrid = row.InsideGrid,
            gridHead = staff.Where(s => s.role == "grid_head").Select(s => new { s.name, s.phone }).FirstOrDefault(),
            gridWorkers = staff.Where(s => s.role == "grid_worker").Select(s => new { s.name, s.phone }).ToList(),
            linkUnit = row.LinkUnitCode is null ? null : new
            {
                code = row.LinkUnitCode,
                name = row.LinkUnitName,
                distanceMetres = Math.Round(row.LinkUnitDistanceMetres ?? 0, 1),
                leader = row.LeaderName is null ? null : new { name = row.LeaderName, phone = PhoneMask.Mask(row.LeaderPhone) },
            },
        };
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
