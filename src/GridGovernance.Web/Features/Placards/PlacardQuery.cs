using GridGovernance.Domain.Privacy;
using Npgsql;

namespace GridGovernance.Web.Features.Placards;

/// <summary>A person named on a placard; the phone is already masked (138****5678) — full numbers never leave the database here.</summary>
public sealed record PlacardPerson(string Name, string? MaskedPhone);

/// <summary>Everything one placard prints.</summary>
public sealed record PlacardData(
    string GridCode, string GridName, string VillageCode, string VillageName, string TownshipName,
    IReadOnlyList<PlacardPerson> GridHeads, IReadOnlyList<PlacardPerson> GridWorkers, long LinkUnits, string? DutyPhone = null);

/// <summary>Loads placards for one grid or for every grid of one village, in one round trip.</summary>
internal static class PlacardQuery
{
    private const string Sql = """
        SELECT g.code, g.name, v.code, v.name, t.name,
               coalesce(s.roles, '{}'), coalesce(s.names, '{}'), coalesce(s.phones, '{}'),
               (SELECT count(*) FROM link_unit u WHERE u.grid_code = g.code), grid_duty_phone(g.code)
        FROM grid g
        JOIN village v ON v.code = g.village_code
        JOIN township t ON t.code = v.township_code
        LEFT JOIN LATERAL (
            SELECT array_agg(role ORDER BY role, id) AS roles, array_agg(name ORDER BY role, id) AS names,
                   array_agg(coalesce(phone, '') ORDER BY role, id) AS phones
            FROM grid_staff WHERE grid_code = g.code) s ON true
        WHERE (CASE WHEN $2 THEN g.village_code ELSE g.code END) = $1 AND NOT ($2 AND g.retired_at IS NOT NULL)
        ORDER BY g.code
        """;

    public static async Task<PlacardData?> ForGridAsync(NpgsqlDataSource dataSource, string gridCode, CancellationToken ct) =>
        await RunAsync(dataSource, gridCode, byVillage: false, ct) is [var only] ? only : null;

    public static Task<IReadOnlyList<PlacardData>> ForVillageAsync(NpgsqlDataSource dataSource, string villageCode, CancellationToken ct) =>
        RunAsync(dataSource, villageCode, byVillage: true, ct);

    private static async Task<IReadOnlyList<PlacardData>> RunAsync(NpgsqlDataSource dataSource, string code, bool byVillage, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = byVillage });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<PlacardData>();
        while (await reader.ReadAsync(ct))
        {
            var roles = reader.GetFieldValue<string[]>(5);
            var names = reader.GetFieldValue<string[]>(6);
            var phones = reader.GetFieldValue<string[]>(7);
            List<PlacardPerson> heads = [], workers = [];
            for (var i = 0; i < roles.Length; i++)
                (roles[i] == "grid_head" ? heads : workers).Add(new PlacardPerson(names[i], PhoneMask.Mask(phones[i])));
            result.Add(new PlacardData(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), heads, workers, reader.GetInt64(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }
        return result;
    }
}
