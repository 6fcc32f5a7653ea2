namespace GridGovernance.Domain.Cases;

/// <summary>The arguments of a work-order action; only the fields the action needs are read.</summary>
public sealed record WorkOrderContext(DateTimeOffset Now)
{
    public const int MaxReasonLength = 2000;

    /// <summary>退单 reasons, 延期 reason, 挂账 explanation, 驳回/撤回/返工 reason, or the feedback's account of the work.</summary>
    public string? Reason { get; init; }

    /// <summary>WGS-84 position at 报到.</summary>
    public double? Longitude { get; init; }

    public double? Latitude { get; init; }

    /// <summary>After-photos attached to a feedback.</summary>
    public int PhotoCount { get; init; }

    /// <summary>The new deadline a 延期 request asks for.</summary>
    public DateTimeOffset? RequestedDeadline { get; init; }
}
