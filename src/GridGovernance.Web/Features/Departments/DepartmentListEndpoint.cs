using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Departments;

internal sealed record DepartmentUnitView(string Code, string Name, string? Phone, bool HasJurisdiction, string? TownshipCode);

internal sealed record DepartmentView(string Code, string Name, string ShortName, string Kind, string KindName, List<DepartmentUnitView> Units);

internal sealed record DepartmentList(string CountyCode, IReadOnlyList<DepartmentView> Departments);

/// <summary>GET /api/staff/departments: the departments and their active units in the caller's county (for pickers and the whistle dialog).</summary>
internal static class DepartmentListEndpoint
{
    private const string Sql = """
        SELECT d.code, d.name, d.short_name, d.kind, u.code, u.name, u.phone, u.jurisdiction IS NOT NULL, u.township_code
        FROM department d
        LEFT JOIN department_unit u ON u.department_code = d.code AND u.county_code = $1 AND u.active
        WHERE d.active
        ORDER BY d.sort_order, d.code, u.township_code NULLS FIRST, u.code
        """;

    public static async Task<IResult> GetAsync(CurrentStaff staff, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (DepartmentsFeature.CountyOf(staff) is not { } county)
            return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, "当前账号未关联到县（区），无法查看部门。请联系管理员重新设置管辖范围。");

        var departments = new List<DepartmentView>();
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = county });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var code = reader.GetString(0);
            if (departments.Count == 0 || departments[^1].Code != code)
            {
                var kind = reader.GetString(3);
                departments.Add(new DepartmentView(code, reader.GetString(1), reader.GetString(2), kind, KindName(kind), []));
            }
            if (reader.IsDBNull(4)) continue;
            departments[^1].Units.Add(new DepartmentUnitView(reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetBoolean(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }
        return Results.Ok(new DepartmentList(county, departments));
    }

    public static string KindName(string kind) => kind switch
    {
        "government" => "政府部门",
        "company" => "公共服务企业",
        "territorial" => "属地",
        _ => kind,
    };
}
