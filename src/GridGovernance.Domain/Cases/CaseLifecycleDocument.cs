using System.Text;
using GridGovernance.Domain.Accounts;

namespace GridGovernance.Domain.Cases;

/// <summary>
/// The lifecycle written out for people (Cases/LIFECYCLE.md, and the README's diagram): built from the same tables the
/// code decides with, so the document cannot drift — a test fails when the committed file differs.
/// </summary>
public static class CaseLifecycleDocument
{
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append("# 案件生命周期 / Case lifecycle\n\n");
        text.Append("Generated from `CaseStateMachine`, `WorkOrderStateMachine` and `CasePermissions` — do not edit by hand. ");
        text.Append("Regenerate: `GRIDGOV_UPDATE_DOCS=1 dotnet test tests/GridGovernance.Domain.Tests --filter Lifecycle_document`.\n\n");

        text.Append("## 案件 (case)\n\n```mermaid\n").Append(CaseStateMachine.ToMermaid()).Append("```\n\n");
        text.Append("| 状态 | code | 层级 | 可执行 (谁) |\n|---|---|---|---|\n");
        foreach (var state in CaseStates.All)
        {
            var actions = string.Join("、", CaseStateMachine.ActionsFrom(state).Select(a => $"{a.Chinese()}（{Who(a)}）"));
            var level = state.Level()?.Chinese() ?? "—";
            text.Append($"| {state.Chinese()} | `{state.Code()}` | {level} | {(actions.Length > 0 ? actions : "—")} |\n");
        }

        text.Append("\n## 工单 (one unit's work order)\n\n```mermaid\n").Append(WorkOrderStateMachine.ToMermaid()).Append("```\n\n");
        text.Append("| 动作 | code | 谁 |\n|---|---|---|\n");
        foreach (var action in WorkOrderActions.All)
            text.Append($"| {action.Chinese()} | `{action.Code()}` | {string.Join("、", CasePermissions.RolesFor(action).Select(r => r.Chinese()))} |\n");
        return text.ToString();
    }

    private static string Who(CaseAction action)
    {
        var who = CasePermissions.RolesFor(action).Select(r => r.Chinese()).ToList();
        if (CasePermissions.ResidentCaseActions.Contains(action)) who.Add("群众");
        if (CasePermissions.SystemCaseActions.Contains(action)) who.Add("系统");
        return string.Join("、", who);
    }
}
