using GridGovernance.DemoCounty.Randomness;

namespace GridGovernance.DemoCounty.People;

/// <summary>
/// Invented hamlet (屯) and street names in the style of the area's Zhuang place names (那, 弄, 陇, 百 …).
/// They name no real place on purpose.
/// </summary>
public static class PlaceNames
{
    private const string HamletFirst = "那弄陇坡板百六岩伟央平上下中新老大小东西南北里马达巴果浪八九磨歌洞坪江河沙岭林旺纳布拉龙";
    private const string HamletSecond = "洪合秀林浩照雅烈王达布里甲尤楼怀福兰塘朗亭民化坤作台襄伏卜坝仰谋佃祥更贤力利田凤陆洲山峰桃烟坳相哈贵兴";
    private static readonly string[] StreetStems =
    [
        "迎晖", "环城", "城南", "城北", "城东", "城西", "朝阳", "民族", "文化", "建设", "人民", "和平", "泗水", "公园",
        "体育", "兴凌", "秀峰", "水源", "育才", "龙泉", "中山", "新华", "青龙", "白马", "金鸡", "五一", "沿河", "茶山",
    ];

    private static readonly string[] StreetSuffixes = ["路", "街", "巷"];

    /// <summary>A hamlet name ending in 屯, not yet in <paramref name="used"/>.</summary>
    public static string Hamlet(DemoRandom random, ISet<string> used) =>
        Unused(used, () => $"{HamletFirst[random.NextInt(HamletFirst.Length)]}{HamletSecond[random.NextInt(HamletSecond.Length)]}屯");

    /// <summary>A two-character place-name stem (…县, …镇, …村 for synthetic divisions), not yet in <paramref name="used"/>.</summary>
    public static string Stem(DemoRandom random, ISet<string> used) =>
        Unused(used, () => $"{HamletFirst[random.NextInt(HamletFirst.Length)]}{HamletSecond[random.NextInt(HamletSecond.Length)]}");

    /// <summary>A town street name (…路/街/巷), not yet in <paramref name="used"/>.</summary>
    public static string Street(DemoRandom random, ISet<string> used) =>
        Unused(used, () => random.Pick(StreetStems) + StreetSuffixes[random.PickWeighted([0.5, 0.35, 0.15])]);

    private static string Unused(ISet<string> used, Func<string> next)
    {
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var name = next();
            if (used.Add(name))
            {
                return name;
            }
        }

        throw new InvalidOperationException("Ran out of unused place names.");
    }
}
