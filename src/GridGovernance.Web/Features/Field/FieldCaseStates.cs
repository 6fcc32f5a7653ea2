using GridGovernance.Domain.Cases;

namespace GridGovernance.Web.Features.Field;

/// <summary>
/// The stored state codes of open cases (still someone's work) and finished ones (办结, 作废, 终止, 归档), for SQL filters;
/// the domain decides which states are open.
/// </summary>
internal static class FieldCaseStates
{
    public static string[] Open { get; } = [.. StateSets.OpenCases];

    public static string[] Closed { get; } = [.. StateSets.FinishedCases];

    public static string[] All { get; } = [.. Open, .. Closed];

    /// <summary>The list filter named in the query string: 待处理 (open, the default), 已办结 (closed) or 全部 (all).</summary>
    public static (string Name, string[] Codes) Filter(string? name) => name switch
    {
        "closed" => ("closed", Closed),
        "all" => ("all", All),
        _ => ("open", Open),
    };
}
