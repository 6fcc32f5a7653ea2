using System.Globalization;
using GridGovernance.Domain.Geo;
using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Plumbing;

/// <summary>
/// A point in a query string (?lng=…&amp;lat=…[&amp;crs=wgs84|gcj02]), as /api/locate and /api/staff/routing read it: our own
/// parsing, so a bad value gets a Chinese problem naming the parameter instead of the framework's 400.
/// </summary>
internal static class QueryCoordinates
{
    public readonly record struct Parsed(double Value, IResult? Error);

    public readonly record struct Converted(LngLat Wgs84, string Crs, IResult? Error);

    public static IResult Bad(string parameter, string detail) =>
        ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, detail, new Dictionary<string, object?> { ["parameter"] = parameter });

    public static Parsed Coordinate(IQueryCollection query, string name, string label, double limit)
    {
        var raw = query[name].ToString().Trim();
        if (raw.Length == 0) return new(0, Bad(name, $"缺少参数 {name}（{label}）。"));
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            return new(0, Bad(name, $"参数 {name}（{label}）的值“{raw}”不是数字。"));
        if (!double.IsFinite(value)) return new(0, Bad(name, $"参数 {name}（{label}）必须是有限的数字，不能是 {raw}。"));
        if (Math.Abs(value) > limit) return new(0, Bad(name, $"参数 {name}（{label}）应在 −{limit} 到 {limit} 之间，实际为 {raw}。"));
        return new(value, null);
    }

    /// <summary>The point in WGS 84 and the name of the crs it came in (wgs84 or gcj02); GCJ-02 is what Chinese web maps show.</summary>
    public static Converted ToWgs84(IQueryCollection query, LngLat input) => query["crs"].ToString().ToLowerInvariant() switch
    {
        "" or "wgs84" or "epsg:4326" => new(input, "wgs84", null),
        "gcj02" => new(ChinaCoordinates.Gcj02ToWgs84(input), "gcj02", null),
        _ => new(input, "", Bad("crs", $"参数 crs 的值“{query["crs"]}”不受支持：可用 wgs84（默认，GPS/天地图）或 gcj02（高德/腾讯/微信地图）。")),
    };
}
