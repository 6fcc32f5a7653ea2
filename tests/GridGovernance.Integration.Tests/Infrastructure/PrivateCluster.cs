using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GridGovernance.Data.Database;
using Npgsql;

namespace GridGovernance.Integration.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of one test's own, for what the shared test cluster must not suffer: being restarted. Started as the
/// postgres user (runuser as root, else through sudo -n) in a directory under /var/tmp, stopped and deleted when disposed.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private readonly string _directory;

    private PrivateCluster(string directory, int port) => (_directory, Port) = (directory, port);

    public int Port { get; }
    private string DataDirectory => Path.Combine(_directory, "data");

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5";

    public static async Task<PrivateCluster> StartAsync()
    {
        var directory = $"/var/tmp/gridgov-private-{Guid.NewGuid():N}";
        Directory.CreateDirectory(directory);
        await RunAsync(["chmod", "755", directory]);
        await RunAsync(AsRoot("chown", "postgres:postgres", directory));
        var cluster = new PrivateCluster(directory, FreePort());
        await RunAsync(AsPostgres($"{BinDirectory}/initdb", "-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync"));
        await RunAsync(AsPostgres($"{BinDirectory}/pg_ctl", "-D", cluster.DataDirectory, "-w", "-l", Path.Combine(directory, "log"), "-o",
            $"-p {cluster.Port} -c listen_addresses=127.0.0.1 -k {directory} -c fsync=off -c jit=off", "start"));
        return cluster;
    }

    /// <summary>A database with every migration and the demo county.</summary>
    public async Task<string> CreateDemoDatabaseAsync(string name = "gridgov")
    {
        await using (var admin = new NpgsqlConnection(ConnectionStringFor("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = ConnectionStringFor(name);
        await using (var dataSource = GridGovDataSource.Create(connectionString, "gridgov-tests")) await DemoTemplate.PopulateAsync(dataSource);
        return connectionString;
    }

    /// <summary>A fast restart: every session is cut off, as when an operator restarts the service or the server reboots.</summary>
    public Task RestartAsync() => RunAsync(AsPostgres($"{BinDirectory}/pg_ctl", "-D", DataDirectory, "-w", "-m", "fast", "restart"));

    public async ValueTask DisposeAsync()
    {
        try { await RunAsync(AsPostgres($"{BinDirectory}/pg_ctl", "-D", DataDirectory, "-w", "-m", "immediate", "stop")); }
        catch (InvalidOperationException) { } // already stopped
        await RunAsync(AsRoot("rm", "-rf", "--", _directory));
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string[] AsRoot(params string[] command) => IsRoot ? command : ["sudo", "-n", .. command];

    private static string[] AsPostgres(params string[] command) => AsRoot(["runuser", "-u", "postgres", "--", .. command]);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{string.Join(' ', command)} failed ({process.ExitCode}): {await output}{await error}");
    }
}
