using GridGovernance.DemoCounty.Randomness;

namespace GridGovernance.DemoCounty.People;

/// <summary>Fictitious personal names: a common surname of the region and one or two given-name characters.</summary>
public static class PersonNames
{
    // Weighted towards surnames common in western Guangxi (黄, 罗, 韦, 陆, 农, 岑, 班, 蓝 …).
    private static readonly (string Surname, double Weight)[] Surnames =
    [
        ("黄", 9), ("罗", 7), ("韦", 7), ("李", 5), ("陆", 4), ("杨", 4), ("梁", 3), ("蓝", 3), ("班", 2), ("岑", 2),
        ("农", 2), ("潘", 2), ("莫", 2), ("覃", 2), ("王", 2), ("陈", 2), ("刘", 1.5), ("张", 1.5), ("吴", 1), ("周", 1),
        ("赵", 1), ("邓", 1), ("廖", 1), ("何", 1), ("卢", 1), ("谢", 1), ("唐", 0.8), ("苏", 0.8), ("冯", 0.6), ("凌", 0.6),
        ("赖", 0.5), ("马", 0.5), ("许", 0.5), ("邹", 0.4), ("田", 0.4), ("龙", 0.4),
    ];

    private const string GivenCharacters =
        "建国华明文军志海永春芳兰英秀美丽玉红金成东德荣光勇平林琳强伟梅燕霞桂福贵清忠和新安宏凤娟莲云杰斌辉俊涛超鹏婷敏静丹雪佳宇浩子良富江山";

    private static readonly double[] SurnameWeights = Surnames.Select(s => s.Weight).ToArray();

    public static string Next(DemoRandom random)
    {
        var surname = Surnames[random.PickWeighted(SurnameWeights)].Surname;
        var first = GivenCharacters[random.NextInt(GivenCharacters.Length)];
        return random.Chance(0.25)
            ? $"{surname}{first}"
            : $"{surname}{first}{GivenCharacters[random.NextInt(GivenCharacters.Length)]}";
    }
}
