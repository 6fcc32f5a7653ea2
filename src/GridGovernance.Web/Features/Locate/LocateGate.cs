using System.ComponentModel.DataAnnotations;
using GridGovernance.Web.Features.Metrics;
using GridGovernance.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Features.Locate;

/// <summary>
/// At most <c>GridGov:Locate:MaxConcurrentQueries</c> locate queries run in PostgreSQL at once; further requests wait
/// their turn here, first come first served.
/// </summary>
/// <remarks>
/// Why: a locate query needs well under a millisecond of CPU. Sixteen of them at once on a two-core database make sixteen
/// backends share two cores, and the scheduler's time slices then put a few requests far behind the rest. Queued in order
/// instead, each query runs nearly alone and the wait is spread evenly: on the benchmark (2 cores, 16 connections, a busy
/// machine) a cap of 4 gave p95 ≈ 16 ms and p99 ≈ 28–49 ms against 35 / 55–95 ms uncapped, at the same rate, and ≈ 20%
/// less PostgreSQL CPU per request (tests/bench/README.md). The default, two per core of this host, fits a database on
/// the same machine or one of similar size; 0 turns the cap off.
/// </remarks>
internal sealed class LocateGate(IOptions<LocateOptions> options, GridGovMetrics metrics)
    : ConcurrencyGate(options.Value.MaxConcurrentQueries, "locate", metrics);

/// <summary>GridGov:Locate.</summary>
internal sealed class LocateOptions
{
    public const string Section = "GridGov:Locate";

    /// <summary>Locate queries in PostgreSQL at once (<see cref="LocateGate"/>); 0 = no cap.</summary>
    [Range(0, 100_000)]
    public int MaxConcurrentQueries { get; set; } = 2 * Environment.ProcessorCount;
}
