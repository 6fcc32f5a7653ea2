namespace GridGovernance.Integration.Tests.Infrastructure;

/// <summary>Paths inside the repository, found from the test binaries by walking up to GridGovernance.sln.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string DemoCounty => Path.Combine(Root, "geodata", "lingyun");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GridGovernance.sln"))) return dir.FullName;
        throw new InvalidOperationException("GridGovernance.sln not found above " + AppContext.BaseDirectory);
    }
}
