using GridGovernance.Domain.Privacy;
using GridGovernance.Domain.Territory;
using GridGovernance.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGovernance.Web.Features.Map;

public sealed record NamedCode(string Code, string Name);

/// <summary>A person serving the grid, phone masked (138****5678).</summary>
public sealed record GridStaffMember(string Name, string? Phone);

/// <summary>What the map's grid card shows.</summary>
public sealed record GridCard(
    string Code, string Name, string Kind, string KindName, NamedCode Village, NamedCode Township,
    IReadOnlyList<GridStaffMember> GridHeads, IReadOnlyList<GridStaffMember> GridWorkers,
    long Households, long People, long LinkUnits, double AreaKm2, double[] Bbox);

/// <summary>
/// The grid card (who serves the grid, how many live there, how large it is), as JSON (GET /api/grids/{code}) and as the
/// card's markup (GET /map/grid-card/{code}, <see cref="GridCardContent"/>), which map.js puts into the open card: the server
/// is the one renderer of the card, for a grid chosen on the map and for /map?focus=GRID alike.
/// </summary>
internal static class GridCardEndpoint
{
    public static async Task<IResult> GetAsync(string code, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (Refusal(code) is { } refusal) return refusal;
        return await ReadAsync(code, dataSource, cancellationToken) is { } card
            ? Results.Ok(card)
            : NotFound(code);
    }

    public static async Task<IResult> GetHtmlAsync(string code, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (Refusal(code) is { } refusal) return refusal;
        return await ReadAsync(code, dataSource, cancellationToken) is { } card
            ? new RazorComponentResult<GridCardContent>(new { Card = card })
            : NotFound(code);
    }

    private static IResult? Refusal(string code) => TerritoryCode.Problem(code, TerritoryLevel.Grid) is { } problem
        ? ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, problem.Length <= 80 ? problem : "网格编码应为 15 位数字。")
        : null;

    private static IResult NotFound(string code) => ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, $"没有编码为 {code} 的网格。");

    /// <summary>The card of a grid, or null when there is no such grid; the code must be a valid grid code.</summary>
    public static async Task<GridCard?> ReadAsync(string code, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT g.code, g.name, g.kind, v.code, v.name, t.code, t.name,
                   (SELECT count(*) FROM household h WHERE h.grid_code = g.code),
                   (SELECT coalesce(sum(h.members), 0) FROM household h WHERE h.grid_code = g.code),
                   (SELECT count(*) FROM link_unit u WHERE u.grid_code = g.code),
                   ST_Area(g.geom::geography) / 1e6,
                   ST_XMin(g.geom), ST_YMin(g.geom), ST_XMax(g.geom), ST_YMax(g.geom)
            FROM grid g
            JOIN village v ON v.code = g.village_code
            JOIN township t ON t.code = v.township_code
            WHERE g.code = @code
            """) { Parameters = { new("code", code) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT role, name, phone FROM grid_staff WHERE grid_code = @code ORDER BY role, id
            """) { Parameters = { new("code", code) } });

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;

        var kind = reader.GetString(2);
        var card = new GridCard(
            reader.GetString(0), reader.GetString(1), kind, kind == "dedicated" ? "专属网格" : "综合网格",
            new NamedCode(reader.GetString(3), reader.GetString(4)), new NamedCode(reader.GetString(5), reader.GetString(6)),
            [], [], reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), Math.Round(reader.GetDouble(10), 3),
            [reader.GetDouble(11), reader.GetDouble(12), reader.GetDouble(13), reader.GetDouble(14)]);

        await reader.NextResultAsync(cancellationToken);
        var heads = new List<GridStaffMember>();
        var workers = new List<GridStaffMember>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var member = new GridStaffMember(reader.GetString(1), PhoneMask.Mask(reader.GetString(2)));
            (reader.GetString(0) == "grid_head" ? heads : workers).Add(member);
        }
        return card with { GridHeads = heads, GridWorkers = workers };
    }
}
