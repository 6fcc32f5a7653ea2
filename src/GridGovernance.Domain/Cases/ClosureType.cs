namespace GridGovernance.Domain.Cases;

/// <summary>How a case was closed (数字城管 practice); 综合评价 counts on-time closures from these.</summary>
public enum ClosureType
{
    Normal,  // 正常
    Overdue, // 超时
    Error,   // 差错: wrongly dispatched or wrongly handled
    Special, // 特殊: closed by a special decision
    Merged,  // 合并: a duplicate, closed into the surviving case (its reporter follows that case)
}

public static class ClosureTypes
{
    public static IReadOnlyList<ClosureType> All { get; } = Enum.GetValues<ClosureType>();

    /// <summary>What a person chooses at 核查通过: 合并 is set only by merging duplicates, never picked.</summary>
    public static IReadOnlyList<ClosureType> Chosen { get; } = All.Where(t => t != ClosureType.Merged).ToList();

    public static string Chinese(this ClosureType type) => type switch
    {
        ClosureType.Normal => "正常",
        ClosureType.Overdue => "超时",
        ClosureType.Error => "差错",
        ClosureType.Special => "特殊",
        ClosureType.Merged => "合并",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string Code(this ClosureType type) => type switch
    {
        ClosureType.Normal => "normal",
        ClosureType.Overdue => "overdue",
        ClosureType.Error => "error",
        ClosureType.Special => "special",
        ClosureType.Merged => "merged",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static ClosureType? FromCode(string? code) => All.Cast<ClosureType?>().FirstOrDefault(t => t!.Value.Code() == code);
}
