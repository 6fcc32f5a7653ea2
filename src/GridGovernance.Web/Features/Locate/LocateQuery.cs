using Npgsql;

namespace GridGovernance.Web.Features.Locate;

/// <summary>What the territory knows about one WGS-84 point.</summary>
internal sealed record LocateRow(
    string GridCode, string GridName, bool InsideGrid,
    string VillageCode, string VillageName, string TownshipCode, string TownshipName,
    string[] StaffRoles, string[] StaffNames, string[] StaffPhones,
    string? LinkUnitCode, string? LinkUnitName, double? LinkUnitDistanceMetres, string? LeaderName, string? LeaderPhone);

/// <summary>
/// One round trip: the grid by the database's one rule, <c>grid_at_point</c> (migration 0015: the containing grid, or for a
/// sliver between grids inside the county the nearest one, flagged — the intake and the field report use the same function);
/// then its village, township, staff, and the nearest 十联户 unit of that grid with its 联户长. The function is inlined by
/// PostgreSQL, so this stays one statement over the GiST indexes.
/// </summary>
internal static class LocateQuery
{
    public const string Sql = """
        WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS geom)
        SELECT g.code, g.name, hit.inside_grid, v.code, v.name, t.code, t.name,
               coalesce(s.roles, '{}'), coalesce(s.names, '{}'), coalesce(s.phones, '{}'),
               u.code, u.name, u.distance, h.head_name, h.phone
        FROM grid_at_point($1, $2) hit
        JOIN grid g ON g.code = hit.grid_code
        JOIN village v ON v.code = g.village_code
        JOIN township t ON t.code = v.township_code
        CROSS JOIN pt
        LEFT JOIN LATERAL (
            SELECT array_agg(role ORDER BY role, id) AS roles, array_agg(name ORDER BY role, id) AS names,
                   array_agg(phone ORDER BY role, id) AS phones
            FROM grid_staff WHERE grid_code = g.code) s ON true
        LEFT JOIN LATERAL (
            SELECT lu.code, lu.name, lu.leader_household_code, ST_Distance(lu.geom::geography, pt.geom::geography) AS distance
            FROM link_unit lu WHERE lu.grid_code = g.code ORDER BY lu.geom <-> pt.geom LIMIT 1) u ON true
        LEFT JOIN household h ON h.code = u.leader_household_code
        """;

    public static async Task<LocateRow?> RunAsync(NpgsqlDataSource dataSource, double lng, double lat, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lng });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new LocateRow(
            reader.GetString(0), reader.GetString(1), reader.GetBoolean(2),
            reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
            reader.GetFieldValue<string[]>(7), reader.GetFieldValue<string[]>(8), reader.GetFieldValue<string[]>(9),
            reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11),
            reader.IsDBNull(12) ? null : reader.GetDouble(12),
            reader.IsDBNull(13) ? null : reader.GetString(13), reader.IsDBNull(14) ? null : reader.GetString(14));
    }
}
