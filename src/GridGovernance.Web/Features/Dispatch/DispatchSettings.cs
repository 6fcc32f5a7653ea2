using Npgsql;

namespace GridGovernance.Web.Features.Dispatch;

/// <summary>A county's dispatch rules (table dispatch_setting); a county without a row gets the column defaults.</summary>
internal sealed record DispatchSettings(TimeSpan RoutineArrival, TimeSpan ToughArrival)
{
    public static async Task<DispatchSettings> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string countyCode, CancellationToken ct)
    {
        // The VALUES row stands for "no row": the defaults below must match the column defaults of migration 0010.
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(s.routine_arrival_minutes, 240), coalesce(s.tough_arrival_minutes, 120)
            FROM (VALUES (1)) AS one LEFT JOIN dispatch_setting s ON s.county_code = $1
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = countyCode });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new DispatchSettings(TimeSpan.FromMinutes(reader.GetInt32(0)), TimeSpan.FromMinutes(reader.GetInt32(1)));
    }

    public TimeSpan ArrivalLimitFor(GridGovernance.Domain.Cases.WhistleKind kind) =>
        kind == GridGovernance.Domain.Cases.WhistleKind.Tough ? ToughArrival : RoutineArrival;
}
