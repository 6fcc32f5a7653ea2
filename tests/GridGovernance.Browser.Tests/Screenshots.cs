using GridGovernance.Integration.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridGovernance.Browser.Tests;

/// <summary>
/// Screenshots go to tests/GridGovernance.Browser.Tests/screenshots/ (git-ignored) for a person to look at, and beside the
/// test binaries, where CI collects them.
/// </summary>
public static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name, bool fullPage = false)
    {
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = fullPage });
        await SaveBytesAsync(name + ".png", bytes);
    }

    /// <summary>Any file a person should look at (a printed PDF), in the same two places.</summary>
    public static async Task SaveBytesAsync(string fileName, byte[] bytes)
    {
        foreach (var directory in new[]
                 {
                     Path.Combine(RepoPaths.Root, "tests", "GridGovernance.Browser.Tests", "screenshots"),
                     Path.Combine(AppContext.BaseDirectory, "screenshots"),
                 })
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllBytesAsync(Path.Combine(directory, fileName), bytes);
        }
    }
}
