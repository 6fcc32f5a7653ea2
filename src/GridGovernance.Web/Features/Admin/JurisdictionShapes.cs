using System.Globalization;
using System.Text.Json;
using GridGovernance.Web.Plumbing;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace GridGovernance.Web.Features.Admin;

/// <summary>A unit's jurisdiction as .NET checked it, or why not (Chinese, for the page).</summary>
internal sealed record JurisdictionShape(MultiPolygon? Shape, string? Problem, double TrimmedShare = 0)
{
    public static JurisdictionShape Refused(string problem) => new(null, problem);
}

/// <summary>
/// The geometry of a unit's jurisdiction in .NET (NetTopologySuite), before the database sees it: a GeoJSON file read
/// (Polygon or MultiPolygon, bare, as a Feature or a FeatureCollection; WGS-84 longitude/latitude, EPSG:4326 — or CGCS2000,
/// EPSG:4490, which differs by less than a metre), and a drawn or
/// imported shape checked — polygonal, not too large, valid (with where it is not), and inside the county: what lies
/// outside the county's border is cut off (a line drawn along the border never follows it exactly), and a shape with
/// nothing inside is refused. The database checks the result again (territory_geom_ok, and migration 0026: inside the county).
/// </summary>
internal static class JurisdictionShapes
{
    /// <summary>A GeoJSON file larger than this is not a unit's jurisdiction (a township's polygon is ≈ 30 KB).</summary>
    public const long MaxFileBytes = 5 * 1024 * 1024;

    /// <summary>More vertices than this cannot be a unit's area drawn by people (a township has ≈ 500).</summary>
    public const int MaxVertices = 50_000;

    /// <summary>Parts smaller than this share of the whole are slivers left by cutting along the county border.</summary>
    private const double SliverShare = 0.005;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private static JsonSerializerOptions GeoJson => GeoJsonOptions.Web;

    // CGCS2000 (EPSG:4490, the official maps' and Tianditu's datum) differs from WGS-84 by well under a metre: taken as it is.
    private static readonly string[] Wgs84Names =
    [
        "EPSG:4326", "urn:ogc:def:crs:EPSG::4326", "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "CRS84",
        "EPSG:4490", "urn:ogc:def:crs:EPSG::4490",
    ];

