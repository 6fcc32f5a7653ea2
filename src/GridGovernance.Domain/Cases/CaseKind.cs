namespace GridGovernance.Domain.Cases;

/// <summary>数字城管's two families of problems: 事件 (events, code letter E) and 部件 (facilities, code letter C).</summary>
public enum CaseKind
{
    /// <summary>事件: something happening (garbage, illegal building, a dispute).</summary>
    Event,

    /// <summary>部件: a facility with an owner (manhole cover, street lamp).</summary>
    Component,
}

public static class CaseKindExtensions
{
    public static char Letter(this CaseKind kind) => kind == CaseKind.Event ? 'E' : 'C';

    public static string Chinese(this CaseKind kind) => kind == CaseKind.Event ? "事件" : "部件";

    public static CaseKind? FromLetter(char letter) => letter switch
    {
        'E' => CaseKind.Event,
        'C' => CaseKind.Component,
        _ => null,
    };
}
