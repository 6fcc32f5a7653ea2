using GridGovernance.Domain.Territory;
using Npgsql;
using NpgsqlTypes;

namespace GridGovernance.Data.Import;

/// <summary>
/// Imports a territory directory (geodata/FORMAT.md) in one transaction: rows are staged in temporary tables, every rule is
/// checked there by PostGIS, and only when no problem is found are they copied into the real tables. Any problem → rollback,
/// so a bad file writes nothing.
/// </summary>
public static class TerritoryImporter
{
    /// <summary>Beyond this many problems the rest are summarised: a person fixes the first few hundred, then runs it again.</summary>
    public const int MaxProblemsListed = 500;

    public static Task<ImportResult> ImportAsync(NpgsqlDataSource dataSource, string directory,
        Action<string>? progress = null, CancellationToken cancellationToken = default) =>
        ImportAsync(dataSource, directory, progress, hooks: null, cancellationToken);

    /// <summary>
    /// The same import, with <paramref name="hooks"/> run inside its transaction: the caller's own checks (their problems
    /// join the report and nothing is written) and what must commit with the territory (an audit row).
    /// </summary>
    public static async Task<ImportResult> ImportAsync(NpgsqlDataSource dataSource, string directory,
        Action<string>? progress, ImportHooks? hooks, CancellationToken cancellationToken = default)
    {
        progress?.Invoke($"读取 {directory} …");
        var files = TerritoryFiles.Read(directory);
        if (files.Problems.Count > 0) return Failed(files.Problems);
        progress?.Invoke($"读取完成：{files.Features.Count} 个区域要素，{files.Households.Count} 户，{files.Staff.Count} 名网格人员；校验中 …");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (hooks?.CheckAsync is { } check && await check(connection, transaction, files, cancellationToken) is { Count: > 0 } refused)
        {
            await transaction.RollbackAsync(cancellationToken);
            return Failed(refused);
        }
        await Execute(connection, ImportSql.CreateStaging, cancellationToken);
        await StageAsync(connection, files, cancellationToken);
        await Execute(connection, ImportSql.PrepareStaged, cancellationToken);

        var problems = await CheckAsync(connection, cancellationToken);
        if (problems.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return Failed(problems);
        }

        progress?.Invoke("校验通过，写入中 …");
        await Execute(connection, ImportSql.WriteTerritory, cancellationToken);
        var counts = new Dictionary<string, int>
        {
            ["townships"] = files.Features.Count(f => f.Level == TerritoryLevel.Township),
            ["villages"] = files.Features.Count(f => f.Level == TerritoryLevel.Village),
            ["grids"] = files.Features.Count(f => f.Level == TerritoryLevel.Grid),
            ["linkUnits"] = files.Features.Count(f => f.Level == TerritoryLevel.LinkUnit),
            ["households"] = files.Households.Count,
            ["staff"] = files.Staff.Count,
        };
        if (hooks?.BeforeCommitAsync is { } beforeCommit) await beforeCommit(connection, transaction, files, counts, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        progress?.Invoke($"导入完成：{counts["townships"]} 个乡镇，{counts["villages"]} 个村（社区），{counts["grids"]} 个网格，" +
                         $"{counts["linkUnits"]} 个十联户，{counts["households"]} 户。");
        return new ImportResult([], counts);
    }

    private static async Task StageAsync(NpgsqlConnection connection, TerritoryFiles files, CancellationToken cancellationToken)
    {
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY stage_feature (file, ordinal, level, code, name, parent, kind, leader, geojson) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var f in files.Features)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(f.File, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(f.Ordinal, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync((int)f.Level, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(f.Code, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(f.Name, NpgsqlDbType.Text, cancellationToken);
                await WriteNullable(writer, f.Parent, cancellationToken);
                await WriteNullable(writer, f.Kind, cancellationToken);
                await WriteNullable(writer, f.Leader, cancellationToken);
                await writer.WriteAsync(f.GeometryJson, NpgsqlDbType.Text, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY stage_household (line, code, grid_code, link_unit_code, head_name, members, phone, address, lng, lat) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var h in files.Households)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(h.Line, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(h.Code, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(h.GridCode, NpgsqlDbType.Text, cancellationToken);
                await WriteNullable(writer, h.LinkUnitCode, cancellationToken);
                await writer.WriteAsync(h.HeadName, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(h.Members, NpgsqlDbType.Smallint, cancellationToken);
                await WriteNullable(writer, h.Phone, cancellationToken);
                await WriteNullable(writer, h.Address, cancellationToken);
                await writer.WriteAsync(h.Lng, NpgsqlDbType.Double, cancellationToken);
                await writer.WriteAsync(h.Lat, NpgsqlDbType.Double, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
        }
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY stage_staff (line, grid_code, role, name, phone) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var s in files.Staff)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(s.Line, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(s.GridCode, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(s.Role, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(s.Name, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(s.Phone, NpgsqlDbType.Text, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
        }
    }

    private static async Task<List<ImportProblem>> CheckAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var problems = new List<ImportProblem>();
        var total = 0L;
        await using var command = new NpgsqlCommand(ImportSql.Checks, connection);
        command.Parameters.AddWithValue("limit", MaxProblemsListed);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            total = reader.GetInt64(3);
            problems.Add(new ImportProblem(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
        }
        if (total > problems.Count)
            problems.Add(new ImportProblem("(汇总)", null, $"另有 {total - problems.Count} 个问题未列出；请先修正以上问题后重新导入"));
        return problems;
    }

    private static ImportResult Failed(IReadOnlyList<ImportProblem> problems) => new(problems, new Dictionary<string, int>());

    private static Task WriteNullable(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>What a caller runs inside the import's transaction (see <see cref="TerritoryImporter"/>).</summary>
public sealed class ImportHooks
{
    /// <summary>Before anything is staged: problems returned here refuse the import (nothing is written).</summary>
    public Func<NpgsqlConnection, NpgsqlTransaction, TerritoryFiles, CancellationToken, Task<IReadOnlyList<ImportProblem>>>? CheckAsync { get; init; }

    /// <summary>After the territory is written, before the commit: whatever must commit or roll back with it.</summary>
    public Func<NpgsqlConnection, NpgsqlTransaction, TerritoryFiles, IReadOnlyDictionary<string, int>, CancellationToken, Task>? BeforeCommitAsync { get; init; }
}
