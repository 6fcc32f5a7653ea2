using System.ComponentModel.DataAnnotations;
using GridGovernance.Web.Infrastructure;

namespace GridGovernance.Web.Features.Live;

/// <summary>GridGov:Live: how events reach live clients and how long they are kept.</summary>
internal sealed class LiveOptions
{
    public const string Section = "GridGov:Live";

    /// <summary>Outbox events older than this are pruned; a client further behind reloads its page.</summary>
    [Range(1.0, 87600)]
    public double RetentionHours { get; set; } = 168;

    /// <summary>The forwarder also looks for new events this often, in case a NOTIFY was lost.</summary>
    [Range(0.1, 3600)]
    public double PollSeconds { get; set; } = 5;

    /// <summary>A client that does not read for this long is cut off (it reconnects and catches up).</summary>
    [Range(0.1, 600)]
    public double SendTimeoutSeconds { get; set; } = 2;

    /// <summary>How often every connected account is re-checked, in case a sign-out notification was lost.</summary>
    [Range(0.1, 86400)]
    public double AccountRecheckSeconds { get; set; } = 60;
}

/// <summary>GridGov:OutboxPrune: the clock that deletes old outbox events (<see cref="OutboxPruner"/>).</summary>
internal sealed class OutboxPruneOptions : ClockOptions
{
    public const string Section = "GridGov:OutboxPrune";
}
