using GridGovernance.Web.Infrastructure;
using GridGovernance.Web.Plumbing;
using Npgsql;

namespace GridGovernance.Web.Features.Field;

/// <summary>The grid a field worker serves (and, for a 联户长, their 十联户 unit), with the counts the home page shows.</summary>
public sealed record FieldPlace(
    string GridCode, string GridName, string VillageName, string TownshipName, string? LinkUnitCode, string? LinkUnitName,
    int Households, int People, int LinkUnits, int OpenCases);

internal static class FieldPlaces
{
    /// <summary>
    /// Households and people are counted within the caller's own reach: the whole grid for a grid worker, the unit for a 联户长.
    /// Open cases are those the case list shows the caller (their territory, or what they reported).
    /// </summary>
    public static async Task<FieldPlace?> FindAsync(NpgsqlDataSource dataSource, CurrentStaff staff, string[] openStates, CancellationToken ct)
    {
        if (staff.GridCode() is not { } gridCode) return null;
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT g.code, g.name, v.name, t.name, u.code, u.name,
                   coalesce(h.households, 0), coalesce(h.people, 0),
                   (SELECT count(*) FROM link_unit lu WHERE lu.grid_code = g.code)::int,
                   (SELECT count(*) FROM case_file c WHERE {StaffScopeSql.SeesCase("c")} AND c.state = ANY(@open))::int
            FROM grid g
            JOIN village v ON v.code = g.village_code
            JOIN township t ON t.code = v.township_code
            LEFT JOIN link_unit u ON u.code = @unit
            LEFT JOIN LATERAL (SELECT count(*)::int AS households, sum(members)::int AS people FROM household h
                               WHERE h.grid_code = g.code AND {StaffScopeSql.SeesHousehold("h")}) h ON true
            WHERE g.code = @grid
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("grid", gridCode));
        command.Parameters.Add(new NpgsqlParameter("unit", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)staff.LinkUnitCode() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<string[]>("open", openStates));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new FieldPlace(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9));
    }
}