    /// <summary>Reads a GeoJSON document (a geometry, a Feature or a FeatureCollection of polygons) into one geometry.</summary>
    public static (Geometry? Geometry, string? Problem) ReadGeoJson(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return (null, "文件不是有效的 GeoJSON（JSON 格式错误）。");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
                return (null, "文件不是 GeoJSON：缺少 type。");
            if (CrsProblem(root) is { } crsProblem) return (null, crsProblem);

            var geometries = new List<JsonElement>();
            switch (typeElement.GetString())
            {
                case "FeatureCollection":
                    if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                        return (null, "FeatureCollection 缺少 features。");
                    foreach (var feature in features.EnumerateArray())
                    {
                        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object)
                            return (null, "文件中有要素没有几何图形。");
                        geometries.Add(g);
                    }
                    break;
                case "Feature":
                    if (!root.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
                        return (null, "要素（Feature）没有几何图形。");
                    geometries.Add(geometry);
                    break;
                default:
                    geometries.Add(root);
                    break;
            }
            if (geometries.Count == 0) return (null, "文件中没有图形。");

            var polygons = new List<Polygon>();
            foreach (var element in geometries)
            {
                var type = element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (type is not ("Polygon" or "MultiPolygon"))
                    return (null, $"只能导入面（Polygon 或 MultiPolygon），文件中有 {type ?? "未知类型"}。");
                Geometry? read;
                try
                {
                    read = JsonSerializer.Deserialize<Geometry>(element.GetRawText(), GeoJson);
                }
                catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
                {
                    return (null, "文件中的图形无法识别（坐标格式不正确）。");
                }
                if (read is null || read.IsEmpty) return (null, "文件中有空的图形。");
                for (var i = 0; i < read.NumGeometries; i++) polygons.Add((Polygon)read.GetGeometryN(i));
            }
            var envelope = new Envelope();
            foreach (var p in polygons) envelope.ExpandToInclude(p.EnvelopeInternal);
            if (envelope.MinX < -180 || envelope.MaxX > 180 || envelope.MinY < -90 || envelope.MaxY > 90)
                return (null, "坐标超出经纬度范围：文件可能是投影坐标（如 CGCS2000 高斯投影），请导出为 WGS-84 经纬度（EPSG:4326）。");
            // Several features (two townships' areas for one 派出所) are one jurisdiction: joined, their shared borders gone.
            if (polygons.Count > 1 && polygons.All(p => p.IsValid))
            {
                try
                {
                    var joined = Factory.BuildGeometry(polygons).Union();
                    joined.SRID = 4326;
                    return (joined, null);
                }
                catch (TopologyException)
                {
                    // Left as parts: the check below says what is wrong with them.
                }
            }
            return (Factory.CreateMultiPolygon(polygons.ToArray()), null);
        }
    }

    private static string? CrsProblem(JsonElement root)
    {
        if (!root.TryGetProperty("crs", out var crs) || crs.ValueKind == JsonValueKind.Null) return null;
        var name = crs.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                   && properties.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        return name is not null && Wgs84Names.Any(w => string.Equals(w, name, StringComparison.OrdinalIgnoreCase))
            ? null
            : $"坐标系须为 WGS-84 经纬度（EPSG:4326），文件声明的是 {name ?? "未知坐标系"}。";
    }

    /// <summary>Checks a drawn or imported shape against the county: the polygonal shape to store, or why not.</summary>
    public static JurisdictionShape Check(Geometry? shape, Geometry county)
    {
        if (shape is null || shape.IsEmpty) return JurisdictionShape.Refused("请先在地图上画出管辖区域，或导入 GeoJSON 文件。");
        if (shape is not (Polygon or MultiPolygon)) return JurisdictionShape.Refused("管辖区域须是面（多边形），不能是线或点。");
        if (shape.NumPoints > MaxVertices)
            return JurisdictionShape.Refused($"图形顶点过多（{shape.NumPoints} 个，上限 {MaxVertices}），请简化后再导入。");
        var validity = new IsValidOp(shape);
        if (!validity.IsValid)
        {
            var error = validity.ValidationError;
            var where = error?.Coordinate is { } c
                ? $"（约在经度 {c.X.ToString("0.00000", CultureInfo.InvariantCulture)}，纬度 {c.Y.ToString("0.00000", CultureInfo.InvariantCulture)} 处）"
                : "";
            return JurisdictionShape.Refused($"图形无效：{Describe(error?.ErrorType)}{where}，请修正后重试。");
        }
        Geometry inside;
        try
        {
            inside = shape.Intersection(county);
        }
        catch (TopologyException)
        {
            return JurisdictionShape.Refused("图形与县界无法求交（图形可能过于复杂），请简化后重试。");
        }
        var kept = Polygons(inside).Where(p => p.Area >= SliverShare * shape.Area).ToArray();
        if (kept.Length == 0) return JurisdictionShape.Refused("所画的范围不在本县内。");
        var result = Factory.CreateMultiPolygon(kept.Select(p => (Polygon)Factory.CreateGeometry(p)).ToArray());
        if (!result.IsValid) return JurisdictionShape.Refused("按县界裁剪后的图形无效，请重画。");
        var trimmed = Math.Max(0, 1 - result.Area / shape.Area);
        return new JurisdictionShape(result, null, trimmed < 1e-6 ? 0 : trimmed);
    }

    private static IEnumerable<Polygon> Polygons(Geometry geometry)
    {
        for (var i = 0; i < geometry.NumGeometries; i++)
            if (geometry.GetGeometryN(i) is Polygon { IsEmpty: false } polygon) yield return polygon;
            else if (geometry.GetGeometryN(i) is GeometryCollection nested)
                foreach (var inner in Polygons(nested)) yield return inner;
    }

    private static string Describe(TopologyValidationErrors? error) => error switch
    {
        TopologyValidationErrors.SelfIntersection or TopologyValidationErrors.RingSelfIntersection => "边线自相交",
        TopologyValidationErrors.TooFewPoints => "顶点太少",
        TopologyValidationErrors.RingNotClosed => "边线没有闭合",
        TopologyValidationErrors.HoleOutsideShell or TopologyValidationErrors.NestedHoles => "内部空洞的位置不正确",
        TopologyValidationErrors.NestedShells or TopologyValidationErrors.DisconnectedInteriors or TopologyValidationErrors.DuplicateRings => "几个面相互重叠或内部不连通",
        TopologyValidationErrors.InvalidCoordinate => "有无效的坐标",
        _ => "图形不合法",
    };
}
