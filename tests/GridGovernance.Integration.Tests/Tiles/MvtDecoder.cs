using System.Diagnostics;
using System.Text.Json;
using GridGovernance.Integration.Tests.Infrastructure;

namespace GridGovernance.Integration.Tests.Tiles;

public sealed record DecodedFeature(string Type, Dictionary<string, JsonElement> Properties, int[][][] Geometry)
{
    public string? Text(string property) => Properties.TryGetValue(property, out var value) ? value.ToString() : null;
}

public sealed record DecodedLayer(int Version, int Extent, List<DecodedFeature> Features);

public sealed record DecodedTile(Dictionary<string, DecodedLayer> Layers);

/// <summary>
/// Decodes tiles with the reference decoder (@mapbox/vector-tile + pbf under mvt-decoder/, run by Node), so the tests check
/// the bytes the way a map client reads them rather than trusting our own reading of our own output.
/// </summary>
public static class MvtDecoder
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static string DecoderDirectory =>
        Path.Combine(RepoPaths.Root, "tests", "GridGovernance.Integration.Tests", "Tiles", "mvt-decoder");

    public static async Task<DecodedTile> DecodeAsync(byte[] tile) => (await DecodeAsync([tile]))[0];

    public static async Task<IReadOnlyList<DecodedTile>> DecodeAsync(IReadOnlyList<byte[]> tiles)
    {
        await EnsureInstalledAsync();
        var directory = Directory.CreateTempSubdirectory("gridgov-mvt-");
        try
        {
            var paths = new List<string>();
            for (var i = 0; i < tiles.Count; i++)
            {
                var path = Path.Combine(directory.FullName, $"{i}.mvt");
                await File.WriteAllBytesAsync(path, tiles[i]);
                paths.Add(path);
            }
            var output = await RunAsync("node", ["decode.mjs", .. paths]);
            return JsonSerializer.Deserialize<List<DecodedTile>>(output, Json)!;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Installs the decoder's two packages (from its lock file) the first time it is needed on a machine.</summary>
    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            var stamp = Path.Combine(DecoderDirectory, "node_modules", ".package-lock.json");
            if (File.Exists(stamp) && File.GetLastWriteTimeUtc(stamp) >= File.GetLastWriteTimeUtc(Path.Combine(DecoderDirectory, "package-lock.json")))
                return;
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<string> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = DecoderDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await error}");
        return await output;
    }
}
