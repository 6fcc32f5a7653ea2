using GridGovernance.Domain.Cases;
using GridGovernance.Web.Features.Intake;

namespace GridGovernance.Web.Features.Dispatch;

/// <summary>
/// A staff action on a work order: <see cref="Reason"/> (退单理由, 延期理由, 挂账说明, the feedback's account of the work, 驳回/撤回
/// reasons), the position at 报到, the new deadline a 延期 asks for, and after-photos for 反馈. <see cref="RequestKey"/> makes a
/// retry land once.
/// </summary>
public sealed record OrderCommand(
    WorkOrderAction Action,
    string RequestKey,
    string? Reason = null,
    double? Longitude = null,
    double? Latitude = null,
    DateTimeOffset? RequestedDeadline = null)
{
    internal IReadOnlyList<IntakePhoto> Photos { get; init; } = [];
}
