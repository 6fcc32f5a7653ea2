using System.Text;
using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using GridGovernance.Web.Features.Tiles;
using Npgsql;

namespace GridGovernance.Web.Features.Field;

/// <summary>
/// GET /api/staff/field/map: the field worker's own grid as one GeoJSON FeatureCollection (the grid outline, its 十联户 units
/// as the hulls around their households, its households as points and the open cases the worker may see). One grid is a few hundred features, so a single small
/// document beats vector tiles on a phone: it loads once, then the map pans and zooms offline. Households carry their code,
/// size and unit only; names and phones stay behind the scoped household card (/api/staff/households/{code}).
/// A 联户长 gets their own unit's households only.
/// </summary>
internal static class FieldMapEndpoint
{
    public static readonly string Sql = GeoJsonSql.FeatureCollection($"""
        SELECT 0 AS ord, g.geom, json_build_object('layer', 'grid', 'code', g.code, 'name', g.name) AS properties
        FROM grid g WHERE g.code = @grid
        UNION ALL
        SELECT 1, coalesce(u.hull, u.geom),
               json_build_object('layer', 'unit', 'code', u.code, 'name', u.name, 'mine', u.code = @unit, 'leader', l.head_name)
        FROM link_unit u LEFT JOIN household l ON l.code = u.leader_household_code
        WHERE u.grid_code = @grid
        UNION ALL
        SELECT 2, h.geom, json_build_object('layer', 'household', 'code', h.code, 'members', h.members, 'unit', h.link_unit_code)
        FROM household h
        WHERE h.grid_code = @grid AND {StaffScopeSql.SeesHousehold("h")}
        UNION ALL
        SELECT 3, c.geom, json_build_object('layer', 'case', 'id', c.id, 'number', c.number, 'category', k.name, 'state', c.state)
        FROM case_file c JOIN case_category k ON k.code = c.category
        WHERE c.geom IS NOT NULL AND {StaffScopeSql.SeesCase("c")} AND c.state = ANY(@open)
        """);

    /// <summary>
    /// The territory revision the document is at least as new as: the field service worker compares its kept copy's with the
    /// revision the page has heard of, and never serves a copy older than a grid edit it knows (field-sw.js).
    /// </summary>
    public const string RevisionHeader = "X-Territory-Revision";

    public static async Task<IResult> GetAsync(CurrentStaff staff, HttpContext context, NpgsqlDataSource dataSource, TerritoryRevision revision,
        CancellationToken ct)
    {
        if (staff.GridCode() is not { } gridCode)
            return ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, "“我的网格”地图供网格员和联户长使用；其他角色请打开网格地图。");
        // Read before the data: the document then shows the territory at this revision or a newer one (at least the one the
        // page asked at, ?v=, as the tiles do).
        var territoryRevision = await revision.CurrentAsync(TileEndpoint.RevisionAsked(context.Request), ct);
        await using var command = StaffScopeSql.Command(dataSource, staff, Sql);
        command.Parameters.Add(new NpgsqlParameter<string>("grid", gridCode));
        command.Parameters.Add(new NpgsqlParameter("unit", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)staff.LinkUnitCode() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<string[]>("open", FieldCaseStates.Open));
        var json = (string)(await command.ExecuteScalarAsync(ct))!;
        context.Response.Headers.CacheControl = "private, no-cache";
        context.Response.Headers[RevisionHeader] = territoryRevision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Text(json, "application/geo+json", Encoding.UTF8);
    }
}
