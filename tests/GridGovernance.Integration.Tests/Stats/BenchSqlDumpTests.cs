using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using GridGovernance.Bench;
using GridGovernance.Domain.Evaluation;
using GridGovernance.Integration.Tests.Accounts;
using GridGovernance.Web.Features.Stats;
using static GridGovernance.Integration.Tests.Stats.EvaluationMonthScript;

namespace GridGovernance.Integration.Tests.Stats;

/// <summary>
/// The benchmark runs the evaluation's SQL through pgbench from files the bare endpoint's <c>dump-sql</c> writes
/// (tests/bench/BareEndpoint/StatsSql.cs, linked into this project): each file must be the very statement the app's endpoint
/// executes, caught here from Npgsql's own tracing (ActivitySource "Npgsql") while the endpoint answers, and must use only
/// the parameters run.sh binds.
/// </summary>
public sealed partial class BenchSqlDumpTests(EvaluationFactsTests.Fixture fixture) : IClassFixture<EvaluationFactsTests.Fixture>
{
    private static readonly IReadOnlyDictionary<string, string> Files = StatsSql.Files(typeof(StatsCharts).Assembly);

    private static string Month => EvaluationMonth.Of(DateTimeOffset.UtcNow).Key;

    /// <summary>Every statement text Npgsql traced while <paramref name="path"/> was answered (other tests' too: only containment is asked).</summary>
    private static async Task<IReadOnlyCollection<string>> StatementsOfAsync(StaffSession session, string path)
    {
        var statements = new ConcurrentBag<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                foreach (var tag in activity.TagObjects)
                    if (tag.Value is string text) statements.Add(text);
            },
        };
        ActivitySource.AddActivityListener(listener);
        var response = await session.Client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return statements;
    }

    [GeneratedRegex("@([a-z_]+)")]
    private static partial Regex Parameter();

    private static List<string> ParametersOf(string sql) =>
        Parameter().Matches(sql).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task The_posts_file_is_the_statement_the_posts_endpoint_executes()
    {
        using var admin = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        var posts = Files["stats-posts.sql"];
        (await StatementsOfAsync(admin, $"/api/staff/stats/posts.csv?area={County}&month={Month}")).ShouldContain(posts);
        // run.sh's pgbench script sets exactly these (\gset), and the app's endpoint binds them (the scope: StaffScopeSql).
        ParametersOf(posts).ShouldBe(["area", "county", "month", "scope_territory"]);
    }

    [Fact]
    public async Task The_ranking_files_are_the_statements_the_ranking_and_the_drill_down_execute()
    {
        using var admin = await StaffSession.Start(fixture.Factory).LoggedInAsync("admin");
        (await StatementsOfAsync(admin, $"/api/staff/stats/ranking?area={County}&month={Month}&level=township"))
            .ShouldContain(Files["stats-township.sql"]);
        (await StatementsOfAsync(admin, $"/api/staff/stats/ranking?area={Township}&month={Month}&level=village"))
            .ShouldContain(Files["stats-village.sql"]);
        foreach (var file in new[] { "stats-township.sql", "stats-township-ranks.sql", "stats-village.sql", "stats-village-ranks.sql" })
            ParametersOf(Files[file]).ShouldBe(["county", "criticism", "end", "month", "parent", "scope_territory", "start"], file);
    }
}
