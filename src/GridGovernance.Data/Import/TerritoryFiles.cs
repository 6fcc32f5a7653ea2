using System.Globalization;
using System.Text;
using System.Text.Json;
using GridGovernance.Domain.Territory;

namespace GridGovernance.Data.Import;

/// <summary>A polygon-bearing feature of any level (county, township, village, grid) or a 十联户 unit point, as read from a file.</summary>
public sealed record AreaFeature(string File, int Ordinal, TerritoryLevel Level, string Code, string Name, string? Parent,
    string? Kind, string? Leader, string GeometryJson);

public sealed record HouseholdRow(int Line, string Code, string GridCode, string? LinkUnitCode, string HeadName, short Members,
    string? Phone, string? Address, double Lng, double Lat);

public sealed record StaffRow(int Line, string GridCode, string Role, string Name, string Phone);

/// <summary>
/// Reads a territory directory (see geodata/FORMAT.md) into rows, collecting every problem that can be seen without the
/// database: missing files, unreadable JSON or CSV, missing properties, malformed codes, codes that do not extend their
/// parent's, duplicate codes, a foreign CRS and coordinates that cannot be longitude/latitude.
/// </summary>
public sealed class TerritoryFiles
{
    public static readonly (string File, TerritoryLevel Level)[] FeatureFiles =
    [
        ("county.geojson", TerritoryLevel.County),
        ("townships.geojson", TerritoryLevel.Township),
        ("villages.geojson", TerritoryLevel.Village),
        ("grids.geojson", TerritoryLevel.Grid),
        ("link-units.geojson", TerritoryLevel.LinkUnit),
    ];

    public const string HouseholdsFile = "households.csv";
    public const string StaffFile = "grid-staff.csv";

    private static readonly string[] HouseholdColumns = ["code", "grid_code", "link_unit_code", "head_name", "members", "phone", "address", "lng", "lat"];
    private static readonly string[] StaffColumns = ["grid_code", "role", "name", "phone"];
    private static readonly string[] AcceptedCrsNames = ["urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326", "urn:ogc:def:crs:EPSG::4326"];

    private readonly List<ImportProblem> _problems = [];
    private readonly HashSet<string> _seenCodes = new(StringComparer.Ordinal);

    public List<AreaFeature> Features { get; } = [];
    public List<HouseholdRow> Households { get; } = [];
    public List<StaffRow> Staff { get; } = [];
    public IReadOnlyList<ImportProblem> Problems => _problems;

    public static TerritoryFiles Read(string directory)
    {
        var files = new TerritoryFiles();
        if (!Directory.Exists(directory))
        {
            files.Problem("(目录)", null, $"找不到数据目录：{directory}");
            return files;
        }
        foreach (var (file, level) in FeatureFiles) files.ReadFeatures(Path.Combine(directory, file), file, level);
        files.ReadHouseholds(Path.Combine(directory, HouseholdsFile));
        files.ReadStaff(Path.Combine(directory, StaffFile));
        if (files.Features.Count(f => f.Level == TerritoryLevel.County) != 1 && !files._problems.Any(p => p.File == "county.geojson"))
            files.Problem("county.geojson", null, "应当恰好包含一个县（区）要素");
        return files;
    }

