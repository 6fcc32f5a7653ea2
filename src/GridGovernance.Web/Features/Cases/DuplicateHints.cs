using GridGovernance.Domain.Cases;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Cases;

/// <summary>An open case that may be the same problem reported again.</summary>
public sealed record DuplicateHint(long CaseId, string Number, string Description, double DistanceMetres, DateTimeOffset CreatedAt);

/// <summary>
/// Open cases of the same 小类 within 50 m and 7 days of a case: a staff page shows them so that one problem reported by
/// three neighbours becomes one job, not three. Both the case and its hints go through the caller's scope
/// (<see cref="StaffScopeSql.SeesCase"/>): a grid worker is never shown a case of another grid, nor its description.
/// </summary>
internal static class DuplicateHints
{
    public const double RadiusMetres = 50;
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    public static async Task<IReadOnlyList<DuplicateHint>> ForCaseAsync(NpgsqlDataSource dataSource, CurrentStaff staff, long caseId,
        CancellationToken ct)
    {
        var openStates = StateSets.OpenCases.ToArray();
        // The bounding-box test (&&, served by the GiST index on geom) narrows to a few rows before the exact geodesic distance;
        // 0.001° of latitude is ≈ 111 m, and longitude degrees are shorter, so the box always covers the 50 m circle below 60° N.
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT o.id, o.number, o.description, ST_Distance(o.geom::geography, c.geom::geography), o.created_at
            FROM case_file c
            JOIN case_file o ON o.category = c.category AND o.id <> c.id
            WHERE c.id = @id AND {StaffScopeSql.SeesCase("c")}
              AND c.geom IS NOT NULL
              AND o.geom && ST_Expand(c.geom, 0.001)
              AND ST_DWithin(o.geom::geography, c.geom::geography, @radius)
              AND o.created_at >= c.created_at - @window AND o.created_at <= c.created_at + @window
              AND o.state = ANY(@open)
              AND {StaffScopeSql.SeesCase("o")}
            ORDER BY 4, o.created_at DESC
            LIMIT 20
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("id", caseId));
        command.Parameters.Add(new NpgsqlParameter<double>("radius", RadiusMetres));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("window", Window));
        command.Parameters.Add(new NpgsqlParameter<string[]>("open", openStates));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var hints = new List<DuplicateHint>();
        while (await reader.ReadAsync(ct))
            hints.Add(new DuplicateHint(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Math.Round(reader.GetDouble(3), 1),
                reader.GetFieldValue<DateTimeOffset>(4)));
        return hints;
    }

    /// <summary>
    /// Open cases of <paramref name="category"/> within 50 m of a position and reported in the last 7 days, in the caller's
    /// scope: what the desk's intake form shows while a call is typed in, before there is a case to compare with.
    /// </summary>
    public static async Task<IReadOnlyList<DuplicateHint>> NearAsync(NpgsqlDataSource dataSource, CurrentStaff staff, string category,
        double longitude, double latitude, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = StaffScopeSql.Command(dataSource, staff, $"""
            SELECT o.id, o.number, o.description, ST_Distance(o.geom::geography, p.pt::geography), o.created_at
            FROM (SELECT ST_SetSRID(ST_MakePoint(@lng, @lat), 4326) AS pt) p
            JOIN case_file o ON {NearPointSql("o", "p.pt")}
            WHERE {StaffScopeSql.SeesCase("o")}
            ORDER BY 4, o.created_at DESC
            LIMIT 20
            """);
        AddNearPointParameters(command, longitude, latitude, category, now);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var hints = new List<DuplicateHint>();
        while (await reader.ReadAsync(ct))
            hints.Add(new DuplicateHint(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Math.Round(reader.GetDouble(3), 1),
                reader.GetFieldValue<DateTimeOffset>(4)));
        return hints;
    }

    /// <summary>
    /// The rule "an open case of this 小类 within 50 m of the point, reported in the last 7 days", written once for every form
    /// that asks before there is a case (the desk's intake, the resident's 附议). <paramref name="point"/> is a 4326 point
    /// expression; the parameters come from <see cref="AddNearPointParameters"/>. The bounding box (GiST) narrows first, as above.
    /// </summary>
    public static string NearPointSql(string alias, string point) => $"""
        {alias}.category = @category
              AND {alias}.geom && ST_Expand({point}, 0.001)
              AND ST_DWithin({alias}.geom::geography, {point}::geography, @radius)
              AND {alias}.created_at >= @now - @window
              AND {alias}.state = ANY(@open)
        """;

    public static void AddNearPointParameters(NpgsqlCommand command, double longitude, double latitude, string category, DateTimeOffset now)
    {
        command.Parameters.Add(new NpgsqlParameter<double>("lng", longitude));
        command.Parameters.Add(new NpgsqlParameter<double>("lat", latitude));
        command.Parameters.Add(new NpgsqlParameter<string>("category", category));
        command.Parameters.Add(new NpgsqlParameter<double>("radius", RadiusMetres));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("window", Window));
        command.Parameters.Add(new NpgsqlParameter<string[]>("open", StateSets.OpenCases.ToArray()));
    }
}
