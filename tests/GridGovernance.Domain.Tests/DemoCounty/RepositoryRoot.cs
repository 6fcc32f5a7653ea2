namespace GridGovernance.Domain.Tests.DemoCounty;

/// <summary>The repository's root: the first directory above the test binaries holding GridGovernance.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "GridGovernance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("GridGovernance.sln not found above " + AppContext.BaseDirectory);
    }
}
