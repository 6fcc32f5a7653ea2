using GridGovernance.Web.Features.Stats;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridGovernance.Integration.Tests.Stats;

/// <summary>
/// Cases older than migration 0050 have a timeline but no facts: the back-fill writes them with the live writer, so a case whose
/// facts are deleted gets the very same rows back (every column but the time of writing), and a second run finds nothing to do.
/// </summary>
public sealed class FactBackfillTests(EvaluationFactsTests.Fixture fixture) : IClassFixture<EvaluationFactsTests.Fixture>
{
    private const string CaseFactsSql = """
        SELECT string_agg(row_to_json(f)::jsonb - 'updated_at' #>> '{}', E'\n' ORDER BY f.case_id)
        FROM eval_case_fact f WHERE f.case_id = ANY($1)
        """;

    private const string OrderFactsSql = """
        SELECT string_agg(row_to_json(f)::jsonb - 'updated_at' #>> '{}', E'\n' ORDER BY f.order_id)
        FROM eval_order_fact f WHERE f.case_id = ANY($1)
        """;

    [Fact]
    public async Task A_case_whose_facts_are_deleted_gets_identical_facts_back()
    {
        var ids = fixture.Script.Cases.Values.OrderBy(id => id).ToArray();
        var caseFacts = await fixture.Database.ScalarAsync<string>(CaseFactsSql, ids);
        var orderFacts = await fixture.Database.ScalarAsync<string>(OrderFactsSql, ids);
        caseFacts.Split('\n').Length.ShouldBe(ids.Length);
        orderFacts.ShouldContain("responded_in_time"); // the script dispatched orders: their facts are part of the comparison
        var orders = orderFacts.Split('\n').Length;

        // As a case from before migration 0050: a timeline, no facts.
        foreach (var table in new[] { "eval_order_fact", "eval_case_fact" })
        {
            await using var delete = fixture.Database.DataSource.CreateCommand($"DELETE FROM {table} WHERE case_id = ANY($1)");
            delete.Parameters.Add(new NpgsqlParameter { Value = ids });
            await delete.ExecuteNonQueryAsync();
        }
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM eval_case_fact WHERE case_id = ANY($1)", ids)).ShouldBe(0);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM case_timeline WHERE case_id = ANY($1)", ids)).ShouldBeGreaterThan(ids.Length);

        var backfill = fixture.Factory.Services.GetRequiredService<FactBackfillService>();
        (await backfill.RunOnceAsync(DateTimeOffset.UtcNow, default)).ShouldBe(ids.Length);

        (await fixture.Database.ScalarAsync<string>(CaseFactsSql, ids)).ShouldBe(caseFacts);
        var backfilledOrders = await fixture.Database.ScalarAsync<string>(OrderFactsSql, ids);
        backfilledOrders.Split('\n').Length.ShouldBe(orders);
        backfilledOrders.ShouldBe(orderFacts);

        (await backfill.RunOnceAsync(DateTimeOffset.UtcNow, default)).ShouldBe(0); // idempotent: nothing left to do
    }
}
