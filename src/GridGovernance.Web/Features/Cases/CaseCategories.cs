using Npgsql;

namespace GridGovernance.Web.Features.Cases;

/// <summary>One active 小类 as forms list it.</summary>
public sealed record CaseCategoryOption(string Code, string KindName, string MajorName, string Name);

/// <summary>The active classification, read from case_category (it is data: a county edits it without a release).</summary>
internal static class CaseCategories
{
    public static async Task<IReadOnlyList<CaseCategoryOption>> ActiveAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT code, CASE kind WHEN 'E' THEN '事件' ELSE '部件' END, major_name, name
            FROM case_category WHERE active ORDER BY kind DESC, sort_order, code
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<CaseCategoryOption>();
        while (await reader.ReadAsync(ct))
            list.Add(new CaseCategoryOption(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return list;
    }
}
