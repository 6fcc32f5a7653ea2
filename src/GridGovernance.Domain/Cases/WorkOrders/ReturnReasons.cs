namespace GridGovernance.Domain.Cases;

/// <summary>
/// The common reasons a unit gives an order back (退单), offered as a list on the inbox page; the unit adds its own words, and
/// "其他" takes words only. The stored reason is "原因：说明" so that a count by reason stays possible.
/// </summary>
public static class ReturnReasons
{
    public static IReadOnlyList<string> All { get; } =
    [
        "不属本单位职责",
        "不在本单位辖区",
        "信息不全，无法处置",
        "已由其他单位处置",
        "现场核实无此问题",
        "其他",
    ];

    /// <summary>The reason as stored: the chosen one and the free text, or either alone; null when both are empty.</summary>
    public static string? Compose(string? chosen, string? text)
    {
        chosen = All.Contains(chosen?.Trim()) && chosen!.Trim() != "其他" ? chosen.Trim() : null;
        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        return (chosen, text) switch
        {
            (null, null) => null,
            (null, _) => text,
            (_, null) => chosen,
            _ => $"{chosen}：{text}",
        };
    }
}
