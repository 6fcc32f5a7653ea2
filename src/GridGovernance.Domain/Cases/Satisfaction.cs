namespace GridGovernance.Domain.Cases;

/// <summary>The resident's answer at 回访 (综合评价 counts 满意率 from these).</summary>
public enum Satisfaction
{
    Satisfied,      // 满意
    FairlySatisfied, // 基本满意
    Dissatisfied,   // 不满意
}

public static class Satisfactions
{
    public static IReadOnlyList<Satisfaction> All { get; } = Enum.GetValues<Satisfaction>();

    public static string Chinese(this Satisfaction s) => s switch
    {
        Satisfaction.Satisfied => "满意",
        Satisfaction.FairlySatisfied => "基本满意",
        Satisfaction.Dissatisfied => "不满意",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static string Code(this Satisfaction s) => s switch
    {
        Satisfaction.Satisfied => "satisfied",
        Satisfaction.FairlySatisfied => "fairly_satisfied",
        Satisfaction.Dissatisfied => "dissatisfied",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static Satisfaction? FromCode(string? code) =>
        All.Cast<Satisfaction?>().FirstOrDefault(s => s!.Value.Code() == code);
}
