using System.ComponentModel.DataAnnotations;
using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Supervision;

/// <summary>GridGov:Supervision: the 督办 clock (<see cref="SupervisionService"/>).</summary>
internal sealed class SupervisionOptions : ClockOptions
{
    public const string Section = "GridGov:Supervision";

    /// <summary>
    /// Items raised at once, each on its own connection and transaction. A catch-up after a long pause may owe thousands of
    /// items; one at a time that is mostly waiting on round trips (≈ 3 ms an item on the shared 2-core machine), and the items are
    /// independent — the same guarantees that let several instances run at once let one instance run several items at once.
    /// </summary>
    [Range(1, 32)]
    public int Parallelism { get; set; } = 4;
}

/// <summary>GridGov:Escalation: the escalation clock (<see cref="EscalationService"/>).</summary>
internal sealed class EscalationOptions : ClockOptions
{
    public const string Section = "GridGov:Escalation";
}
