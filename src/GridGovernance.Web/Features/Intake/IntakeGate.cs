using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Intake;

/// <summary>
/// At most <c>GridGov:Intake:MaxConcurrentTransactions</c> (default two per core) submissions are in their database
/// transaction at once. They serialise anyway — on their county's number counter and on the outbox's commit-order lock — so
/// more at once only adds backends waiting on a lock: in the live benchmark 60 of 64 did, and past the pool's size requests
/// failed. The rest wait here, in order.
/// </summary>
internal sealed class IntakeGate(IConfiguration configuration)
    : ConcurrencyGate(configuration.GetValue("GridGov:Intake:MaxConcurrentTransactions", 2 * Environment.ProcessorCount));
