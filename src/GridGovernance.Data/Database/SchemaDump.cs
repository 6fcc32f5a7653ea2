using System.Diagnostics;
using System.Text;
using Npgsql;

namespace GridGovernance.Data.Database;

/// <summary>
/// The schema as the migrations leave it, as one file (src/GridGovernance.Data/schema.sql): pg_dump --schema-only of a freshly
/// migrated database, without owners, privileges and the version lines that differ from machine to machine. pg_dump orders
/// objects by kind and name, so the same migrations always give the same text. Read it to learn what a table or function is
/// now without replaying fourteen migrations; the migrations stay the only thing that changes a database.
/// </summary>
public static class SchemaDump
{
    /// <summary>The one command that rewrites schema.sql (it starts a throw-away cluster of its own).</summary>
    public const string RegenerateCommand = "deploy/local/schema.sh";

    /// <summary>Where schema.sql lives, relative to the repository root.</summary>
    public const string RepoPath = "src/GridGovernance.Data/schema.sql";

    private const string Header = $"""
        -- GridGovernance: the database schema as the migrations in Migrations/ leave it (pg_dump --schema-only, normalised).
        -- Generated; do not edit. Regenerate after adding a migration: {RegenerateCommand}

        """;

    /// <summary>Creates a database on the server of <paramref name="adminConnectionString"/>, migrates it, dumps it, drops it.</summary>
    public static async Task<string> OfFreshDatabaseAsync(string adminConnectionString, CancellationToken ct = default)
    {
        var name = $"gridgov_schema_{Guid.NewGuid():N}"[..40];
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync(ct);
        }
        var connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = false }.ConnectionString;
        try
        {
            await using (var dataSource = GridGovDataSource.Create(connectionString, "gridgov-schema"))
                await MigrationRunner.ApplyAsync(dataSource, ct);
            return await DumpAsync(connectionString, ct);
        }
        finally
        {
            await using var admin = new NpgsqlConnection(adminConnectionString);
            await admin.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>The normalised schema-only dump of the database <paramref name="connectionString"/> names.</summary>
    public static async Task<string> DumpAsync(string connectionString, CancellationToken ct = default)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(PgDump())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--schema-only", "--no-owner", "--no-privileges", "--no-tablespaces" }) start.ArgumentList.Add(argument);
        // Through the environment rather than a connection URI: no quoting rules, and the password stays off the command line.
        start.Environment["PGHOST"] = target.Host;
        start.Environment["PGPORT"] = target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = target.Username;
        start.Environment["PGDATABASE"] = target.Database;
        if (!string.IsNullOrEmpty(target.Password)) start.Environment["PGPASSWORD"] = target.Password;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("无法启动 pg_dump。");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"pg_dump 失败（退出码 {process.ExitCode}）：{(await errors).Trim()}");
        return Normalise(await output);
    }

    /// <summary>
    /// Drops what differs between machines and runs but not between schemas: pg_dump's version lines and the random
    /// \restrict key of newer pg_dump releases; collapses blank lines.
    /// </summary>
    public static string Normalise(string dump)
    {
        var text = new StringBuilder(Header).Append('\n');
        var blank = true;
        foreach (var raw in dump.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("-- Dumped from", StringComparison.Ordinal) || line.StartsWith("-- Dumped by", StringComparison.Ordinal)
                || line.StartsWith("\\restrict", StringComparison.Ordinal) || line.StartsWith("\\unrestrict", StringComparison.Ordinal))
                continue;
            if (line.Length == 0)
            {
                if (blank) continue;
                blank = true;
            }
            else blank = false;
            text.Append(line).Append('\n');
        }
        return text.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>PostgreSQL 15's pg_dump: a newer one writes other syntax; GRIDGOV_PG_BINDIR overrides the Debian path.</summary>
    public static string PgDump()
    {
        var directory = Environment.GetEnvironmentVariable("GRIDGOV_PG_BINDIR") is { Length: > 0 } configured ? configured : "/usr/lib/postgresql/15/bin";
        var path = Path.Combine(directory, "pg_dump");
        return File.Exists(path) ? path : "pg_dump";
    }
}
