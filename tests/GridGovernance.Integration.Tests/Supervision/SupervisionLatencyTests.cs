using System.Diagnostics;
using GridGovernance.Integration.Tests.Infrastructure;
using Xunit.Abstractions;
using static GridGovernance.Integration.Tests.Supervision.SupervisionFixture;

namespace GridGovernance.Integration.Tests.Supervision;

/// <summary>
/// How long one tick takes on the demo county with 1,000 overdue orders (and their 1,000 overdue cases) and 1,000 cases due
/// for escalation. A measurement, not a test: GRIDGOV_MEASURE=1 deploy/local/test.sh --filter "FullyQualifiedName~SupervisionLatency".
/// </summary>
public sealed class SupervisionLatencyTests(SupervisionFixture fixture, ITestOutputHelper output) : IClassFixture<SupervisionFixture>
{
    private const int Count = 1000;

    [MeasurementFact]
    public async Task One_tick_over_a_thousand_overdue_orders_and_a_thousand_cases_due_for_escalation()
    {
        await fixture.ExecuteAsync($"""
            INSERT INTO case_file (number, kind, category, request_type, source, description, county_code, township_code, village_code,
                                   grid_code, state, tracking_token_hash, tracking_token_encrypted, idempotency_key, level_since, accepted_at, deadline_at)
            SELECT 'E010220261119' || lpad(g::text, 4, '0'), 'E', 'E0102', 'complaint', 'grid_worker', '测量', '451027', '451027100',
                   '451027100001', '{Grid}', CASE WHEN g <= {Count} THEN 'dispatched' ELSE 'reported' END,
                   sha256(('measure-' || g)::bytea), '\x00'::bytea, 'measure-' || g, $1, CASE WHEN g <= {Count} THEN $1 - interval '1 day' END, CASE WHEN g <= {Count} THEN $1 END
            FROM generate_series(1, {2 * Count}) g
            """, At(11, 20, 17, 30).ToUniversalTime());
        await fixture.ExecuteAsync($"""
            INSERT INTO work_order (case_id, unit_code, state, dispatched_by, deadline_at)
            SELECT id, CASE WHEN id % 2 = 0 THEN '{Chengguan}' ELSE '{Police}' END, 'signed', $1, deadline_at
            FROM case_file WHERE idempotency_key LIKE 'measure-%' AND state = 'dispatched'
            """, fixture.DispatcherId);
        await fixture.ExecuteAsync("ANALYZE");

        await TimeAsync("督办, first tick after the deadline (2,000 overdue thresholds)", () => fixture.Supervision.RunOnceAsync(At(11, 20, 18, 0), default));
        await TimeAsync("督办, next tick (nothing new: 2,000 items examined)", () => fixture.Supervision.RunOnceAsync(At(11, 20, 18, 1), default));
        await TimeAsync("督办, 6 working days later (4,000 thresholds caught up)", () => fixture.Supervision.RunOnceAsync(At(11, 30, 10, 0), default));
        await TimeAsync("督办, next tick (every level raised: left out in SQL)", () => fixture.Supervision.RunOnceAsync(At(11, 30, 10, 1), default));
        await TimeAsync("Escalation, 1,000 grid cases due", () => fixture.Escalation.RunOnceAsync(At(11, 20, 22, 0), default));
        await TimeAsync("Escalation, next tick (none due)", () => fixture.Escalation.RunOnceAsync(At(11, 20, 22, 1), default));

        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM supervision")).ShouldBeGreaterThanOrEqualTo(6 * Count);
    }

    private async Task TimeAsync<T>(string what, Func<Task<T>> run)
    {
        var watch = Stopwatch.StartNew();
        var result = await run();
        output.WriteLine($"{what}: {watch.Elapsed.TotalMilliseconds:F0} ms — {result}");
    }
}
