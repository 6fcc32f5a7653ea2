using System.Text.RegularExpressions;
using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Tests.DemoCounty;

namespace GridGovernance.Domain.Tests.Cases;

/// <summary>
/// Every list of state codes written out in the source — SQL in migrations and C# strings, Razor, scripts — must be one of the
/// domain's named sets (<see cref="StateSets"/>); scripts may not list states at all (the page renders the sets for them).
/// A migration that lists a state set by hand (partial indexes and ON CONFLICT need literal lists) is held to the domain here.
/// </summary>
public partial class StateListAgreementTests
{
    // Two or more quoted codes separated by commas: ('a', 'b'), ["a", "b"], new Set(['a', 'b']) …
    [GeneratedRegex("""(['"])[a-z_]+\1(?:\s*,\s*(['"])[a-z_]+\2)+""")]
    private static partial Regex QuotedList();

    [GeneratedRegex("""[a-z_]+""")]
    private static partial Regex Code();

    private static readonly HashSet<string> CaseCodes = [.. StateSets.AllCases];
    private static readonly HashSet<string> OrderCodes = [.. StateSets.AllOrders];

    private sealed record StateList(string File, int Line, IReadOnlyList<string> Codes)
    {
        public override string ToString() => $"{File}:{Line} ({string.Join(", ", Codes)})";
    }

    [Fact]
    public void Every_state_list_in_sql_razor_and_csharp_is_one_of_the_domains_named_sets()
    {
        var lists = Scan(RepositoryRoot.Combine("src"), "*.sql", "*.cs", "*.razor");

        var strays = lists.Where(l => NameOf(l.Codes) is null).ToList();
        strays.ShouldBeEmpty("这些状态列表与领域的任何命名集合（StateSets）都不一致：\n" + string.Join("\n", strays));
        // The scan finds what it must: the migrations' partial indexes and the one SQL literal file.
        lists.ShouldContain(l => l.File.EndsWith("0010_dispatch.sql", StringComparison.Ordinal) && NameOf(l.Codes) == nameof(StateSets.ClockRunningCases));
        lists.ShouldContain(l => l.File.EndsWith("0011_supervision_indexes.sql", StringComparison.Ordinal) && NameOf(l.Codes) == nameof(StateSets.ActiveOrders));
        lists.ShouldContain(l => l.File.EndsWith("StateSql.cs", StringComparison.Ordinal) && NameOf(l.Codes) == nameof(StateSets.NotLiveOrders));
    }

    [Fact]
    public void Scripts_list_no_states_and_take_them_from_the_page()
    {
        var lists = Scan(RepositoryRoot.Combine(Path.Combine("src", "GridGovernance.Web", "wwwroot", "js")), "*.js");
        lists.ShouldBeEmpty("脚本中不应手写状态列表，请由页面渲染领域的集合：\n" + string.Join("\n", lists));
    }

    [Fact]
    public void The_scan_catches_a_list_that_lost_a_state()
    {
        var wrong = Find("x.sql", "WHERE state NOT IN ('returned') OR state IN ('pending', 'signed', 'arrived')").Single();
        NameOf(wrong.Codes).ShouldBeNull();
        NameOf(Find("y.sql", "state NOT IN ('returned', 'withdrawn')").Single().Codes).ShouldBe(nameof(StateSets.NotLiveOrders));
        Find("z.sql", "closure_type IN ('normal', 'overdue', 'error', 'special')").ShouldBeEmpty(); // not states
    }

    [Fact]
    public void The_named_sets_follow_the_domains_predicates()
    {
        StateSets.NotLiveOrders.ShouldBe(["returned", "withdrawn"]);
        StateSets.ActiveOrders.ShouldBe(["pending", "signed", "arrived", "in_progress"]);
        StateSets.FinishedCases.ShouldBe(["closed_on_spot", "voided", "closed", "revisited", "terminated", "archived"]);
        StateSets.OpenCases.Concat(StateSets.FinishedCases).Order().ShouldBe(StateSets.AllCases.Order());
        StateSets.Sql(StateSets.NotLiveOrders).ShouldBe("('returned', 'withdrawn')");
    }

    /// <summary>The name of the domain set with exactly these codes (order aside), or null.</summary>
    private static string? NameOf(IReadOnlyList<string> codes) =>
        StateSets.Named.FirstOrDefault(set => set.Value.Order().SequenceEqual(codes.Order())).Key;

    private static List<StateList> Scan(string root, params string[] patterns) =>
        patterns.SelectMany(p => Directory.EnumerateFiles(root, p, SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}lib{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Find(Path.GetRelativePath(RepositoryRoot.Path, f), File.ReadAllText(f)))
            .ToList();

    private static IEnumerable<StateList> Find(string file, string text)
    {
        foreach (Match match in QuotedList().Matches(text))
        {
            var codes = Code().Matches(match.Value).Select(m => m.Value).ToList();
            // Only lists made of state codes of one kind; "pending" alone also names an extension status, so a list must be all states.
            if (!codes.All(CaseCodes.Contains) && !codes.All(OrderCodes.Contains)) continue;
            yield return new StateList(file, text[..match.Index].Count(c => c == '\n') + 1, codes);
        }
    }
}
