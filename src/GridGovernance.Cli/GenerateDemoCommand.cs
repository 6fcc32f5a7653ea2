using System.Diagnostics;
using System.Globalization;
using GridGovernance.DemoCounty;
using GridGovernance.DemoCounty.Scaled;
using GridGovernance.DemoCounty.Spatial;

namespace GridGovernance.Cli;

/// <summary>
/// gridgov generate-demo [--out DIR] [--divisions FILE]: regenerates the synthetic demo county 凌云县 (示意数据).
/// Defaults are the committed locations: geodata/lingyun (relative to the current directory) from
/// geodata/source/divisions-451027.csv (looked up from the current directory upwards). The output is byte-identical on every run.
/// gridgov generate-demo --counties N --out DIR [--county-area KM2]: a synthetic province of N counties (codes 99PPCC) for
/// benchmarks, one importable directory per county; ≈ 650 counties give ≈ 100,000 grids.
/// </summary>
internal static class GenerateDemoCommand
{
    private const string Usage = """
        用法：gridgov generate-demo [--out DIR] [--divisions FILE]
              gridgov generate-demo --counties N --out DIR [--county-area KM2]   （压测用虚构省份，每县一个目录）
        """;

    public static Task<int> RunAsync(string[] args)
    {
        string? output = null, divisions = null;
        int? counties = null;
        var countyArea = 400.0;
        // Accept the verb itself as the first argument, whichever way the dispatcher passes it.
        var rest = args.Length > 0 && args[0] == "generate-demo" ? args[1..] : args;
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--out" when i + 1 < rest.Length:
                    output = rest[++i];
                    break;
                case "--divisions" when i + 1 < rest.Length:
                    divisions = rest[++i];
                    break;
                case "--counties" when i + 1 < rest.Length && int.TryParse(rest[i + 1], CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 9801:
                    counties = n;
                    i++;
                    break;
                case "--county-area" when i + 1 < rest.Length && double.TryParse(rest[i + 1], CultureInfo.InvariantCulture, out var area) && area is >= 50 and <= 10_000:
                    countyArea = area;
                    i++;
                    break;
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return Task.FromResult(0);
                default:
                    return Fail($"无法识别的参数“{rest[i]}”");
            }
        }

        if (counties is { } count)
        {
            return output is null || divisions is not null
                ? Fail("虚构省份需要 --out DIR，且不使用 --divisions")
                : Task.FromResult(GenerateProvince(count, countyArea, output));
        }

        divisions ??= FindCommittedDivisions();
        return File.Exists(divisions)
            ? Task.FromResult(GenerateLingyun(divisions, output ?? DemoCountyFiles.LingyunOutput))
            : Fail($"找不到区划代码文件 {divisions}（可用 --divisions FILE 指定）");
    }

    private static int GenerateLingyun(string divisions, string output)
    {
        var clock = Stopwatch.StartNew();
        var territory = DemoCountyFiles.Generate(divisions, output);
        var perGrid = territory.Households.GroupBy(h => h.GridCode).Select(g => g.Count()).ToList();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"已生成{territory.County.Name}（示意数据）到 {output}：约 {EqualArea.SquareKilometres(territory.County.Shape):F0} 平方公里，" +
            $"{territory.Townships.Count} 个乡镇，{territory.Villages.Count} 个村（社区），{territory.Grids.Count} 个网格（每格 {perGrid.Min()}–{perGrid.Max()} 户），" +
            $"{territory.LinkUnits.Count} 个十联户，{territory.Households.Count} 户，用时 {clock.Elapsed.TotalSeconds:F1} 秒。"));
        return 0;
    }

    private static int GenerateProvince(int counties, double countyArea, string output)
    {
        var clock = Stopwatch.StartNew();
        var written = 0;
        var summary = ScaledTerritoryGenerator.WriteAll(
            new ScaledTerritoryOptions(counties) { CountyAreaSquareKilometres = countyArea },
            output,
            countyWritten: code =>
            {
                var done = Interlocked.Increment(ref written);
                if (done % 10 == 0 || done == counties)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {done}/{counties} 个县（最近：{code}），{clock.Elapsed.TotalSeconds:F0} 秒"));
                }
            });
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"已生成虚构省份（示意数据）到 {output}：{summary.Counties} 个县，{summary.Townships} 个乡镇，{summary.Villages} 个村（社区），" +
            $"{summary.Grids} 个网格，{summary.LinkUnits} 个十联户，{summary.Households} 户，用时 {clock.Elapsed.TotalSeconds:F0} 秒。"));
        return 0;
    }

    private static Task<int> Fail(string message)
    {
        Console.Error.WriteLine($"generate-demo：{message}");
        Console.Error.WriteLine(Usage);
        return Task.FromResult(2);
    }

    /// <summary>The committed input, from the current directory or the nearest parent holding it (the repository root).</summary>
    private static string FindCommittedDivisions()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, DemoCountyFiles.LingyunDivisions);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return DemoCountyFiles.LingyunDivisions;
    }
}
