using GridGovernance.Domain.Evaluation;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Stats;

/// <summary>The README's "How performance is evaluated" has a formula row for every indicator the domain defines.</summary>
public sealed class EvaluationReadmeTests
{
    private static string Section()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var start = readme.IndexOf("\n## How performance is evaluated", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, "README.md has no ## How performance is evaluated section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return readme[start..(end < 0 ? readme.Length : end)];
    }

    [Fact]
    public void Every_area_and_post_indicator_has_a_formula_row_in_the_readme()
    {
        var section = Section();
        // The first cell of every table row of the section: "| 平均签收用时 / 签收用时（90%） | …" names two.
        var named = section.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal))
            .Select(l => l.Split('|')[1]).ToList();
        foreach (var name in Indicators.All.Select(i => i.Name).Concat(PostScores.All.Select(i => i.Name)).Append("岗位得分"))
            named.ShouldContain(cell => cell.Contains(name, StringComparison.Ordinal), $"README: no formula row for {name}");
        section.ShouldContain("Which month a record counts in");
        section.ShouldContain("*Posts* (岗位评价)");
    }
}
