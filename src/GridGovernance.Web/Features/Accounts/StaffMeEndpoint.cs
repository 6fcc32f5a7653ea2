using GridGovernance.Domain.Accounts;
using GridGovernance.Domain.Territory;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Accounts;

internal sealed record StaffScopeView(string Code, string? Level, string LevelName, string Name);

internal sealed record StaffMe(long Id, string Username, string DisplayName, string Role, string RoleName, StaffScopeView Scope);

/// <summary>GET /api/staff/me: who is signed in, their role in Chinese and the territory they serve.</summary>
internal static class StaffMeEndpoint
{
    public static async Task<IResult> GetAsync(CurrentStaff staff, NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        Results.Ok(await DescribeAsync(staff, dataSource, cancellationToken));

    public static async Task<StaffMe> DescribeAsync(CurrentStaff staff, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var level = staff.Role.ScopeLevel();
        return new StaffMe(staff.Id, staff.Username, staff.DisplayName, staff.Role.DatabaseName(), staff.Role.Chinese(),
            new StaffScopeView(staff.ScopeCode, level?.ToString().ToLowerInvariant(), level?.Chinese() ?? "部门",
                await ScopeNameAsync(staff, dataSource, cancellationToken) ?? staff.ScopeCode));
    }

    /// <summary>The territory's name with its parents' (e.g. 泗城镇 解放社区 第1网格), so a grid worker sees where they serve.</summary>
    internal static async Task<string?> ScopeNameAsync(CurrentStaff staff, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (!staff.Role.IsTerritorial()) return null;
        await using var command = dataSource.CreateCommand("""
            SELECT coalesce(
                (SELECT name FROM county WHERE code = $1),
                (SELECT name FROM township WHERE code = $1),
                (SELECT t.name || ' ' || v.name FROM village v JOIN township t ON t.code = v.township_code WHERE v.code = $1),
                (SELECT t.name || ' ' || g.name FROM grid g JOIN village v ON v.code = g.village_code
                   JOIN township t ON t.code = v.township_code WHERE g.code = $1),
                (SELECT g.name || ' ' || u.name FROM link_unit u JOIN grid g ON g.code = u.grid_code WHERE u.code = $1))
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = staff.ScopeCode });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
