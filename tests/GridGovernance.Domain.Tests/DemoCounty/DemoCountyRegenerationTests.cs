using System.Security.Cryptography;
using GridGovernance.DemoCounty;
using GridGovernance.DemoCounty.Output;

namespace GridGovernance.Domain.Tests.DemoCounty;

public sealed class DemoCountyRegenerationTests
{
    [Fact]
    public void Regenerating_the_demo_county_reproduces_the_committed_files_byte_for_byte()
    {
        var output = Path.Combine(Path.GetTempPath(), "gridgov-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            DemoCountyFiles.Generate(RepositoryRoot.Combine(DemoCountyFiles.LingyunDivisions), output);

            Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal)
                .ShouldBe(TerritoryFiles.Names.Order(StringComparer.Ordinal));
            foreach (var name in TerritoryFiles.Names)
            {
                var committed = RepositoryRoot.Combine(Path.Combine(DemoCountyFiles.LingyunOutput, name));
                Sha256(Path.Combine(output, name)).ShouldBe(
                    Sha256(committed),
                    $"{name} differs from the committed file: run `dotnet run --project src/GridGovernance.Cli -- generate-demo --out geodata/lingyun` and commit the result if the change is intended.");
            }
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
