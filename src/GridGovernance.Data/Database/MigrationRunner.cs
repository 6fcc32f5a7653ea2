using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace GridGovernance.Data.Database;

/// <summary>A numbered SQL migration embedded in this assembly (Migrations/NNNN_name.sql).</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
}

/// <summary>Thrown when a migration cannot be applied; the database is left as it was before that migration.</summary>
public sealed class MigrationFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Applies embedded migrations in order, each in its own transaction, recording them in schema_migrations.
/// An advisory lock makes several app instances starting at once apply each migration exactly once.
/// </summary>
public static class MigrationRunner
{
    private const long AdvisoryLockKey = 0x6772_6964_676f_76; // "gridgov"

    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    public static Task<IReadOnlyList<Migration>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        ApplyAsync(dataSource, Embedded, cancellationToken);

    /// <summary>Applies <paramref name="migrations"/> (ordered by version) that are not yet recorded; returns those it applied.</summary>
    public static async Task<IReadOnlyList<Migration>> ApplyAsync(NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, "SELECT pg_advisory_lock(@key)", cancellationToken, ("key", AdvisoryLockKey));
        try
        {
            await Execute(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    int PRIMARY KEY,
                    name       text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);
            var applied = await ReadApplied(connection, cancellationToken);
            var newlyApplied = new List<Migration>();
            foreach (var migration in migrations.OrderBy(m => m.Version))
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                        throw new MigrationFailedException(
                            $"迁移 {migration.Version:D4}_{migration.Name} 已应用，但其内容已被修改（校验和不同）。已上线的迁移不得修改，请新增迁移。");
                    continue;
                }
                await ApplyOne(connection, migration, cancellationToken);
                newlyApplied.Add(migration);
            }
            // A migration may create types (PostGIS's geometry, on a new database): the data source learned the
            // database's types when it first connected, and reads geometry as NetTopologySuite only once it knows them.
            if (newlyApplied.Count > 0) await connection.ReloadTypesAsync(cancellationToken);
            return newlyApplied;
        }
        finally
        {
            await Execute(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", AdvisoryLockKey));
        }
    }

    /// <summary>True when every embedded migration is recorded as applied (used by /readyz).</summary>
    public static async Task<bool> AllAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM schema_migrations WHERE version = ANY(@versions)", connection);
        command.Parameters.AddWithValue("versions", Embedded.Select(m => m.Version).ToArray());
        try
        {
            var count = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            return count == Embedded.Count;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }

    private static async Task ApplyOne(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            // No command timeout: a migration that rewrites a province's grids may run for minutes on a busy server, and
            // cutting it off at Npgsql's default 30 s would stop the app for nothing (it rolls back cleanly either way).
            await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction) { CommandTimeout = 0 })
                await command.ExecuteNonQueryAsync(cancellationToken);
            await using (var record = new NpgsqlCommand(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (@v, @n, @c)", connection, transaction))
            {
                record.Parameters.AddWithValue("v", migration.Version);
                record.Parameters.AddWithValue("n", migration.Name);
                record.Parameters.AddWithValue("c", migration.Checksum);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw new MigrationFailedException(
                $"迁移 {migration.Version:D4}_{migration.Name} 执行失败，数据库已回滚到执行前的状态：{e.MessageText}" +
                (e.Position > 0 ? $"（SQL 第 {e.Position} 个字符附近）" : ""), e);
        }
    }

    private static async Task<Dictionary<int, string>> ReadApplied(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) applied[reader.GetInt32(0)] = reader.GetString(1);
        return applied;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations.", StringComparison.Ordinal)))
        {
            var fileName = resource["Migrations.".Length..^".sql".Length];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(fileName[..separator], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(new Migration(version, fileName[(separator + 1)..], reader.ReadToEnd()));
        }
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        if (ordered.Select(m => m.Version).Distinct().Count() != ordered.Count)
            throw new InvalidOperationException("Two embedded migrations share a version number.");
        return ordered;
    }
}
