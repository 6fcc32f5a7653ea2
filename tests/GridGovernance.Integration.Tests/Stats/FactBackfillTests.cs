using GridGovernance.Data.Database;
using GridGovernance.Domain.Evaluation;
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

    private const string PostFactsSql = """
        SELECT string_agg(f.case_id || ':' || coalesce(f.reporter_account_id::text, '') || ':' || coalesce(f.registrar_account_id::text, '')
                          || ':' || coalesce(to_char(f.registered_month, 'YYYY-MM'), ''), ',' ORDER BY f.case_id)
        FROM eval_case_fact f WHERE f.case_id = ANY($1)
        """;

    [Fact]
    public async Task The_facts_name_whose_post_each_case_counts_for_and_migration_0052_back_fills_the_same()
    {
        var ids = fixture.Script.Cases.Values.OrderBy(id => id).ToArray();
        var worker = await fixture.Database.ScalarAsync<long>("SELECT id FROM staff_account WHERE username = 'gridworker'");
        var dispatcher = await fixture.Database.ScalarAsync<long>("SELECT id FROM staff_account WHERE username = 'dispatcher'");
        var month = EvaluationMonth.Of(DateTimeOffset.UtcNow).Key;
        // Every case reported by the grid worker; B C D E H registered (立案) by the dispatcher this month; A (微事), F (voided
        // before any 立案) and G (only reported) by nobody.
        var expected = string.Join(",", fixture.Script.Cases.OrderBy(c => c.Value).Select(c =>
            "BCDEH".Contains(c.Key, StringComparison.Ordinal) ? $"{c.Value}:{worker}:{dispatcher}:{month}" : $"{c.Value}:{worker}::"));
        var written = await fixture.Database.ScalarAsync<string>(PostFactsSql, ids);
        written.ShouldBe(expected);

        // Rows from before migration 0052 had none of it: its back-fill derives exactly what the live writer wrote.
        await using (var clear = fixture.Database.DataSource.CreateCommand(
            "UPDATE eval_case_fact SET reporter_account_id = NULL, registrar_account_id = NULL, registered_month = NULL WHERE case_id = ANY($1)"))
        {
            clear.Parameters.Add(new NpgsqlParameter { Value = ids });
            (await clear.ExecuteNonQueryAsync()).ShouldBe(ids.Length);
        }
        var migration = MigrationRunner.Embedded.Single(m => m.Version == 52).Sql;
        var backfill = migration[migration.IndexOf("UPDATE eval_case_fact", StringComparison.Ordinal)..];
        await using (var run = fixture.Database.DataSource.CreateCommand(backfill))
            await run.ExecuteNonQueryAsync();
        (await fixture.Database.ScalarAsync<string>(PostFactsSql, ids)).ShouldBe(expected);
    }
}
