using GridGovernance.Domain.Cases;
using GridGovernance.Domain.Tests.DemoCounty;

namespace GridGovernance.Domain.Tests.Cases;

public class CaseLifecycleDocumentTests
{
    private static readonly string DocumentPath = RepositoryRoot.Combine("src/GridGovernance.Domain/Cases/LIFECYCLE.md");

    [Fact]
    public void Lifecycle_document_is_generated_from_the_state_machines_and_committed_up_to_date()
    {
        var generated = CaseLifecycleDocument.Markdown();
        if (Environment.GetEnvironmentVariable("GRIDGOV_UPDATE_DOCS") == "1") File.WriteAllText(DocumentPath, generated);

        File.ReadAllText(DocumentPath).ShouldBe(generated, "Cases/LIFECYCLE.md is stale: regenerate it (see its first lines).");
        generated.ShouldContain(CaseStateMachine.ToMermaid());
        generated.ShouldContain("| 待核查 | `pending_check` | 乡镇 | 核查通过结案（网格员、乡镇调度员）、核查不通过返工（网格员、乡镇调度员） |");
    }
}