    private void ReadFeatures(string path, string file, TerritoryLevel level)
    {
        if (!File.Exists(path))
        {
            Problem(file, null, "缺少此文件");
            return;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            Problem(file, null, $"不是有效的 JSON（第 {e.LineNumber + 1} 行附近）");
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "type") != "FeatureCollection"
                || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                Problem(file, null, "应为 GeoJSON FeatureCollection");
                return;
            }
            if (root.TryGetProperty("crs", out var crs) && crs.ValueKind == JsonValueKind.Object)
            {
                var crsName = crs.TryGetProperty("properties", out var p) ? Text(p, "name") : null;
                if (crsName is null || !AcceptedCrsNames.Contains(crsName, StringComparer.OrdinalIgnoreCase))
                    Problem(file, null, $"坐标参考系为“{crsName ?? "未知"}”，只接受 WGS-84 经纬度（EPSG:4326 / CRS84）；请先转换坐标");
            }
            var ordinal = 0;
            foreach (var feature in features.EnumerateArray())
            {
                ordinal++;
                ReadFeature(feature, file, level, ordinal);
            }
        }
    }

    private void ReadFeature(JsonElement feature, string file, TerritoryLevel level, int ordinal)
    {
        var properties = feature.ValueKind == JsonValueKind.Object && feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? p
            : default;
        var code = properties.ValueKind == JsonValueKind.Object ? Text(properties, "code") : null;
        var label = code ?? $"第 {ordinal} 个要素";
        if (properties.ValueKind != JsonValueKind.Object)
        {
            Problem(file, null, $"{label}缺少 properties");
            return;
        }
        var name = Text(properties, "name");
        var parent = Text(properties, "parent");
        var ok = true;
        if (TerritoryCode.Problem(code, level) is { } codeProblem) { Problem(file, code, codeProblem); ok = false; }
        else if (TerritoryCode.ParentProblem(code!, level, parent) is { } parentProblem) { Problem(file, code, parentProblem); ok = false; }
        if (string.IsNullOrWhiteSpace(name)) { Problem(file, code, "缺少名称（name）"); ok = false; }
        else if (name.Length > 100) { Problem(file, code, "名称超过 100 个字符"); ok = false; }
        if (code is not null && !_seenCodes.Add(code)) { Problem(file, code, "编码重复"); ok = false; }

        var kind = Text(properties, "kind");
        if (level == TerritoryLevel.Grid && kind is not null and not ("comprehensive" or "dedicated"))
        {
            Problem(file, code, $"网格类型“{kind}”无效，应为 comprehensive（综合网格）或 dedicated（专属网格）");
            ok = false;
        }
        var leader = level == TerritoryLevel.LinkUnit ? Text(properties, "leader") : null;

        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
        {
            Problem(file, code, "缺少几何图形（geometry）");
            return;
        }
        if (CoordinateProblem(geometry) is { } coordinateProblem) { Problem(file, code, coordinateProblem); ok = false; }
        if (ok) Features.Add(new AreaFeature(file, ordinal, level, code!, name!.Trim(), parent, kind, leader, geometry.GetRawText()));
    }

    /// <summary>Finds coordinates that cannot be WGS-84 longitude/latitude (the usual sign of projected data such as EPSG:3857).</summary>
    private static string? CoordinateProblem(JsonElement geometry)
    {
        if (!geometry.TryGetProperty("coordinates", out var coordinates)) return null; // the database reports the malformed geometry
        var stack = new Stack<JsonElement>();
        stack.Push(coordinates);
        while (stack.Count > 0)
        {
            var element = stack.Pop();
            if (element.ValueKind != JsonValueKind.Array) continue;
            if (element.GetArrayLength() >= 2 && element[0].ValueKind == JsonValueKind.Number)
            {
                var lng = element[0].GetDouble();
                var lat = element[1].GetDouble();
                if (lng is < -180 or > 180 || lat is < -90 or > 90)
                    return $"坐标 ({lng.ToString(CultureInfo.InvariantCulture)}, {lat.ToString(CultureInfo.InvariantCulture)}) 超出经纬度范围，疑似投影坐标；请转换为 WGS-84 经纬度（EPSG:4326）";
                continue;
            }
            foreach (var child in element.EnumerateArray()) stack.Push(child);
        }
        return null;
    }

    private void ReadHouseholds(string path)
    {
        foreach (var (line, f) in ReadCsv(path, HouseholdsFile, HouseholdColumns))
        {
            var code = f[0];
            var ok = true;
            if (TerritoryCode.Problem(code, TerritoryLevel.Household) is { } codeProblem) { Problem(HouseholdsFile, code, $"第 {line} 行：{codeProblem}"); ok = false; }
            else if (TerritoryCode.ParentProblem(code, TerritoryLevel.Household, f[1]) is { } parentProblem) { Problem(HouseholdsFile, code, $"第 {line} 行：{parentProblem}"); ok = false; }
            else if (!_seenCodes.Add(code)) { Problem(HouseholdsFile, code, $"第 {line} 行：编码重复"); ok = false; }
            var linkUnit = f[2].Length == 0 ? null : f[2];
            if (linkUnit is not null && !linkUnit.StartsWith(f[1], StringComparison.Ordinal))
            { Problem(HouseholdsFile, code, $"第 {line} 行：十联户 {linkUnit} 不属于网格 {f[1]}"); ok = false; }
            if (f[3].Length is 0 or > 50) { Problem(HouseholdsFile, code, $"第 {line} 行：户主姓名应为 1–50 个字符"); ok = false; }
            if (!short.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out var members) || members is < 1 or > 30)
            { Problem(HouseholdsFile, code, $"第 {line} 行：人口数“{f[4]}”应为 1–30 的整数"); ok = false; }
            var phone = f[5].Length == 0 ? null : f[5];
            if (phone is not null && !IsMobilePhone(phone)) { Problem(HouseholdsFile, code, $"第 {line} 行：电话“{phone}”不是 11 位手机号"); ok = false; }
            var lngOk = TryCoordinate(f[7], 180, out var lng);
            var latOk = TryCoordinate(f[8], 90, out var lat);
            if (!lngOk || !latOk)
            { Problem(HouseholdsFile, code, $"第 {line} 行：经纬度“{f[7]}, {f[8]}”无效或超出 WGS-84 经纬度范围"); ok = false; }
            if (ok) Households.Add(new HouseholdRow(line, code, f[1], linkUnit, f[3], members, phone, f[6].Length == 0 ? null : f[6], lng, lat));
        }
    }

    private void ReadStaff(string path)
    {
        foreach (var (line, f) in ReadCsv(path, StaffFile, StaffColumns))
        {
            var ok = true;
            if (TerritoryCode.Problem(f[0], TerritoryLevel.Grid) is { } codeProblem) { Problem(StaffFile, f[0], $"第 {line} 行：{codeProblem}"); ok = false; }
            if (f[1] is not ("grid_head" or "grid_worker")) { Problem(StaffFile, f[0], $"第 {line} 行：角色“{f[1]}”应为 grid_head（网格长）或 grid_worker（网格员）"); ok = false; }
            if (f[2].Length is 0 or > 50) { Problem(StaffFile, f[0], $"第 {line} 行：姓名应为 1–50 个字符"); ok = false; }
            if (!IsMobilePhone(f[3])) { Problem(StaffFile, f[0], $"第 {line} 行：电话“{f[3]}”不是 11 位手机号"); ok = false; }
            if (ok) Staff.Add(new StaffRow(line, f[0], f[1], f[2], f[3]));
        }
    }

    /// <summary>
    /// The data rows of one CSV file, trimmed, after checking its header; a row with the wrong number of columns, or text
    /// that is not valid CSV, becomes a problem naming the file and the row. Rows are numbered as a spreadsheet shows them
    /// (the header is row 1), which is also the line number unless a quoted field holds a line break.
    /// </summary>
    private IEnumerable<(int Line, string[] Fields)> ReadCsv(string path, string file, string[] columns)
    {
        if (!File.Exists(path))
        {
            Problem(file, null, "缺少此文件");
            yield break;
        }
        using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        using var records = Csv.Read(reader).GetEnumerator();
        var header = true;
        while (NextRecord(records, file) is { } record)
        {
            var (line, fields) = (record.Row, record.Fields);
            if (header)
            {
                header = false;
                var actual = fields.Select(h => h.Trim()).ToArray();
                if (!actual.SequenceEqual(columns))
                {
                    Problem(file, null, $"表头应为 {string.Join(",", columns)}，实际为 {string.Join(",", actual)}");
                    yield break;
                }
                continue;
            }
            if (fields.Length != columns.Length)
            {
                Problem(file, null, $"第 {line} 行有 {fields.Length} 列，应为 {columns.Length} 列");
                continue;
            }
            yield return (line, fields.Select(v => v.Trim()).ToArray());
        }
    }

    private CsvRecord? NextRecord(IEnumerator<CsvRecord> records, string file)
    {
        try
        {
            return records.MoveNext() ? records.Current : null;
        }
        catch (CsvSyntaxException e)
        {
            Problem(file, null, $"第 {e.Row} 行附近不是有效的 CSV（引号未闭合，或右引号后还有字符）；此行及之后的内容未读取");
            return null;
        }
    }

    private static bool IsMobilePhone(string phone) =>
        phone.Length == 11 && phone[0] == '1' && phone[1] is >= '3' and <= '9' && phone.All(char.IsAsciiDigit);

    private static bool TryCoordinate(string text, double limit, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value) && Math.Abs(value) <= limit;

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private void Problem(string file, string? code, string message) => _problems.Add(new ImportProblem(file, code, message));
}
