// The evaluation's SQL as the benchmark runs it, read from the app's compiled assembly by reflection (the methods are
// private or internal: the bench never keeps a copy of its own). Shared with the integration tests (linked into
// GridGovernance.Integration.Tests, BenchSqlDumpTests), which hold each file to the statement the app's endpoint executes.
using System.Reflection;

namespace GridGovernance.Bench;

internal static class StatsSql
{
    private const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>
    /// File name → SQL text: stats-township.sql / stats-village.sql, a month's ranking of a county's townships and a township's
    /// villages (<c>StatsQueries.AreaCountsSql</c> with the duration arrays); stats-&lt;level&gt;-ranks.sql, last month's ranking
    /// read for its ranks only (without them, as <c>StatsService.PreviousRanksAsync</c> reads it); stats-posts.sql, the 岗位评价
    /// table (<c>StatsCharts.PostsSql</c>, the posts endpoint's and the /stats page's query).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Files(Assembly app)
    {
        Type TypeOf(string name) => app.GetType(name, throwOnError: false)
            ?? throw new InvalidOperationException($"{name} not found in {app.GetName().Name}: update tests/bench/BareEndpoint/StatsSql.cs");
        MethodInfo MethodOf(Type type, string name) => type.GetMethod(name, Static)
            ?? throw new InvalidOperationException($"{type.Name}.{name} not found: update tests/bench/BareEndpoint/StatsSql.cs");

        var queries = TypeOf("GridGovernance.Web.Features.Stats.StatsQueries");
        var levels = TypeOf("GridGovernance.Web.Features.Stats.StatsLevel");
        var areaCounts = MethodOf(queries, "AreaCountsSql");
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (level, file) in new[] { ("Township", "township"), ("Village", "village") })
        {
            files[$"stats-{file}.sql"] = (string)areaCounts.Invoke(null, [Enum.Parse(levels, level), true])!;
            files[$"stats-{file}-ranks.sql"] = (string)areaCounts.Invoke(null, [Enum.Parse(levels, level), false])!;
        }
        files["stats-posts.sql"] = (string)MethodOf(TypeOf("GridGovernance.Web.Features.Stats.StatsCharts"), "PostsSql").Invoke(null, [])!;
        return files;
    }
}
