using System.Text.RegularExpressions;

namespace GridGovernance.Domain.Departments;

/// <summary>
/// The code of a department's unit: the code of the territory it serves (county 6 digits or township 9), a hyphen and a
/// lower-case slug, e.g. 451027-chengguan (县城管局) or 451027100-police (泗城派出所). Because it starts with a territory code,
/// "the units of county C" is every code that starts with C, as for territory codes.
/// </summary>
public static partial class DepartmentUnitCode
{
    public const int MaxLength = 50;

    /// <summary>Why <paramref name="code"/> is not a unit code, in Chinese; null when it is.</summary>
    public static string? Problem(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return "缺少单位编码。";
        if (code.Length > MaxLength) return $"单位编码不能超过 {MaxLength} 个字符。";
        return Pattern().IsMatch(code)
            ? null
            : $"单位编码“{code}”格式不对：应为县（6 位）或乡镇（9 位）编码、连字符和小写英文字母，如 451027-chengguan、451027100-police。";
    }

    /// <summary>The county a (valid) unit code belongs to: its first six digits.</summary>
    public static string CountyCode(string code) =>
        Problem(code) is { } problem ? throw new ArgumentException(problem, nameof(code)) : code[..6];

    [GeneratedRegex("^[0-9]{6}([0-9]{3})?-[a-z][a-z0-9]*(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
