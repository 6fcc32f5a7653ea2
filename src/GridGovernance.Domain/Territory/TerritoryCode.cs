namespace GridGovernance.Domain.Territory;

/// <summary>
/// Codes of the territory: statistical division codes (GB/T 2260 based) for county (6 digits), township (9 = county + 3)
/// and village (12 = township + 3); below them our own extensions: grid (15 = village + 3, per Beijing's standard),
/// 十联户 unit (18 = grid + 3) and household (19 = grid + 4).
/// </summary>
public static class TerritoryCode
{
    /// <summary>Null when <paramref name="code"/> is a well-formed code of <paramref name="level"/>; otherwise why not, in Chinese.</summary>
    public static string? Problem(string? code, TerritoryLevel level)
    {
        var length = (int)level;
        if (string.IsNullOrEmpty(code)) return $"缺少{level.Chinese()}编码";
        if (code.Length != length || !code.All(char.IsAsciiDigit))
            return $"{level.Chinese()}编码应为 {length} 位数字，实际为“{code}”";
        // Each segment below the county numbers from 1: an all-zero segment means "this level is absent".
        var segmentStart = level == TerritoryLevel.County ? 0 : (int)level.Parent()!.Value;
        if (level != TerritoryLevel.County && code.AsSpan(segmentStart).TrimStart('0').IsEmpty)
            return $"{level.Chinese()}编码“{code}”的本级序号不能全为 0";
        if (level == TerritoryLevel.County && code.EndsWith("00", StringComparison.Ordinal))
            return $"县级编码“{code}”不应以 00 结尾（那是地级编码）";
        return null;
    }

    /// <summary>Null when <paramref name="code"/> extends <paramref name="parentCode"/> as its level requires; otherwise why not.</summary>
    public static string? ParentProblem(string code, TerritoryLevel level, string? parentCode)
    {
        var parentLevel = level.Parent();
        if (parentLevel is null) return null;
        if (string.IsNullOrEmpty(parentCode)) return $"{level.Chinese()} {code} 缺少上级{parentLevel.Value.Chinese()}编码";
        if (!code.StartsWith(parentCode, StringComparison.Ordinal) || parentCode.Length != (int)parentLevel.Value)
            return $"{level.Chinese()}编码 {code} 没有以上级{parentLevel.Value.Chinese()}编码 {parentCode} 开头";
        return null;
    }

    /// <summary>The level a code's length implies, or null.</summary>
    public static TerritoryLevel? LevelOf(string code) =>
        Enum.IsDefined(typeof(TerritoryLevel), code.Length) && code.All(char.IsAsciiDigit) ? (TerritoryLevel)code.Length : null;

    /// <summary>The kind of township its 3-digit segment implies: 001–099 街道, 100–199 镇, 200–399 乡.</summary>
    public static string TownshipKind(string townshipCode)
    {
        var segment = int.Parse(townshipCode.AsSpan(6, 3), System.Globalization.CultureInfo.InvariantCulture);
        return segment switch
        {
            < 100 => "街道",
            < 200 => "镇",
            < 400 => "乡",
            _ => "其他",
        };
    }

    /// <summary>Village segment 001–199 is a 居委会/社区, 200 and above a 村委会.</summary>
    public static bool IsCommunity(string villageCode) =>
        int.Parse(villageCode.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture) < 200;

    /// <summary>The grid code for the n-th grid of a village (n from 1 to 999).</summary>
    public static string GridCode(string villageCode, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 999);
        if (Problem(villageCode, TerritoryLevel.Village) is { } problem) throw new ArgumentException(problem, nameof(villageCode));
        return villageCode + number.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
    }
}
