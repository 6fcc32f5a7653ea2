using GridGovernance.Domain.Privacy;
using GridGovernance.Domain.Territory;
using Npgsql;

namespace GridGovernance.Web.Features.Cases;

/// <summary>What the resident's page shows about the grid whose placard was scanned.</summary>
public sealed record GridSummary(string Code, string Name, string VillageName, string TownshipName, IReadOnlyList<GridWorkerContact> Workers,
    string? DutyPhone = null);

/// <summary>A grid worker with the phone masked (138****5678).</summary>
public sealed record GridWorkerContact(string Name, string? MaskedPhone);

internal static class GridDirectory
{
    /// <summary>The grid and its 网格员 (for a retired grid's placard: the grid that took its ground), or null when there is no such grid.</summary>
    public static async Task<GridSummary?> FindAsync(NpgsqlDataSource dataSource, string? gridCode, CancellationToken ct)
    {
        if (gridCode is null || TerritoryCode.Problem(gridCode, TerritoryLevel.Grid) is not null) return null;
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT g.code, g.name, v.name, t.name, grid_duty_phone(g.code)
            FROM grid g JOIN village v ON v.code = g.village_code JOIN township t ON t.code = v.township_code
            WHERE g.code = grid_live_code($1)
            """) { Parameters = { new() { Value = gridCode } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT name, phone FROM grid_staff WHERE grid_code = grid_live_code($1) AND role = 'grid_worker' ORDER BY id")
            { Parameters = { new() { Value = gridCode } } });
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var summary = new GridSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), [],
            reader.IsDBNull(4) ? null : reader.GetString(4));
        await reader.NextResultAsync(ct);
        var workers = new List<GridWorkerContact>();
        while (await reader.ReadAsync(ct)) workers.Add(new GridWorkerContact(reader.GetString(0), PhoneMask.Mask(reader.GetString(1))));
        return summary with { Workers = workers };
    }
}
