using System.Diagnostics;

namespace GridGovernance.Integration.Tests.Photos;

/// <summary>libvips' own tools as an independent judge of what the pipeline wrote (and to make large test images).</summary>
internal static class Vips
{
    public static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)}: {await stderr}");
        return await stdout;
    }

    /// <summary>Every metadata field vips sees in a file (vipsheader -a).</summary>
    public static Task<string> AllHeadersAsync(string path) => RunAsync("vipsheader", "-a", path);

    /// <summary>The pixel at (x, y) as band values.</summary>
    public static async Task<double[]> PixelAsync(string path, int x, int y) =>
        (await RunAsync("vips", "getpoint", path, x.ToString(), y.ToString()))
        .Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
