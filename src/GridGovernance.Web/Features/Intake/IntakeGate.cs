using System.ComponentModel.DataAnnotations;
using GridGovernance.Web.Features.Metrics;
using GridGovernance.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace GridGovernance.Web.Features.Intake;

/// <summary>
/// At most <c>GridGov:Intake:MaxConcurrentTransactions</c> (default two per core) submissions are in their database
/// transaction at once. They serialise anyway — on their county's number counter and on the outbox's commit-order lock — so
/// more at once only adds backends waiting on a lock: in the live benchmark 60 of 64 did, and past the pool's size requests
/// failed. The rest wait here, in order.
/// </summary>
internal sealed class IntakeGate(IOptions<IntakeOptions> options, GridGovMetrics metrics)
    : ConcurrencyGate(options.Value.MaxConcurrentTransactions, "intake", metrics);

/// <summary>GridGov:Intake.</summary>
internal sealed class IntakeOptions
{
    public const string Section = "GridGov:Intake";

    /// <summary>Submissions inside their database transaction at once (<see cref="IntakeGate"/>); 0 = no cap.</summary>
    [Range(0, 100_000)]
    public int MaxConcurrentTransactions { get; set; } = 2 * Environment.ProcessorCount;
}
