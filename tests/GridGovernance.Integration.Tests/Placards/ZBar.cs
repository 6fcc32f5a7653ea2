using System.Diagnostics;

namespace GridGovernance.Integration.Tests.Placards;

/// <summary>A real QR decoder (zbarimg, Debian's zbar-tools, installed by deploy/local/test.sh) reading what a phone would.</summary>
internal static class ZBar
{
    public static async Task<string> DecodeAsync(byte[] image, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gridgov-qr-{Guid.NewGuid():N}{extension}");
        await File.WriteAllBytesAsync(path, image);
        try
        {
            var start = new ProcessStartInfo("zbarimg") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path }) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stdout = await process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"zbarimg found no QR code (exit {process.ExitCode}): {stderr}");
            return stdout.Trim();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
