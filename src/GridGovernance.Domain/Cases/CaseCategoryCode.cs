using System.Globalization;

namespace GridGovernance.Domain.Cases;

/// <summary>A 小类 as the classification names it: kind letter + 大类 + 小类, e.g. E0102 (事件 · 市容环境 · 暴露垃圾).</summary>
public sealed record CaseCategoryCode(CaseKind Kind, int Major, int Minor)
{
    public static CaseCategoryCode? TryParse(string? text)
    {
        if (text is not { Length: 5 } || CaseKindExtensions.FromLetter(text[0]) is not { } kind) return null;
        if (!text.AsSpan(1).ToArray().All(char.IsAsciiDigit)) return null;
        var major = int.Parse(text.AsSpan(1, 2), CultureInfo.InvariantCulture);
        var minor = int.Parse(text.AsSpan(3, 2), CultureInfo.InvariantCulture);
        return major > 0 && minor > 0 ? new CaseCategoryCode(kind, major, minor) : null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind.Letter()}{Major:D2}{Minor:D2}");
}
