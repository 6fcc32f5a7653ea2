using System.Text;
using GridGovernance.Domain.Cases;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Npgsql;

namespace GridGovernance.Web.Features.Dispatch.Console;

/// <summary>
/// GET /api/staff/dispatch/grids?area={code}: the console map's choropleth — every grid of the area (default: the caller's
/// whole scope) as GeoJSON with its open and overdue case counts. Geometry is the 20 m low-zoom copy of migration 0009, which
/// is plenty for a fill at township scale and about half the vertices. The live map refetches it (debounced) after events.
/// </summary>
internal static class ConsoleGridsEndpoint
{
    private static readonly string Sql = GeoJsonSql.FeatureCollection($"""
        SELECT g.code AS ord, ST_Transform(g.geom_3857_low, 4326) AS geom,
               json_build_object('code', g.code, 'name', g.name,
                                 'open', count(c.id)::int,
                                 'overdue', count(c.id) FILTER (WHERE c.deadline_at < @now)::int) AS properties
        FROM grid g
        LEFT JOIN case_file c ON c.grid_code = g.code AND c.state = ANY(@open)
        WHERE starts_with(g.code, @area) AND {StaffScopeSql.CoversTerritory("g.code")} AND g.retired_at IS NULL
        GROUP BY g.code
        """);

    private static readonly string[] OpenStates = [.. StateSets.OpenCases];

    public static async Task<IResult> GetAsync(string? area, HttpContext context, CurrentStaff staff, NpgsqlDataSource dataSource,
        TimeProvider clock, CancellationToken ct)
    {
        if (!staff.UsesConsole())
            return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, "调度台供乡镇调度员、县级管理员和村（社区）干部使用。");
        area = string.IsNullOrWhiteSpace(area) ? staff.ScopeCode : area.Trim();
        // The same rule as the console's area filter: a territory code inside the caller's scope, never a wider one.
        if (area.Length > 15 || !area.All(char.IsAsciiDigit) || !area.StartsWith(staff.ScopeCode, StringComparison.Ordinal))
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, $"区域编码“{area}”不在您的管辖范围内。");

        await using var command = StaffScopeSql.Command(dataSource, staff, Sql);
        command.Parameters.Add(new NpgsqlParameter<string>("area", area));
        command.Parameters.Add(new NpgsqlParameter<string[]>("open", OpenStates));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", clock.GetUtcNow()));
        var json = (string)(await command.ExecuteScalarAsync(ct))!;
        return Results.Text(json, "application/geo+json", Encoding.UTF8);
    }
}
