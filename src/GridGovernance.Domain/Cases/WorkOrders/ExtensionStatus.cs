namespace GridGovernance.Domain.Cases;

/// <summary>The latest 延期 request of a work order; orthogonal to its state.</summary>
public enum ExtensionStatus
{
    None,      // 未申请 (or a pending request lapsed when the order was fed back, shelved or withdrawn)
    Requested, // 待审批
    Approved,  // 已批准: the deadline moved
    Refused,   // 已驳回
}

public static class ExtensionStatuses
{
    public static string Chinese(this ExtensionStatus status) => status switch
    {
        ExtensionStatus.None => "未申请",
        ExtensionStatus.Requested => "延期待审批",
        ExtensionStatus.Approved => "延期已批准",
        ExtensionStatus.Refused => "延期已驳回",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string Code(this ExtensionStatus status) => status switch
    {
        ExtensionStatus.None => "none",
        ExtensionStatus.Requested => "requested",
        ExtensionStatus.Approved => "approved",
        ExtensionStatus.Refused => "refused",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static ExtensionStatus? FromCode(string? code) =>
        Enum.GetValues<ExtensionStatus>().Cast<ExtensionStatus?>().FirstOrDefault(s => s!.Value.Code() == code);
}
