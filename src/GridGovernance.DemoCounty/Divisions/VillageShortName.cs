namespace GridGovernance.DemoCounty.Divisions;

/// <summary>
/// The everyday name of a village or community for labels such as grid names: the statistical list names the
/// committee ("镇洪村委会", "解放社区居委会"), people say "镇洪村", "解放社区". The village's own name stays the official one.
/// Only the committee suffixes found in the statistical lists are recognised; anything else is left as it is.
/// </summary>
public static class VillageShortName
{
    private static readonly (string Suffix, string Replacement)[] Suffixes =
    [
        ("社区居民委员会", "社区"),
        ("社区居委会", "社区"),
        ("居民委员会", "社区"),
        ("居委会", "社区"),
        ("村民委员会", "村"),
        ("村委会", "村"),
    ];

    public static string Of(string officialName)
    {
        foreach (var (suffix, replacement) in Suffixes)
        {
            if (officialName.EndsWith(suffix, StringComparison.Ordinal) && officialName.Length > suffix.Length)
            {
                return officialName[..^suffix.Length] + replacement;
            }
        }

        return officialName;
    }
}
