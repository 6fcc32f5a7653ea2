using GridGovernance.Domain.Territory;
using GridGovernance.Web.Infrastructure;
using Npgsql;

namespace GridGovernance.Web.Features.Map;

/// <summary>One place found by <see cref="SearchEndpoint"/>: enough to list it and to fly the map to it.</summary>
internal sealed record SearchResult(
    string Level, string LevelName, string Code, string Name, IReadOnlyList<string> Parents, double[] Bbox);

internal sealed record SearchResponse(string Query, IReadOnlyList<SearchResult> Results);

/// <summary>
/// GET /api/search?q=…: townships, villages and grids whose Chinese name contains the text or whose code starts with it.
/// Exact names first, then names that start with the text, then coarse levels before fine ones.
/// </summary>
internal static class SearchEndpoint
{
    public const int MaxResults = 20;
    private const int MaxQueryLength = 50;

    public static async Task<IResult> SearchAsync(string? q, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var text = q?.Trim() ?? "";
        if (text.Length == 0)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "请输入要搜索的乡镇、村（社区）、网格名称或编码。");
        if (text.Length > MaxQueryLength)
            return ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, $"搜索内容过长，最多 {MaxQueryLength} 个字。");

        await using var command = dataSource.CreateCommand("""
            SELECT level, code, name, township_name, village_name,
                   ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)
            FROM (
                SELECT *
                FROM (
                    SELECT 'township' AS level, 1 AS level_rank, t.code, t.name,
                           NULL::text AS township_name, NULL::text AS village_name, t.geom
                    FROM township t
                    WHERE t.name ILIKE @pattern OR t.code LIKE @prefix
                    UNION ALL
                    SELECT 'village', 2, v.code, v.name, t.name, NULL, v.geom
                    FROM village v JOIN township t ON t.code = v.township_code
                    WHERE v.name ILIKE @pattern OR v.code LIKE @prefix
                    UNION ALL
                    SELECT 'grid', 3, g.code, g.name, t.name, v.name, g.geom
                    FROM grid g JOIN village v ON v.code = g.village_code JOIN township t ON t.code = v.township_code
                    WHERE (g.name ILIKE @pattern OR g.code LIKE @prefix) AND g.retired_at IS NULL
                ) AS candidates
                ORDER BY name = @text DESC, starts_with(name, @text) DESC, level_rank, code
                LIMIT @limit
            ) AS found
            ORDER BY name = @text DESC, starts_with(name, @text) DESC, level_rank, code
            """);
        command.Parameters.AddWithValue("text", text);
        command.Parameters.AddWithValue("pattern", "%" + EscapeLike(text) + "%");
        // Codes are searched by prefix only when the text is all digits; a NULL pattern matches nothing.
        command.Parameters.AddWithValue("prefix", text.All(char.IsAsciiDigit) ? text + "%" : DBNull.Value);
        command.Parameters.AddWithValue("limit", MaxResults);

        var results = new List<SearchResult>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var level = reader.GetString(0);
            var parents = new List<string>(2);
            if (!reader.IsDBNull(3)) parents.Add(reader.GetString(3));
            if (!reader.IsDBNull(4)) parents.Add(reader.GetString(4));
            results.Add(new SearchResult(level, LevelName(level), reader.GetString(1), reader.GetString(2), parents,
                [reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8)]));
        }
        return Results.Ok(new SearchResponse(text, results));
    }

    private static string LevelName(string level) => level switch
    {
        "township" => TerritoryLevel.Township.Chinese(),
        "village" => TerritoryLevel.Village.Chinese(),
        _ => TerritoryLevel.Grid.Chinese(),
    };

    /// <summary>What a person types is text, not a pattern: % and _ match themselves.</summary>
    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
