using GridGovernance.Domain.Departments;
using GridGovernance.Domain.Territory;

namespace GridGovernance.Domain.Accounts;

/// <summary>
/// The territory (or department unit) a staff account serves. Territory codes are hierarchical prefixes, so "everything in the
/// scope" is every code that starts with it — the same rule the SQL applies with starts_with(code, @scope).
/// </summary>
public sealed record Scope(StaffRole Role, string Code)
{
    /// <summary>A validated scope, or an exception with the Chinese reason (use <see cref="Problem"/> to ask first).</summary>
    public static Scope Of(StaffRole role, string code) =>
        Problem(role, code) is { } problem ? throw new ArgumentException(problem, nameof(code)) : new Scope(role, code);

    /// <summary>Why <paramref name="code"/> cannot be the scope of <paramref name="role"/>, in Chinese; null when it can.</summary>
    public static string? Problem(StaffRole role, string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return "缺少管辖范围编码。";
        // Department staff serve one unit of a department (e.g. 451027100-police, 泗城派出所), named by its code.
        if (role.ScopeLevel() is not { } level)
            return DepartmentUnitCode.Problem(code) is { } unitProblem ? $"{role.Chinese()}的管辖范围应为部门单位编码：{unitProblem}" : null;
        return TerritoryCode.Problem(code, level) is { } territoryProblem
            ? $"{role.Chinese()}的管辖范围应为{level.Chinese()}编码（{(int)level} 位）：{territoryProblem}"
            : null;
    }

    public TerritoryLevel? Level => Role.ScopeLevel();

    /// <summary>True when the territory <paramref name="territoryCode"/> (any level, down to a household) lies inside this scope.</summary>
    public bool Covers(string? territoryCode) =>
        Role.IsTerritorial() && territoryCode is not null && territoryCode.StartsWith(Code, StringComparison.Ordinal);

    /// <summary>
    /// Households are coded under their grid, not their 十联户 unit, so a link leader's scope is matched against the
    /// household's link unit code; every wider scope is a prefix of the grid code.
    /// </summary>
    public bool CoversHousehold(string householdCode, string? linkUnitCode) =>
        Role == StaffRole.LinkLeader ? Covers(linkUnitCode) : Covers(householdCode);
}
